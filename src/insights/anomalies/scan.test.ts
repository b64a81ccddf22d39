/** scanAnomalies on a real SQLite store: a top pattern's hourly spike (from the upkeep's hour table) is reported with its pattern id. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sqliteBackend, withProject } from '../../store/contract/harness.js';
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
