/** Contract cases: facet counts, top values of a field and context paths, checked against a plain model. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FacetCount, FacetField, TopValues } from '../explore-types.js';
import { LEVELS, type LogEntry, type LogFilter, type LogRow, type Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';
import { modelMatches, newestFirst } from './model.js';
import { parseQuery } from '../../search/index.js';

const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);
const ROUTES = ['/a', '/b', '/b', '/c', 200, 404, true, null, { deep: 1 }, [1, 2]];

/** 150 rows over two projects and ~2 days, at odd seconds so that ranges cut minutes apart. */
async function seed(s: Store): Promise<{ p1: number; p2: number; all: LogEntry[] }> {
  const { projectId: p1 } = await withProject(s, 'one');
  const { projectId: p2 } = await withProject(s, 'two');
  const rows: LogRow[] = [];
  for (let i = 0; i < 150; i++) {
    const route = ROUTES[i % ROUTES.length];
    const ctx: Record<string, unknown> = { n: i, http: { status: i % 3 === 0 ? 500 : '200', ...(i % 4 ? { route } : {}) }, ok: i % 2 === 0 };
    if (i % 5 === 0) ctx.a = { b: { c: { d: { e: 'deep' } } } };
    rows.push(row(i % 3 === 2 ? p2 : p1, {
      ts: T0 + i * 997_123, // about 16.6 minutes apart, never on a minute
      level: LEVELS[(i * 7) % LEVELS.length]!,
      service: ['api', 'worker', 'cron'][i % 3 === 2 ? i % 2 : i % 3]!,
      message: i % 4 === 0 ? 'payment failed' : 'request done',
      context: JSON.stringify(ctx),
      host: i % 6 === 0 ? null : `h${i % 4}`,
      version: `v${i}`,
    }));
  }
  await s.insertLogs(rows.filter((_, i) => i % 2 === 1));
  await s.insertLogs(rows.filter((_, i) => i % 2 === 0));
  const all = (await s.queryLogs({ projectIds: [p1, p2], limit: 1000 })).data;
  assert.equal(all.length, 150);
  return { p1, p2, all };
}

function modelCounts(all: LogEntry[], f: LogFilter): FacetCount[] {
  const acc = new Map<string, FacetCount>();
  for (const e of all.filter((x) => modelMatches(x, f))) {
    const key = `${e.projectId}/${e.service}/${e.level}`;
    const c = acc.get(key) ?? { projectId: e.projectId, service: e.service, level: e.level, count: 0 };
    c.count++;
    acc.set(key, c);
  }
  return sortCounts([...acc.values()]);
}

const sortCounts = (c: FacetCount[]) =>
  [...c].sort((a, b) => a.projectId - b.projectId || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0) || LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));

