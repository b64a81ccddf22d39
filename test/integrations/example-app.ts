// The framework examples (Express, Flask, Gin) are real web apps: start one, send it a good request and one that
// fails, stop it the way a platform would (SIGTERM), and check what reached the real DevSmith server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { freePort, waitForLogs, waitUntilUp, type StoredLog } from './support.ts';

export interface ExampleApp {
  command: string; args: string[]; cwd?: string;
  env: Record<string, string>; // DEVSMITH_* for the shared server
  server: { url: string }; cookie: string; project: string;
  /** Where this example puts the stack of an unhandled error. */
  stackOf(log: StoredLog): string | undefined;
  /** What that stack must show (default: the error's message; Go's stacks name frames, not the panic value). */
  stackPattern?: RegExp;
  /** Requests are logged as context.http = {method, route, status, duration_ms} (docs/performance.md), route a
   * template; `orderRoute` is the template the app's GET /orders/42 must log. */
  httpContext: { orderRoute: string };
}

/** Runs the example and checks it; returns every log it sent, for the language's own checks. */
export async function checkExampleApp(app: ExampleApp): Promise<StoredLog[]> {
  const port = await freePort();
  const child = spawn(app.command, app.args, { cwd: app.cwd, env: { ...process.env, ...app.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/`);
    const ok = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-request-id': 'req-ok-1' } });
    assert.equal(ok.status, 200);
    const boom = await fetch(`http://127.0.0.1:${port}/boom`);
    assert.equal(boom.status, 500);
    assert.equal((await fetch(`http://127.0.0.1:${port}/orders/42`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/no/such/page`)).status, 404);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  if (code === 'timeout') child.kill('SIGKILL');
  assert.notEqual(code, 'timeout', `the example did not stop on SIGTERM:\n${output}`);

  const service = app.env.DEVSMITH_SERVICE;
  const logs = await waitForLogs(app.server.url, app.cookie, app.project, service, 5);
  const request = logs.find((l) => l.message === 'GET / 200');
  assert.ok(request, `request log arrived; got ${JSON.stringify(logs.map((l) => l.message))}\n${output}`);
  assert.equal(request.level, 'INFO');
  assertHttpContext(request, { method: 'GET', route: '/', status: 200 });
  const order = logs.find((l) => l.message === 'GET /orders/42 200');
  assertHttpContext(order, { method: 'GET', route: app.httpContext.orderRoute, status: 200 }); // the template, not the path
  const missing = logs.find((l) => l.message === 'GET /no/such/page 404');
  assert.equal(missing?.level, 'WARN', `the 404 is logged as a warning; got ${JSON.stringify(logs.map((l) => l.message))}`);
  assertHttpContext(missing, { method: 'GET', route: '/no/such/page', status: 404 }); // no route matched: the raw path
  assert.equal(request.context?.request_id, 'req-ok-1');
  const failed = logs.find((l) => l.message === 'GET /boom 500');
  assert.equal(failed?.level, 'ERROR', 'the failed request is logged as an error');
  assertHttpContext(failed, { method: 'GET', route: '/boom', status: 500 });
  const unhandled = logs.find((l) => l.message.startsWith('Unhandled error') && l.message.includes('Something broke'));
  assert.ok(unhandled, `the unhandled error arrived; got ${JSON.stringify(logs.map((l) => l.message))}`);
  assert.equal(unhandled.level, 'ERROR');
  assert.match(app.stackOf(unhandled) ?? '', app.stackPattern ?? /Something broke/, 'with its stack');
  return logs;
}

/** The request log carries the performance convention: context.http = {method, route, status, duration_ms},
 *  duration_ms a number of milliseconds above zero. */
export function assertHttpContext(log: StoredLog | undefined, want: { method: string; route: string; status: number }): void {
  assert.ok(log, `request log for ${want.method} ${want.route} ${want.status} arrived`);
  const http = log.context?.http ?? {};
  assert.deepEqual({ method: http.method, route: http.route, status: http.status }, want, `context.http of "${log.message}"`);
  assert.equal(typeof http.duration_ms, 'number', `duration_ms is a number: ${JSON.stringify(http)}`);
  assert.ok(http.duration_ms > 0 && http.duration_ms < 60_000, `duration_ms is milliseconds above 0: ${http.duration_ms}`);
}
