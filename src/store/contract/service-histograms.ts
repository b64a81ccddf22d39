/**
 * Contract cases: `serviceHistograms`, the anomaly scan's one grouped read, gives for every service exactly
 * what one `histogram` call per service and range gave (the scan's former plan), on whole and partial
 * minutes, over several days and several ranges, for aligned and unaligned intervals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEVELS, type HistogramBucket, type Level, type LogRow, type Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function serviceHistogramCases(b: Backend): void {
  test('serviceHistograms: one histogram per service with logs, by name, each equal to histogram() of that service', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    const rand = rng(17);
    const services = ['api', 'worker', 'Zeta', 'mailer', 'svc-é'];
    const rows: LogRow[] = [];
    // 3 days before T0 up to 2 h after it, at millisecond times (partial minutes at any edge).
    for (let i = 0; i < 1500; i++) {
      const ts = T0 - 3 * DAY + Math.floor(rand() * (3 * DAY + 2 * 3_600_000));
      rows.push(row(projectId, { ts, receivedAt: ts, service: services[Math.floor(rand() ** 2 * services.length)]!, level: LEVELS[Math.floor(rand() * LEVELS.length)]! }));
    }
    rows.push(row(other, { ts: T0 + 5, service: 'other-only' }));
    await s.insertLogs(rows);

    const one = (from: number, to: number) => [{ from, to }];
    const cases: Array<Array<{ from: number; to: number }>> = [
      one(T0 - 3 * DAY, T0 + 2 * 3_600_000), // whole minutes only: all from the rollups
      one(T0 - 2 * DAY + 12_345, T0 + 3_600_000 + 777), // partial minutes at both edges
      one(T0 + 10_000, T0 + 50_000), // inside one minute: rows only
      // The anomaly scan's shape: the judged hour (and the 2 h before) and the same hour on earlier days;
      // out of order, one range overlapping another (its rows count once), one partial minute.
      [{ from: T0 - 2 * 3_600_000, to: T0 + 3_600_000 }, { from: T0 - 2 * DAY, to: T0 - 2 * DAY + 3_600_000 }, { from: T0 - DAY, to: T0 - DAY + 3_600_000 },
        { from: T0 - DAY + 1_800_000, to: T0 - DAY + 5_400_000 + 30_000 }],
    ];
    for (const ranges of cases) {
      for (const interval of [5 * MIN, 3_600_000, 7 * MIN, 45_000]) {
        const grouped = await s.serviceHistograms({ projectIds: [projectId], ranges }, interval);
        const expected = [];
        for (const service of [...services].sort((x, y) => (x < y ? -1 : 1))) {
          const buckets = await perService(s, projectId, service, ranges, interval);
          if (buckets.length) expected.push({ service, buckets });
        }
        assert.deepEqual(grouped, expected, `ranges ${JSON.stringify(ranges)}, interval ${interval}`);
      }
    }
    // Narrowed to some services; a service without logs is absent; no project, no range: nothing.
    const f = { projectIds: [projectId], services: ['worker', 'api', 'nope'], ranges: one(T0 - DAY, T0) };
    const grouped = await s.serviceHistograms(f, 5 * MIN);
    assert.deepEqual(grouped.map((h) => h.service), ['api', 'worker']);
    assert.deepEqual(grouped[1]!.buckets, await s.histogram({ projectIds: [projectId], services: ['worker'], from: T0 - DAY, to: T0 }, 5 * MIN));
    assert.ok(grouped[0]!.buckets.length > 10);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [], ranges: one(T0 - DAY, T0) }, MIN), []);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [projectId], ranges: [] }, MIN), []);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [projectId], ranges: one(T0, T0) }, MIN), []);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [other], ranges: one(T0, T0 + MIN) }, MIN), [
      { service: 'other-only', buckets: [{ ts: T0, counts: { INFO: 1 } }] },
    ]);
  });
}

/** The former plan: one `histogram` per service and range (overlaps cut off), summed by bucket. */
async function perService(s: Store, projectId: number, service: string, ranges: Array<{ from: number; to: number }>, interval: number): Promise<HistogramBucket[]> {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const byTs = new Map<number, Partial<Record<Level, number>>>();
  let done = -Infinity;
  for (const r of sorted) {
    const from = Math.max(r.from, done);
    done = Math.max(done, r.to);
    if (from >= r.to) continue;
    for (const b of await s.histogram({ projectIds: [projectId], services: [service], from, to: r.to }, interval)) {
      const counts = byTs.get(b.ts) ?? {};
      for (const [level, n] of Object.entries(b.counts) as Array<[Level, number]>) counts[level] = (counts[level] ?? 0) + n;
      byTs.set(b.ts, counts);
    }
  }
  return [...byTs].sort((a, b) => a[0] - b[0]).map(([ts, counts]) => ({ ts, counts }));
}
