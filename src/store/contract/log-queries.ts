/** Contract cases: queryLogs / countLogs filters, keyset pagination, text and context semantics. */
import { parseQuery } from '../../search/index.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEVELS, type LogEntry, type LogFilter, type LogRow, type Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';
import { modelMatches, newestFirst } from './model.js';

const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);
const MESSAGES = [
  'GET /api/users/42 returned 500', 'db.query failed: timeout after 30s', 'User login succeeded',
  'Connection refused ECONNREFUSED', 'users_api cache miss', 'Überweisung fehlgeschlagen', 'worker started',
  'Café naïve résumé',
];
const SERVICES = ['api', 'worker', 'billing'];

/** 120 rows over two projects and two days, with repeated timestamps (ties broken by id). */
async function seed(s: Store): Promise<{ p1: number; p2: number; all: LogEntry[] }> {
  const { projectId: p1 } = await withProject(s, 'one');
  const { projectId: p2 } = await withProject(s, 'two');
  const rows: LogRow[] = [];
  for (let i = 0; i < 120; i++) {
    rows.push(row(i % 4 === 3 ? p2 : p1, {
      ts: T0 + Math.floor(i / 3) * 3_600_000, // three rows per hour: ties on ts
      level: LEVELS[i % LEVELS.length]!,
      service: SERVICES[i % SERVICES.length]!,
      message: MESSAGES[i % MESSAGES.length]!,
      context: JSON.stringify({ user_id: i % 5 === 0 ? 123 : i % 5 === 1 ? '123' : i, region: i % 2 ? 'eu' : 'us', req: { ok: i % 3 === 0 } }),
      version: `r${i}`,
    }));
  }
  // Two commits, so that ids are not in ts order within a day.
  await s.insertLogs(rows.filter((_, i) => i % 2 === 1));
  await s.insertLogs(rows.filter((_, i) => i % 2 === 0));
  const all = (await s.queryLogs({ projectIds: [p1, p2], limit: 1000 })).data;
  assert.equal(all.length, 120);
  return { p1, p2, all };
}

async function check(s: Store, all: LogEntry[], f: LogFilter, label: string): Promise<void> {
  const expected = all.filter((e) => modelMatches(e, f)).sort(newestFirst).map((e) => e.version);
  const page = await s.queryLogs({ ...f, limit: 1000 });
  assert.deepEqual(page.data.map((e) => e.version), expected, `queryLogs ${label}`);
  assert.equal(page.next, null);
  assert.equal(await s.countLogs(f), expected.length, `countLogs ${label}`);
}

