/**
 * Contract cases: `serviceHistograms`, the anomaly scan's one grouped read, gives for every service exactly
 * what one `histogram` call per service gave (the scan's former plan), on whole and partial minutes, over
 * several days, for aligned and unaligned intervals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEVELS, type LogRow } from '../types.js';
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

    const ranges: Array<[number, number]> = [
      [T0 - 3 * DAY, T0 + 2 * 3_600_000], // whole minutes only: all from the rollups
      [T0 - 2 * DAY + 12_345, T0 + 3_600_000 + 777], // partial minutes at both edges
      [T0 + 10_000, T0 + 50_000], // inside one minute: rows only
    ];
    for (const [from, to] of ranges) {
      for (const interval of [5 * MIN, 3_600_000, 7 * MIN, 45_000]) {
        const grouped = await s.serviceHistograms({ projectIds: [projectId], from, to }, interval);
        const expected = [];
        for (const service of [...services].sort((x, y) => (x < y ? -1 : 1))) {
          const buckets = await s.histogram({ projectIds: [projectId], services: [service], from, to }, interval);
          if (buckets.length) expected.push({ service, buckets });
        }
        assert.deepEqual(grouped, expected, `range ${from}..${to}, interval ${interval}`);
      }
    }
    // Narrowed to some services; a service without logs is absent; no project, no range: nothing.
    const f = { projectIds: [projectId], services: ['worker', 'api', 'nope'], from: T0 - DAY, to: T0 };
    const grouped = await s.serviceHistograms(f, 5 * MIN);
    assert.deepEqual(grouped.map((h) => h.service), ['api', 'worker']);
    assert.deepEqual(grouped[1]!.buckets, await s.histogram({ ...f, services: ['worker'] }, 5 * MIN));
    assert.ok(grouped[0]!.buckets.length > 10);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [], from: T0 - DAY, to: T0 }, MIN), []);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [projectId], from: T0, to: T0 }, MIN), []);
    assert.deepEqual(await s.serviceHistograms({ projectIds: [other], from: T0, to: T0 + MIN }, MIN), [
      { service: 'other-only', buckets: [{ ts: T0, counts: { INFO: 1 } }] },
    ]);
  });
}
