/**
 * In-process apps for route tests (`app.inject()`, no network) on each backend: SQLite always, PostgreSQL
 * when TEST_DATABASE_URL is set (each app gets a fresh schema through the store contract harness).
 */
import { test } from 'node:test';
import { postgresBackend, sqliteBackend, type Backend } from '../../src/store/contract/harness.js';
import { buildApp, type App, type BuildOptions } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { tempDir } from './server.js';

export type { App };

export function backends(): Backend[] {
  const list = [sqliteBackend()];
  if (process.env.TEST_DATABASE_URL) list.push(postgresBackend(process.env.TEST_DATABASE_URL));
  else test('PostgreSQL route tests', (t) => t.skip('PostgreSQL route tests NOT RUN: set TEST_DATABASE_URL (npm run test:all does)'));
  return list;
}

export async function makeApp(backend: Backend, env: Record<string, string> = {}, opts: Omit<BuildOptions, 'store'> = {}): Promise<App> {
  const config = loadConfig({ DEVSMITH_DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent', ...env });
  return buildApp(config, { ...opts, store: await backend.fresh() });
}

export interface Session {
  cookie: string;
  userId: number;
}

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery', name: 'Admin' };

export async function setupAdmin(app: App): Promise<Session> {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/setup', payload: ADMIN });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return { cookie: cookieOf(res.headers['set-cookie']), userId: res.json().user.id };
}

export async function createMember(app: App, admin: Session, email = 'member@example.com'): Promise<Session> {
  const password = 'member password 1';
  const res = await app.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: { email, name: 'Member', password } });
  if (res.statusCode !== 201) throw new Error(`create user failed: ${res.statusCode} ${res.body}`);
  const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  return { cookie: cookieOf(login.headers['set-cookie']), userId: res.json().user.id };
}

export function cookieOf(header: string | string[] | undefined): string {
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no Set-Cookie');
  return first.split(';')[0]!;
}

export async function createProject(app: App, s: Session, name = 'My App'): Promise<{ id: number; slug: string; key: string }> {
  const res = await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: s.cookie }, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`project failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.project.id, slug: body.project.slug, key: body.api_key };
}

export function batch(key: string, payload: unknown, headers: Record<string, string> = {}) {
  return { method: 'POST' as const, url: '/api/logs/batch', headers: { authorization: `Bearer ${key}`, ...headers }, payload: payload as object };
}

export function entries(n: number, extra: (i: number) => object = () => ({})) {
  return Array.from({ length: n }, (_, i) => ({ level: i % 10 === 0 ? 'ERROR' : 'INFO', message: `message ${i}`, context: { i }, ...extra(i) }));
}
