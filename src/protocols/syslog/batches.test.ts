import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Project } from '../../store/types.js';
import { ProjectBatches } from './batches.js';
import type { SyslogEntry } from './map.js';

const project = (id: number) => ({ id, slug: `p${id}` }) as Project;
const entry = (message: string): SyslogEntry => ({ level: 'INFO', message, context: {} });

test('a batch goes when full, per project; the rest after the wait; flushAll sends and waits for everything', async () => {
  const delivered: Array<[number, string[]]> = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const backlogs: number[] = [];
  const batches = new ProjectBatches(async (p, entries) => {
    await gate;
    delivered.push([p.id, entries.map((e) => e.message)]);
  }, 3, 50, (backlog) => backlogs.push(backlog));
  for (const m of ['a', 'b', 'c', 'd']) batches.add(project(1), entry(m));
  batches.add(project(2), entry('x'));
  assert.equal(batches.backlog, 5);
  release();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(delivered, [[1, ['a', 'b', 'c']]], 'the full batch went at once; the others wait');
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(delivered.slice(1).sort(), [[1, ['d']], [2, ['x']]]);
  batches.add(project(1), entry('late'));
  await batches.flushAll();
  assert.deepEqual(delivered.at(-1), [1, ['late']]);
  assert.equal(batches.backlog, 0);
  assert.equal(backlogs.at(-1), 0);
});

test('a delivery that throws does not stop the others nor leave the backlog counted', async () => {
  const batches = new ProjectBatches(async (p) => {
    if (p.id === 1) throw new Error('boom');
  }, 1, 10);
  batches.add(project(1), entry('a'));
  batches.add(project(2), entry('b'));
  await batches.flushAll();
  assert.equal(batches.backlog, 0);
});
