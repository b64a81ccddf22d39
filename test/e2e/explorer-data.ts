/**
 * The explorer test's logs, two projects and three services within the last half hour. For
 * `(service:api OR service:web) ctx.duration_ms:>1000 -level:debug` the answer is 13 logs: api INFO
 * 6..11 (6), api ERROR (3), web WARN (4); ctx.http.status among them: 200 ×5, 500 ×1, 503 ×4, missing ×3.
 */
import assert from 'node:assert/strict';
import { sendLogs, type LogInput } from './support.ts';

export const STACK = 'CardError: card declined\n    at charge (pay.js:10:3)\n    at checkout (app.js:2:1)';
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
const many = (n: number, make: (i: number) => LogInput) => Array.from({ length: n }, (_, i) => make(i));

export async function seedExplorerLogs(url: string, shopKey: string, blogKey: string): Promise<void> {
  const api = [
    ...many(12, (i) => ({
      level: 'INFO',
      message: `GET /orders/${i}`,
      timestamp: ago(600 + (12 - i) * 10),
      context: { http: { status: i === 8 ? 500 : 200, route: '/orders' }, duration_ms: i * 200 },
    })),
    ...many(3, (i) => ({
      level: 'ERROR',
      message: `payment failed ${i}`,
      timestamp: ago(300 + i * 10),
      context: { error: { type: 'CardError', stack: STACK }, duration_ms: 1500 + i },
    })),
  ];
  const worker = many(5, (i) => ({ level: 'INFO', message: `job ${i}`, timestamp: ago(200 + i * 10), context: { duration_ms: 5000 } }));
  const web = [
    ...many(4, (i) => ({ level: 'WARN', message: `slow page ${i}`, timestamp: ago(60 + i * 10), context: { http: { status: 503 }, duration_ms: 3000 } })),
    ...many(2, (i) => ({ level: 'DEBUG', message: `debug page ${i}`, timestamp: ago(100 + i * 10), context: { duration_ms: 4000 } })),
  ];
  for (const [key, service, logs] of [[shopKey, 'api', api], [shopKey, 'worker', worker], [blogKey, 'web', web]] as const) {
    const res = await sendLogs(url, key, service, [...logs]);
    assert.equal(res.status, 201, `seeding ${service}`);
  }
}
