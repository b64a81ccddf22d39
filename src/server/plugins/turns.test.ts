import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Turns } from './turns.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls the hook for `n` requests at once; returns the order in which they went on. */
function arrive(turns: Turns, n: number, went: number[], from = 0): void {
  for (let i = from; i < from + n; i++) {
    (turns.hook as (req: FastifyRequest, reply: FastifyReply, done: () => void) => void)({} as FastifyRequest, {} as FastifyReply, () => went.push(i));
  }
}

test('requests that arrive together go on one per turn of the event loop, in order', async () => {
  const turns = new Turns();
  const went: number[] = [];
  arrive(turns, 5, went);
  assert.deepEqual(went, [], 'none goes on in the turn it arrived in');
  assert.equal(turns.queued, 5);
  const seen: number[][] = [];
  for (let t = 0; t < 6; t++) {
    await turn();
    seen.push([...went]);
  }
  assert.deepEqual(seen, [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
  assert.equal(turns.queued, 0);
});

test('one that arrives alone waits one turn; arrivals while others wait go behind them', async () => {
  const turns = new Turns();
  const went: number[] = [];
  arrive(turns, 1, went);
  await turn();
  assert.deepEqual(went, [0]);
  arrive(turns, 2, went, 1);
  await turn();
  arrive(turns, 1, went, 3);
  for (let t = 0; t < 4; t++) await turn();
  assert.deepEqual(went, [0, 1, 2, 3]);
});

test('a long queue goes through whole, in order (the list is compacted as it goes)', async () => {
  const turns = new Turns();
  const went: number[] = [];
  arrive(turns, 3000, went);
  while (turns.queued) await turn();
  assert.equal(went.length, 3000);
  assert.ok(went.every((v, i) => v === i));
});
