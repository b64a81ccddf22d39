/** scanAnomalies on a real SQLite store: a top pattern's hourly spike (from the upkeep's hour table) is reported with its pattern id. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { row, sqliteBackend, withProject } from '../../store/contract/harness.js';
import { patternId } from '../patterns/pattern-id.js';
import { scanAnomalies } from './scan.js';

const H = 3_600_000;
const backend = sqliteBackend();
after(() => backend.cleanup());

test('a pattern spike in the hour table is an anomaly with pattern_id; a steady pattern is not', async () => {
  const s = await backend.fresh();
  const { projectId } = await withProject(s);
  const now = Math.floor(Date.now() / H) * H;
  const hours = [];
  for (let h = now - 30 * H; h < now; h += H) {
    hours.push({ projectId, clusterId: 'c1', hour: h, count: h === now - 2 * H ? 900 : 100 + ((h / H) % 3) });
    hours.push({ projectId, clusterId: 'c2', hour: h, count: 50 });
  }
  const delta = (clusterId: string, template: string, count: number) => ({
    projectId, clusterId, template, count, firstSeen: now - 30 * H, lastSeen: now - 1, levels: { ERROR: count }, services: ['api'], exampleIds: [],
  });
  assert.ok(await s.savePatternBatch('0', { watermark: '1', state: null }, [delta('c1', 'timeout calling <*>', 4000), delta('c2', 'ok <*>', 1500)], hours));
  const found = await scanAnomalies(s, projectId, { from: now - 6 * H, to: now });
  const byPattern = found.filter((a) => a.patternId !== null);
  assert.equal(byPattern.length, 1, JSON.stringify(found));
  assert.equal(byPattern[0]!.patternId, patternId('timeout calling <*>'));
  assert.equal(byPattern[0]!.kind, 'spike');
  assert.equal(byPattern[0]!.from, now - 2 * H);
  assert.equal(byPattern[0]!.service, 'api');
  assert.equal(byPattern[0]!.observed, 900);
  await s.close();
});

test('a service spike is judged against the same hour of earlier days (read apart from the rest of the week); a steady service raises nothing', async () => {
  const s = await backend.fresh();
  const { projectId } = await withProject(s);
  const M = 60_000;
  const D = 86_400_000;
  const now = Math.floor(Date.now() / H) * H;
  const rows = [];
  // 5 days, 4 logs a minute per service, twice that in the hour before `now` on every day (a daily peak); the
  // last 10 minutes of api at 10x. The peak hour is normal: only the seasonal baseline (same hour on the days
  // before, which the scan reads apart) knows it, the rolling one (the hour before) would call it a shift.
  for (let m = now - 5 * D; m < now; m += M) {
    const peak = (m % D) >= ((now - H) % D) && (m % D) < (now % D || D);
    for (const service of ['api', 'worker']) {
      const n = 4 * (peak ? 2 : 1) * (service === 'api' && m >= now - 10 * M ? 10 : 1);
      for (let i = 0; i < n; i++) rows.push(row(projectId, { ts: m + Math.floor((i * M) / n), service }));
    }
  }
  await s.insertLogs(rows);
  const found = await scanAnomalies(s, projectId, { from: now - H, to: now }, { patterns: 0 });
  assert.deepEqual(found.map((a) => [a.service, a.metric, a.kind, a.baseline, a.from]), [['api', 'volume', 'spike', 'seasonal', now - 10 * M]], JSON.stringify(found));
  assert.equal(found[0]!.expected, 40);
  assert.equal(found[0]!.observed, 400);
  await s.close();
});
