import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEntry, LogFilter, Store } from '../store/types.js';
import { TailSubscription } from './tail.js';

/** A store whose rows become visible out of id order, as with concurrent PostgreSQL commits. */
function fakeVisibility(visible: number[][]): Store {
  let poll = 0;
  const entry = (id: number) => ({ id: String(id) }) as LogEntry;
  return {
    get polls() {
      return poll;
    },
    async logsAfter(afterId: string, _f: LogFilter, limit: number) {
      const rows = (visible[Math.min(poll++, visible.length - 1)] ?? []).filter((id) => id > Number(afterId)).sort((a, b) => a - b);
      return rows.slice(0, limit).map(entry);
    },
  } as unknown as Store;
}

/** Lets the subscription poll until the fake store has served its last view a few times (no fixed sleep: a
 * loaded machine delays timers). */
async function pollsDone(store: Store, views: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((store as unknown as { polls: number }).polls < views + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

test('a row committed late with a lower id is still delivered, once', async () => {
  // Poll 1 sees 1,2,4 (3 is not committed yet); poll 2 sees 3 as well; later polls see the same.
  const store = fakeVisibility([[1, 2, 4], [1, 2, 3, 4], [1, 2, 3, 4, 5]]);
  const got: string[] = [];
  const sub = new TailSubscription(store, { projectIds: [1] }, '0', (logs) => got.push(...logs.map((l) => l.id)), (e) => assert.fail(e), {
    intervalMs: 1,
    batch: 100,
    lookbackPolls: 4,
  });
  sub.start();
  await pollsDone(store, 3);
  sub.stop();
  assert.deepEqual(got, ['1', '2', '4', '3', '5']);
});

test('a backlog larger than one page is read page by page without repeats', async () => {
  const ids = Array.from({ length: 25 }, (_, i) => i + 1);
  const store = fakeVisibility([ids]);
  const got: string[] = [];
  const sub = new TailSubscription(store, { projectIds: [1] }, '0', (logs) => got.push(...logs.map((l) => l.id)), (e) => assert.fail(e), {
    intervalMs: 1,
    batch: 10,
    lookbackPolls: 4,
  });
  sub.start();
  await pollsDone(store, 3);
  sub.stop();
  assert.deepEqual(got, ids.map(String));
});
