/**
 * SQLite on a full disk (issue 9, item 8): every write answers 503 with Retry-After, never 500 — login,
 * setup, project create, user create, ingest — and works again once there is room. The disk is really
 * full: the data dir is a small tmpfs filled up with a file (needs root to mount; skipped loudly otherwise).
 *
 * An open read transaction (as a long query would hold) keeps SQLite from rewinding its WAL, so every commit
 * has to grow the WAL file: each write then meets the full disk rather than reusing space the WAL had.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { buildApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN, batch, cookieOf, setupAdmin } from '../helpers/app.js';

const NOT_ROOT = process.getuid?.() !== 0 ? 'disk-full test NOT RUN: mounting a tmpfs needs root' : null;

describe('SQLite with a full disk', { skip: NOT_ROOT ?? false }, () => {
  let dir: string;
  let app: App;
  let reader: Database.Database;
  const filler = () => path.join(dir, 'filler');

  /** Fills the file system to the last byte. */
  function fillDisk(): void {
    const fd = fs.openSync(filler(), 'a');
    try {
      for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
        const chunk = Buffer.alloc(size);
        try {
          for (;;) fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  const freeDisk = () => fs.rmSync(filler(), { force: true });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir]);
    const config = loadConfig({ DEVSMITH_DATA_DIR: dir, LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent' });
    app = await buildApp(config);
  });

  /**
   * An empty WAL, a snapshot held on it (so the WAL cannot rewind), a full disk: the next commit has to grow
   * the WAL file and meets the full disk. Redone before each write, since a failed commit leaves its frames'
   * space in the WAL for the next one.
   */
  function makeFull(): void {
    reader?.close();
    freeDisk();
    const db = new Database(path.join(dir, 'devsmith.db'));
    assert.equal(db.pragma('wal_checkpoint(TRUNCATE)', { simple: true }), 0, 'checkpoint busy');
    db.close();
    reader = new Database(path.join(dir, 'devsmith.db'), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM users').get();
    fillDisk();
  }
  after(async () => {
    reader?.close();
    freeDisk();
    await app?.shutdown();
    execFileSync('umount', ['-l', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const assert503 = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
    assert.equal(res.statusCode, 503, `${what}: ${res.statusCode} ${res.body}`);
    assert.ok(Number(res.headers['retry-after']) > 0, `${what}: Retry-After missing`);
    assert.equal(JSON.parse(res.body).code, 'STORE_UNAVAILABLE');
  };

  test('setup, login, user and project create, ingest answer 503 with Retry-After while full, and work after', async () => {
    makeFull();
    assert503(await app.app.inject({ method: 'POST', url: '/api/auth/setup', payload: ADMIN }), 'setup');
    freeDisk();
    const admin = await setupAdmin(app);
    const project = await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: admin.cookie }, payload: { name: 'Room' } });
    assert.equal(project.statusCode, 201);
    const { token } = (await app.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: admin.cookie }, payload: { name: 't' } })).json();

    makeFull();
    const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN.email, password: ADMIN.password } });
    assert503(login, 'login');
    makeFull();
    assert503(await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: admin.cookie }, payload: { name: 'No room' } }), 'project create');
    const user = { email: 'new@example.com', name: 'New', password: 'a long enough password' };
    makeFull();
    assert503(await app.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: user }), 'user create');
    const logs = Array.from({ length: 200 }, (_, i) => ({ level: 'info', message: `entry ${i} ${'x'.repeat(200)}` }));
    makeFull();
    assert503(await app.app.inject(batch(project.json().api_key, { service_name: 'api', logs })), 'ingest');
    // Reads still answer, with a token too (whose last-used time cannot be written now).
    assert.equal((await app.app.inject({ url: '/api/logs/projects', headers: { cookie: admin.cookie } })).statusCode, 200);
    const byToken = await app.app.inject({ url: '/api/logs/projects', headers: { authorization: `Bearer ${token}` } });
    assert.equal(byToken.statusCode, 200, byToken.body);

    freeDisk();
    const again = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN.email, password: ADMIN.password } });
    assert.equal(again.statusCode, 200, again.body);
    assert.ok(cookieOf(again.headers['set-cookie']));
    // Nothing refused was stored half-way (a 201 for a row never committed was the other way to get this wrong).
    const names = (await app.app.inject({ url: '/api/logs/projects', headers: { cookie: admin.cookie } })).json().data.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ['Room']);
    const users = (await app.app.inject({ url: '/api/users', headers: { cookie: admin.cookie } })).json().data.map((u: { email: string }) => u.email);
    assert.deepEqual(users, [ADMIN.email]);
  });
});
