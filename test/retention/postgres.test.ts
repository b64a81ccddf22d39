/**
 * Retention on PostgreSQL with several instances: one run at a time (advisory lock), and the others skip.
 * Whole-day drops and per-project deletes are in the contract cases (src/store/contract/retention.ts).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Retention } from '../../src/retention/retention.js';
import { postgresBackend } from '../../src/store/contract/harness.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  test('PostgreSQL retention lock', (t) => t.skip('PostgreSQL retention lock test NOT RUN: set TEST_DATABASE_URL'));
} else {
  const backend = postgresBackend(url);
  const opened: Store[] = [];
  after(async () => {
    await Promise.allSettled(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  test('two instances on one database: while one runs retention, the other skips; then it runs', async () => {
    const schemaUrl = await backend.emptySchemaUrl();
    const [a, b] = await Promise.all([openPostgresStore({ url: schemaUrl, poolSize: 3 }), openPostgresStore({ url: schemaUrl, poolSize: 3 })]);
    opened.push(a, b);
    await a.migrate();
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    let entered!: () => void;
    const inside = new Promise<void>((res) => (entered = res));
    const first = a.withRetentionLock(async () => {
      entered();
      await held;
      return 'a ran';
    });
    await inside;
    assert.equal(await b.withRetentionLock(async () => 'b ran'), null, 'b skips while a holds the lock');
    const report = await new Retention(b, { defaultDays: 30 }).run();
    assert.equal(report.skipped, true);
    release();
    assert.equal(await first, 'a ran');
    assert.equal(await b.withRetentionLock(async () => 'b ran'), 'b ran', 'the lock is released after the run');
    assert.equal((await new Retention(b, { defaultDays: 30 }).run()).skipped, false);
  });
}