function valueOf(e: LogEntry, field: FacetField): unknown {
  if ('column' in field) return field.column === 'host' ? e.host : field.column === 'version' ? e.version : null;
  let v: unknown = e.context;
  for (const k of field.context.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function modelTop(all: LogEntry[], f: LogFilter, field: FacetField, limit: number, sample: number): TopValues {
  const rows = all.filter((x) => modelMatches(x, f)).sort(newestFirst).slice(0, sample);
  const out: TopValues = { values: [], missing: 0, other: 0, scanned: rows.length };
  const counts = new Map<string, number>();
  for (const e of rows) {
    const v = valueOf(e, field);
    if (v === undefined || v === null) out.missing++;
    else if (typeof v === 'object') out.other++;
    else {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  out.values = [...counts].map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
  if (!rows.length) return { values: [], missing: 0, other: 0, scanned: 0 };
  return out;
}

export function facetCases(b: Backend): void {
  test('facetCounts: per (project, service, level), exact, whether rollups or rows answer', async () => {
    const s = await b.fresh();
    const { p1, p2, all } = await seed(s);
    const cases: Array<[string, LogFilter]> = [
      ['everything', { projectIds: [p1, p2] }],
      ['one project', { projectIds: [p2] }],
      ['range cutting minutes', { projectIds: [p1, p2], from: T0 + 3_333_333, to: T0 + 100_000_001 }],
      ['services and levels', { projectIds: [p1, p2], services: ['api', 'cron'], levels: ['ERROR', 'INFO', 'FATAL'] }],
      ['context (rows only)', { projectIds: [p1, p2], context: { 'http.status': '500' } }],
      ['text (rows only)', { projectIds: [p1, p2], query: parseQuery('payment'), from: T0 + 60_000 }],
      ['nothing', { projectIds: [p1], services: ['nope'] }],
    ];
    for (const [label, f] of cases) assert.deepEqual(sortCounts(await s.facetCounts(f)), modelCounts(all, f), label);
  });

  test('topValues: the newest matching rows, values as text, missing/null and objects apart', async () => {
    const s = await b.fresh();
    const { p1, p2, all } = await seed(s);
    const both = { projectIds: [p1, p2] };
    const cases: Array<[string, LogFilter, FacetField, number, number]> = [
      ['context string/number/bool/null/object/array', both, { context: 'http.route' }, 10, 100_000],
      ['top 2 only', both, { context: 'http.route' }, 2, 100_000],
      ['sampled: the newest 17 across projects', both, { context: 'http.route' }, 10, 17],
      ['numbers and strings of the same text together', both, { context: 'http.status' }, 10, 100_000],
      ['booleans', { projectIds: [p2] }, { context: 'ok' }, 10, 100_000],
      ['column with nulls', { ...both, levels: ['INFO', 'WARN'] }, { column: 'host' }, 3, 100_000],
      ['under a context filter and a range', { ...both, context: { ok: 'true' }, from: T0 + 10_000_000 }, { context: 'http.route' }, 10, 23],
      ['under text', { ...both, query: parseQuery('payment') }, { column: 'version' }, 5, 100_000],
      ['a missing path', both, { context: 'nope.x' }, 10, 100_000],
      ['nothing matches', { projectIds: [p1], services: ['nope'] }, { context: 'http.route' }, 10, 100_000],
    ];
    for (const [label, f, field, limit, sample] of cases) {
      assert.deepEqual(await s.topValues(f, field, limit, sample), modelTop(all, f, field, limit, sample), label);
    }
  });

  test('topValues: context keys are literal (__proto__, constructor, - @ $)', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs([
      row(projectId, { context: '{"__proto__":{"x":"p"},"a-b@$":"q"}' }),
      row(projectId, { context: '{"constructor":"c"}', ts: T0 + 1 }),
    ]);
    const f = { projectIds: [projectId] };
    assert.deepEqual((await s.topValues(f, { context: '__proto__.x' }, 10, 10)).values, [{ value: 'p', count: 1 }]);
    assert.deepEqual((await s.topValues(f, { context: 'a-b@$' }, 10, 10)).values, [{ value: 'q', count: 1 }]);
    assert.deepEqual((await s.topValues(f, { context: 'constructor' }, 10, 10)).values, [{ value: 'c', count: 1 }]);
  });

  test('contextFields: paths of the newest rows to a depth, with types and counts', async () => {
    const s = await b.fresh();
    const { p1, p2 } = await seed(s);
    const { fields, scanned } = await s.contextFields({ projectIds: [p1, p2] }, 100_000, 4, 100);
    assert.equal(scanned, 150);
    const got = new Map(fields.map((f) => [`${f.path.join('.')}:${f.type}`, f.count]));
    assert.equal(got.get('n:number'), 150);
    assert.equal(got.get('ok:boolean'), 150);
    assert.equal(got.get('http.status:number'), 50);
    assert.equal(got.get('http.status:string'), 100);
    // route is present in 3 of 4 rows: ROUTES[i % 10] over i % 4 !== 0.
    const routes = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 4 !== 0).map((i) => ROUTES[i % ROUTES.length]);
    assert.equal(got.get('http.route:string'), routes.filter((r) => typeof r === 'string').length);
    assert.equal(got.get('http.route:null'), routes.filter((r) => r === null).length);
    assert.equal(got.get('http.route:array'), routes.filter(Array.isArray).length);
    assert.equal(got.get('http.route.deep:number'), routes.filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r)).length);
    assert.equal(got.get('a.b.c.d:object'), 30, 'an object at the depth limit stays an object');
    assert.equal(got.has('http:object'), false, 'objects above the limit are descended, not listed');
    assert.equal(got.has('a.b.c.d.e:string'), false);
    assert.ok(fields.every((f, i) => i === 0 || fields[i - 1]!.count >= f.count), 'most frequent first');
    // Sampled: only the newest 10 rows of p2 (ids 2, 5, 8, ... from the end).
    const newest = await s.contextFields({ projectIds: [p2] }, 10, 2, 100);
    assert.equal(newest.scanned, 10);
    assert.ok(newest.fields.every((f) => f.path.length <= 2 && f.count <= 10));
    assert.equal(newest.fields.find((f) => f.path.join('.') === 'a.b')?.type, 'object');
    assert.equal((await s.contextFields({ projectIds: [p1, p2] }, 100, 4, 3)).fields.length, 3, 'limit');
    assert.deepEqual(await s.contextFields({ projectIds: [p1], services: ['nope'] }, 100, 4, 10), { fields: [], scanned: 0 });
  });
}