export function logQueryCases(b: Backend): void {
  test('queryLogs: newest first by (ts, id); each filter alone and combined matches the model', async () => {
    const s = await b.fresh();
    const { p1, p2, all } = await seed(s);
    for (let i = 1; i < all.length; i++) assert.ok(newestFirst(all[i - 1]!, all[i]!) < 0, 'ordered by ts desc, id desc');
    const cases: Array<[string, LogFilter]> = [
      ['project', { projectIds: [p2] }],
      ['service', { projectIds: [p1, p2], services: ['worker'] }],
      ['services', { projectIds: [p1, p2], services: ['worker', 'billing'] }],
      ['levels', { projectIds: [p1, p2], levels: ['ERROR', 'FATAL'] }],
      ['from', { projectIds: [p1, p2], from: T0 + 20 * 3_600_000 }],
      ['to', { projectIds: [p1, p2], to: T0 + 20 * 3_600_000 }],
      ['context', { projectIds: [p1, p2], context: { user_id: '123' } }],
      ['nested context', { projectIds: [p1, p2], context: { 'req.ok': 'true' } }],
      ['text', { projectIds: [p1, p2], query: parseQuery('users') }],
      ['query', { projectIds: [p1, p2], query: parseQuery('(level:>=warn OR -service:api) ctx.user_id:123 -has:ctx.nope') }],
      ['combined', {
        projectIds: [p1], services: ['api', 'worker'], levels: ['INFO', 'WARN', 'ERROR', 'TRACE'],
        from: T0 + 3 * 3_600_000, to: T0 + 30 * 3_600_000, context: { region: 'us' }, query: parseQuery('user*'),
      }],
      ['nothing', { projectIds: [p1], services: ['nope'] }],
    ];
    for (const [label, f] of cases) await check(s, all, f, label);
    assert.equal(await s.countLogs({ projectIds: [p1, p2] }), 120);
  });

  test('queryLogs: the cursor walks every row exactly once while new rows arrive', async () => {
    const s = await b.fresh();
    const { p1, p2, all } = await seed(s);
    const filter: LogFilter = { projectIds: [p1, p2] };
    const seen: string[] = [];
    let cursor: LogEntry | undefined;
    let next = (await s.queryLogs({ ...filter, limit: 7 }));
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 100, 'pagination terminates');
      seen.push(...next.data.map((e) => e.id));
      cursor = next.data[next.data.length - 1];
      if (!next.next) break;
      assert.deepEqual(next.next, { ts: Date.parse(cursor!.timestamp), id: cursor!.id });
      // Arrivals between pages: newer rows, and rows tied with the cursor's ts (larger ids) must not show up.
      await s.insertLogs([row(p1, { ts: T0 + 100 * 3_600_000, version: 'late' }), row(p2, { ts: next.next.ts, version: 'tie' })]);
      next = await s.queryLogs({ ...filter, limit: 7, cursor: next.next });
    }
    assert.deepEqual(seen, all.map((e) => e.id));
    assert.equal(new Set(seen).size, 120);
  });

  test('queryLogs: a page filled exactly has a next cursor; the page after it is empty with none', async () => {
    const s = await b.fresh();
    const { p2 } = await seed(s);
    const full = await s.queryLogs({ projectIds: [p2], limit: 30 });
    assert.equal(full.data.length, 30);
    assert.notEqual(full.next, null);
    const after = await s.queryLogs({ projectIds: [p2], limit: 30, cursor: full.next! });
    assert.deepEqual(after, { data: [], next: null });
  });

  test('text: words are whole tokens, case-insensitive, `*` makes the last a prefix; punctuated words are phrases', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs(MESSAGES.map((message, i) => row(projectId, { message, ts: T0 + i, version: `m${i}` })));
    const find = async (q: string) =>
      (await s.queryLogs({ projectIds: [projectId], query: parseQuery(q), limit: 100 })).data.map((e) => e.version).sort();
    const cases: Array<[string, string[]]> = [
      ['api', ['m0', 'm4']],
      ['/api/users', ['m0']],
      ['/api/us', []],
      ['/api/us*', ['m0']],
      ['api/users/42', ['m0']],
      ['users/api', ['m4']],
      ['db.query', ['m1']],
      ['"db query failed"', ['m1']],
      ['db.q*', ['m1']],
      ['DB QUERY', ['m1']],
      ['USER', ['m2']],
      ['USER*', ['m0', 'm2', 'm4']],
      ['sers*', []],
      ['econnref', []],
      ['econnref*', ['m3']],
      ['login user', ['m2']],
      ['login nope', []],
      ['login OR nope', ['m2']],
      ['user* -login', ['m0', 'm4']],
      ['500 get', ['m0']],
      ['30', []],
      ['30*', ['m1']],
      ['über*', ['m5']],
      ['ÜBERWEISUNG', ['m5']],
      ['CAFÉ', ['m7']],
      ['cafe', []], // case folds, accents do not: "cafe" is another word than "café"
      ['naïve résumé', ['m7']],
      ['query.db', []],
      ['"\'; DROP TABLE logs; --"', []],
      ['"a:b|c&!d (x)"', []],
    ];
    cases.push(['   ', MESSAGES.map((_, i) => `m${i}`)]); // the empty query matches everything
    // Rows must be found the same way at once and later (a backend may index text in the background).
    const mismatches: string[] = [];
    for (const when of ['right after the insert', 'after a pause']) {
      if (when === 'after a pause') await new Promise((r) => setTimeout(r, 500));
      for (const [q, expected] of cases) {
        const actual = await find(q);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          mismatches.push(`${when}: query ${JSON.stringify(q)} found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
        }
      }
    }
    assert.deepEqual(mismatches, []);
  });

  test('context: values compared as text (strings by content, numbers as JSON, booleans)', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const contexts = [
      { user_id: 123, code: 'E1', ok: true, ratio: 1.5, nested: { a: { b: 'v' } } },
      { user_id: '123', ok: false, nested: { a: { b: 'w' } } },
      { user_id: 1234, code: 'E2', ratio: 2 },
      {},
    ];
    await s.insertLogs(contexts.map((c, i) => row(projectId, { context: JSON.stringify(c), ts: T0 + i, version: `c${i}` })));
    const find = async (context: Record<string, string>) =>
      (await s.queryLogs({ projectIds: [projectId], context, limit: 100 })).data.map((e) => e.version).sort();
    assert.deepEqual(await find({ user_id: '123' }), ['c0', 'c1']);
    assert.deepEqual(await find({ user_id: '12' }), []);
    assert.deepEqual(await find({ ok: 'true' }), ['c0']);
    assert.deepEqual(await find({ ok: 'false' }), ['c1']);
    assert.deepEqual(await find({ ratio: '1.5' }), ['c0']);
    assert.deepEqual(await find({ ratio: '2' }), ['c2']);
    assert.deepEqual(await find({ 'nested.a.b': 'v' }), ['c0']);
    assert.deepEqual(await find({ code: 'E1', user_id: '123' }), ['c0']);
    assert.deepEqual(await find({ code: 'E2', user_id: '123' }), []);
    assert.deepEqual(await find({ missing: 'x' }), []);
    assert.equal(await s.countLogs({ projectIds: [projectId], context: { 'nested.a.b': 'w' } }), 1);
  });
}
