/**
 * Contract cases: the performance aggregates (src/perf) on each store. Rows written in many small concurrent
 * commits must read back the same as one commit of them all, whether a range is read from hours plus edge
 * minutes, from minutes only, or per day; quantiles of the merged sketch are within the stated accuracy of
 * an exact sort; filters; retention removes a day's aggregates with its logs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogRow, Store } from '../types.js';
import type { PerfRow } from '../perf-types.js';
import { type Backend, row, withProject } from './harness.js';
import { accOf, groupRows } from '../../perf/stats.js';
import { quantiles, RELATIVE_ACCURACY } from '../../perf/sketch.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 23, 22, 30); // 90 minutes before a day ends: minutes, hours and days all cut
const SPAN = 2 * DAY;
const ROUTES = ['/orders/:id', '/search', '/carts/:id'];

function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

/** Request logs over two days: three routes, two versions, two environments, lognormal durations. */
function requests(projectId: number, n: number): Array<LogRow & { ms: number }> {
  const r = rng(11);
  return Array.from({ length: n }, (_, i) => {
    const ms = Math.exp(3 + 1.2 * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r()));
    const route = ROUTES[i % 3]!;
    const status = r() < 0.05 ? 503 : 200;
    return {
      ...row(projectId, {
        ts: START + Math.floor(r() * SPAN), level: r() < 0.02 ? 'ERROR' : 'INFO', message: 'request',
        service: i % 5 ? 'api' : 'web', version: i % 2 ? '1.1' : '1.0', environment: i % 7 ? 'prod' : 'staging',
        context: JSON.stringify({ http: { method: 'GET', route, status, duration_ms: ms } }),
        perf: { kind: 'http', route, method: 'GET', status, durationMs: ms },
      }),
      ms,
    };
  });
}

/** Rows summed per series: what any read must agree on. */
function bySeries(rows: PerfRow[]) {
  const out: Record<string, { n: number; errors: number; sumMs: number; sketch: Record<string, number> }> = {};
  for (const [k, acc] of groupRows(rows, (r) => `${r.service}|${r.kind}|${r.route}|${r.method}|${r.version}|${r.environment}`)) {
    out[k] = { n: acc.n, errors: acc.errors, sumMs: Math.round(acc.sumMs * 1e6) / 1e6, sketch: Object.fromEntries(Object.entries(acc.sketch).sort()) };
  }
  return out;
}

