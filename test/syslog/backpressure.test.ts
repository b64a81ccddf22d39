/**
 * Backpressure: while the store is held (another SQLite connection keeps the write lock), messages pile up
 * waiting for it; past the receiver's high-water mark it stops reading the TCP connection, so the sender is
 * held by TCP itself instead of the server's memory growing; once the store is back everything is stored.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { SyslogReceiver } from '../../src/protocols/syslog/receiver.js';
import { createProject, setupAdmin } from '../helpers/app.js';
import { tempDir } from '../helpers/server.js';
import { metric } from './support.js';

test('a TCP sender is not read while the store is behind, and nothing is lost', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const file = path.join(dir, 'devsmith.db');
  const config = loadConfig({ DEVSMITH_DATA_DIR: dir, LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent', DEVSMITH_SYSLOG_TCP: '127.0.0.1:0', DEVSMITH_SYSLOG_PROJECT: 'held' });
  const app = await buildApp(config, { store: await openSqliteStore({ path: file }) });
  const receiver = new SyslogReceiver(config.syslog!, app.services, app.metrics, app.app.log, 1000);
  const lock = new Database(file);
  try {
    const [bound] = await receiver.listen();
    const admin = await setupAdmin(app);
    const project = await createProject(app, admin, 'Held');
    lock.exec('BEGIN IMMEDIATE'); // the writer now waits (its busy timeout is 5 s)
    const total = 60_000; // more than loopback buffers take (about 37,000 of these)
    const socket = net.connect(bound!.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const line = (i: number) => `<14>Dec  2 10:00:00 host app: held message ${i} ${'x'.repeat(60)}\n`;
    let i = 0;
    while (i < total && socket.write(line(i++))); // until TCP says the buffers are full
    const series = 'devsmith_syslog_messages_received_total{transport="tcp"}';
    await new Promise((r) => setTimeout(r, 1500));
    const readWhileHeld = await metric(app, series);
    assert.ok(readWhileHeld < 10_000, `the receiver kept reading while the store was held: ${readWhileHeld} messages`);
    assert.ok(readWhileHeld >= 1000, `the receiver stopped before its high-water mark: ${readWhileHeld}`);
    lock.exec('COMMIT');
    for (; i < total; i++) if (!socket.write(line(i))) await new Promise((r) => socket.once('drain', r));
    socket.end();
    const deadline = Date.now() + 90_000;
    let stored = 0;
    while (stored < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      stored = await app.services.store.countLogs({ projectIds: [project.id] });
    }
    assert.equal(stored, total, `${total - stored} messages lost`);
  } finally {
    if (lock.inTransaction) lock.exec('ROLLBACK');
    lock.close();
    await receiver.close();
    await app.shutdown();
  }
});
