/** Helpers for the syslog tests: an in-process app with syslog listeners on free ports, and log reads. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Backend } from '../../src/store/contract/harness.js';
import type { BoundListener } from '../../src/protocols/syslog/listeners.js';
import { makeApp, type App, type Session } from '../helpers/app.js';

export const run = promisify(execFile);

export interface StoredLog {
  message: string;
  level: string;
  service: string;
  host: string | null;
  environment: string | null;
  timestamp: string;
  context: Record<string, any>;
}

/** An app whose syslog listeners (UDP, TCP and, with `tls`, TLS) listen on free loopback ports. */
export async function syslogApp(backend: Backend, env: Record<string, string> = {}): Promise<{ app: App; ports: Record<string, number> }> {
  const app = await makeApp(backend, { DEVSMITH_SYSLOG_UDP: '127.0.0.1:0', DEVSMITH_SYSLOG_TCP: '127.0.0.1:0', ...env });
  const bound: BoundListener[] = await app.syslog!.listen();
  return { app, ports: Object.fromEntries(bound.map((b) => [b.config.transport, b.port])) };
}

/** The project's logs, waiting (up to 10 s) until at least `count` are there: syslog is acknowledged by nobody. */
export async function logsOf(app: App, admin: Session, slug: string, count: number, extra = ''): Promise<StoredLog[]> {
  return logsUntil(app, admin, slug, (data) => data.length >= count, extra);
}

/** The project's logs once `done` says they are all there (or after 10 s): receiving is asynchronous. */
export async function logsUntil(app: App, admin: Session, slug: string, done: (data: StoredLog[]) => boolean, extra = ''): Promise<StoredLog[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await app.app.inject({ url: `/api/logs?project=${slug}&limit=1000${extra}`, headers: { cookie: admin.cookie } });
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data as StoredLog[];
    if (done(data) || Date.now() > deadline) return data;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A metric's value from /metrics (0 when the series does not exist yet). */
export async function metric(app: App, series: string): Promise<number> {
  const text = (await app.app.inject({ url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** util-linux `logger` to the listener (`-d` UDP, `-T` TCP). */
export async function logger(port: number, transport: 'udp' | 'tcp', args: string[], message: string): Promise<void> {
  await run('logger', ['-n', '127.0.0.1', '-P', String(port), transport === 'udp' ? '-d' : '-T', ...args, '--', message]);
}