export function perfCases(backend: Backend): void {
  test(`perf aggregates: many concurrent commits read as one; hours + minutes = minutes only = days`, async () => {
    const one: Store = await backend.fresh();
    const many: Store = await backend.fresh();
    const { projectId: p1 } = await withProject(one, 'perf');
    const { projectId: p2 } = await withProject(many, 'perf');
    const logs = requests(p1, 3000);
    await one.insertLogs(logs.map(({ ms: _ms, ...r }) => r));
    const mine = logs.map(({ ms: _ms, ...r }) => ({ ...r, projectId: p2 }));
    // Small batches, eight commits in flight at a time: the upserts merge into rows other commits wrote.
    for (let i = 0; i < mine.length; i += 400) {
      await Promise.all(Array.from({ length: 8 }, (_, j) => mine.slice(i + j * 50, i + (j + 1) * 50)).filter((b) => b.length)
        .map((b) => many.commitBatches([{ rows: b }])));
    }
    const from = START - (START % 60_000), to = START + SPAN + 60_000;
    const whole = bySeries(await one.perfRows({ projectId: p1, from, to }));
    assert.equal(Object.values(whole).reduce((n, s) => n + s.n, 0), 3000);
    assert.deepEqual(bySeries(await many.perfRows({ projectId: p2, from, to })), whole, 'many commits = one');
    assert.deepEqual(bySeries(await one.perfRows({ projectId: p1, from, to, minutesOnly: true })), whole, 'minutes only = hours + edges');
    const days: PerfRow[] = [];
    for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) days.push(...(await many.perfRows({ projectId: p2, from: d, to: d + DAY })));
    assert.deepEqual(bySeries(days), whole, 'day by day = the whole range');
    const hourRows = await one.perfRows({ projectId: p1, from, to });
    assert.ok(hourRows.some((r) => r.grainMs === 3_600_000) && hourRows.some((r) => r.grainMs === 60_000), 'both grains read');

    // Accuracy vs an exact sort, on a sub-range read from both grains.
    const a = START + 3_600_000 * 5 + 17 * 60_000, b = a + 20 * 3_600_000;
    const exactMs = logs.filter((l) => l.ts >= a && l.ts < b && l.perf!.route === '/search').map((l) => l.ms).sort((x, y) => x - y);
    const acc = accOf(await many.perfRows({ projectId: p2, from: a, to: b, route: '/search' }));
    assert.equal(acc.n, exactMs.length);
    const qs = [0.5, 0.9, 0.95, 0.99];
    quantiles(acc.sketch, qs).forEach((got, i) => {
      const want = exactMs[Math.floor(qs[i]! * (exactMs.length - 1))]!;
      assert.ok(Math.abs(got! - want) <= want * RELATIVE_ACCURACY, `q${qs[i]}: ${got} vs exact ${want}`);
    });
    assert.equal(acc.errors, logs.filter((l) => l.ts >= a && l.ts < b && l.perf!.route === '/search' && (l.perf!.status! >= 500 || l.level === 'ERROR')).length);

    // Filters.
    const staging = await one.perfRows({ projectId: p1, from, to, service: 'web', environment: 'staging', versions: ['1.0'] });
    assert.ok(staging.length > 0);
    assert.ok(staging.every((r) => r.service === 'web' && r.environment === 'staging' && r.version === '1.0'));
    assert.equal(accOf(staging).n, logs.filter((l) => l.service === 'web' && l.environment === 'staging' && l.version === '1.0').length);
  });

  test(`perf aggregates: rows without timing add nothing; retention deletes a day's aggregates with its logs`, async () => {
    const s: Store = await backend.fresh();
    const { projectId } = await withProject(s, 'perf-ret');
    const { projectId: other } = await withProject(s, 'perf-other');
    const day = Math.floor(START / DAY);
    const at = (d: number, p: number, ms: number): LogRow => row(p, {
      ts: d * DAY + 3_600_000 * 10, perf: { kind: 'operation', route: 'job', method: null, status: null, durationMs: ms },
    });
    await s.insertLogs([at(day, projectId, 5), at(day + 1, projectId, 6), at(day, other, 7), row(projectId, { ts: day * DAY + 1 })]);
    const read = async (p: number) => accOf(await s.perfRows({ projectId: p, from: day * DAY, to: (day + 2) * DAY })).n;
    assert.equal(await read(projectId), 2);
    await s.deleteProjectDay(projectId, day, 100);
    assert.equal(await read(projectId), 1, 'the day is gone, the next day stays');
    assert.equal(await read(other), 1, 'other projects keep theirs');
    assert.equal((await s.perfRows({ projectId, from: day * DAY, to: (day + 1) * DAY, minutesOnly: true })).length, 0);

    const updated = await s.updateProject(projectId, { apdexThresholdMs: 300 });
    assert.equal(updated?.apdexThresholdMs, 300);
    assert.equal((await s.updateProject(projectId, { name: 'x' }))?.apdexThresholdMs, 300);
    assert.equal((await s.updateProject(projectId, { apdexThresholdMs: null }))?.apdexThresholdMs, null);
  });

  test(`perf aggregates: commits whose rows all fall in one minute add the same deltas to that minute and its hour`, async () => {
    const s: Store = await backend.fresh();
    const { projectId } = await withProject(s, 'perf-minute');
    const minute = START + 7 * 60_000;
    const logs = requests(projectId, 600).map(({ ms: _ms, ...r }, i) => ({ ...r, ts: minute + (i % 60_000) }));
    for (let i = 0; i < logs.length; i += 200) await s.commitBatches([{ rows: logs.slice(i, i + 200) }]);
    const hour = minute - (minute % 3_600_000);
    const hours = await s.perfRows({ projectId, from: hour, to: hour + 3_600_000 });
    assert.ok(hours.length > 0 && hours.every((r) => r.grainMs === 3_600_000), 'a whole hour reads its hour rows');
    const minutes = await s.perfRows({ projectId, from: hour, to: hour + 3_600_000, minutesOnly: true });
    assert.ok(minutes.every((r) => r.grainMs === 60_000 && r.t === minute));
    assert.deepEqual(bySeries(hours), bySeries(minutes));
    assert.equal(accOf(hours).n, 600);
  });
}
