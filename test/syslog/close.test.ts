/**
 * SyslogReceiver.close(), the first step of shutdown: once it resolves, every message read is committed,
 * including those still waiting in an open batch (which would otherwise wait for its 200 ms timer).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { createProject, setupAdmin } from '../helpers/app.js';
import { metric, syslogApp } from './support.js';

const backend = sqliteBackend();
after(() => backend.cleanup());

test('close() commits the open batches before it resolves', async () => {
  const { app, ports } = await syslogApp(backend, { DEVSMITH_SYSLOG_PROJECT: 'sink' });
  try {
    const admin = await setupAdmin(app);
    const project = await createProject(app, admin, 'Sink');
    const total = 730; // one full batch of 500, and 230 waiting for the timer
    const socket = net.connect(ports.tcp!, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.end(Array.from({ length: total }, (_, i) => `<14>Dec  2 10:00:00 host app: line ${i}\n`).join(''));
    const series = 'devsmith_syslog_messages_received_total{transport="tcp"}';
    while ((await metric(app, series)) < total) await new Promise((r) => setTimeout(r, 2));
    await app.syslog!.close();
    assert.equal(await app.services.store.countLogs({ projectIds: [project.id] }), total);
  } finally {
    await app.shutdown();
  }
});
