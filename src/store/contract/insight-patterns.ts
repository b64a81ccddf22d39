/** Contract cases: project patterns (migration 10): source reads after a watermark, guarded batch saves, merges, hours. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatternDelta } from '../insight-types.js';
import { type Backend, row, withProject } from './harness.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 25, 10);

const delta = (projectId: number, over: Partial<PatternDelta> = {}): PatternDelta => ({
  projectId, clusterId: 'c1', template: 'user <*> logged in', count: 2, firstSeen: T0, lastSeen: T0 + 1000,
  levels: { INFO: 2 }, services: ['api'], exampleIds: ['5', '4'], ...over,
});

export function insightPatternCases(b: Backend): void {
  test('insight patterns: logs after a watermark, by id, received by the bound (inclusive), limited', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs([
      row(projectId, { message: 'a', receivedAt: T0 }),
      row(projectId, { message: 'b', receivedAt: T0 + 1, level: 'ERROR', service: 'web' }),
      row(projectId, { message: 'c', receivedAt: T0 + 2 }),
      row(projectId, { message: 'd', receivedAt: T0 + 10_000 }),
    ]);
    // Inclusive: with no lag the job's bound is the current millisecond, and a log received in it is read.
    assert.deepEqual((await s.patternSourceAfter('0', T0 + 1, 10)).map((r) => r.message), ['a', 'b']);
    const all = await s.patternSourceAfter('0', T0 + 5_000, 10);
    assert.deepEqual(all.map((r) => r.message), ['a', 'b', 'c']);
    assert.equal(all[1]!.level, 'ERROR');
    assert.equal(all[1]!.service, 'web');
    assert.equal(all[1]!.projectId, projectId);
    assert.equal(typeof all[0]!.id, 'string');
    assert.ok(BigInt(all[0]!.id) < BigInt(all[1]!.id));
    assert.deepEqual((await s.patternSourceAfter(all[0]!.id, T0 + 5_000, 1)).map((r) => r.message), ['b']);
    assert.deepEqual((await s.patternSourceAfter(all[2]!.id, T0 + 20_000, 10)).map((r) => r.message), ['d']);
    // Ids in number order, not text order ("10" after "9"), across more than one digit.
    await s.insertLogs(Array.from({ length: 12 }, (_, i) => row(projectId, { message: `m${i}`, receivedAt: T0 })));
    const many = await s.patternSourceAfter('0', T0 + 20_000, 100);
    assert.deepEqual(many.map((r) => r.message), ['a', 'b', 'c', 'd', ...Array.from({ length: 12 }, (_, i) => `m${i}`)]);
    assert.deepEqual((await s.patternSourceAfter(many[8]!.id, T0 + 20_000, 100)).map((r) => r.message), many.slice(9).map((r) => r.message));
    // The upkeep's sample: ids that are multiples of `every`, and every ERROR (b) whatever its id.
    const sampled = many.filter((r) => BigInt(r.id) % 3n === 0n || r.level === 'ERROR').map((r) => r.message);
    assert.ok(sampled.includes('b') && sampled.length < many.length);
    assert.deepEqual((await s.patternSourceAfter('0', T0 + 20_000, 100, 3)).map((r) => r.message), sampled);
    assert.deepEqual((await s.patternSourceAfter('0', T0 + 20_000, 2, 3)).map((r) => r.message), sampled.slice(0, 2));
  });

  test('insight patterns: a batch saves only over the expected watermark; counts, levels, services, examples merge', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    assert.deepEqual(await s.patternProgress(), { watermark: '0', state: null });
    assert.equal(await s.savePatternBatch('7', { watermark: '9', state: '{}' }, [delta(projectId)], []), false);
    assert.deepEqual(await s.patternProgress(), { watermark: '0', state: null });
    assert.deepEqual(await s.listProjectPatterns(projectId, 10), []);

    const hours = [{ projectId, clusterId: 'c1', hour: T0, count: 2 }];
    assert.equal(await s.savePatternBatch('0', { watermark: '5', state: '{"a":1}' }, [delta(projectId), delta(projectId, { clusterId: 'c2', template: 'disk full', count: 1, levels: { ERROR: 1 }, exampleIds: ['3'] })], hours), true);
    assert.deepEqual(await s.patternProgress(), { watermark: '5', state: '{"a":1}' });
    const second = delta(projectId, {
      template: 'user <*> logged <*>', count: 3, firstSeen: T0 - H, lastSeen: T0 + H, levels: { INFO: 1, WARN: 2 }, services: ['web', 'api'], exampleIds: ['9', '8'],
    });
    assert.equal(await s.savePatternBatch('5', { watermark: '12', state: '{"a":2}' }, [second], [{ projectId, clusterId: 'c1', hour: T0, count: 3 }, { projectId, clusterId: 'c1', hour: T0 + H, count: 1 }]), true);
    const list = await s.listProjectPatterns(projectId, 10);
    assert.deepEqual(list.map((p) => [p.clusterId, p.count]), [['c1', 5], ['c2', 1]]);
    assert.deepEqual(list[0], {
      projectId, clusterId: 'c1', template: 'user <*> logged <*>', count: 5, firstSeen: T0 - H, lastSeen: T0 + H,
      levels: { INFO: 3, WARN: 2 }, services: ['api', 'web'], exampleIds: ['9', '8', '5'],
    });
    assert.deepEqual((await s.listProjectPatterns(projectId, 1)).map((p) => p.clusterId), ['c1']);
    assert.deepEqual(await s.patternHours(projectId, T0, T0 + 2 * H), [
      { projectId, clusterId: 'c1', hour: T0, count: 5 },
      { projectId, clusterId: 'c1', hour: T0 + H, count: 1 },
    ]);
    assert.deepEqual(await s.patternHours(projectId, T0 + H, T0 + 2 * H, ['c2']), []);
    const other = await withProject(s, 'other');
    assert.deepEqual(await s.listProjectPatterns(other.projectId, 10), []);
    assert.deepEqual(await s.patternHours(other.projectId, 0, T0 + 9 * H), []);

    // A batch that changed no tree saves state null: the watermark moves, the stored trees stay.
    assert.equal(await s.savePatternBatch('12', { watermark: '15', state: null }, [], []), true);
    assert.deepEqual(await s.patternProgress(), { watermark: '15', state: '{"a":2}' });
  });
}
