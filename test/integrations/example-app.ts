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
  /** Opt-in (BRIEF §7): requests are logged as context.http = {method, route, status, duration_ms}, route a
   * template; `orderRoute` is the template the app's GET /orders/42 must log. */
  httpContext?: { orderRoute: string };
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
    if (app.httpContext) assert.equal((await fetch(`http://127.0.0.1:${port}/orders/42`)).status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  if (code === 'timeout') child.kill('SIGKILL');
  assert.notEqual(code, 'timeout', `the example did not stop on SIGTERM:\n${output}`);

  const service = app.env.DEVSMITH_SERVICE;
  const logs = await waitForLogs(app.server.url, app.cookie, app.project, service, app.httpContext ? 4 : 3);
  const request = logs.find((l) => l.message === 'GET / 200');
  assert.ok(request, `request log arrived; got ${JSON.stringify(logs.map((l) => l.message))}\n${output}`);
  assert.equal(request.level, 'INFO');
  if (app.httpContext) {
    assert.deepEqual({ ...request.context?.http, duration_ms: typeof request.context?.http?.duration_ms }, { method: 'GET', route: '/', status: 200, duration_ms: 'number' });
    const order = logs.find((l) => l.message === 'GET /orders/42 200');
    assert.equal(order?.context?.http?.route, app.httpContext.orderRoute, 'the route is the template, not the path');
  } else {
    assert.equal(request.context?.method, 'GET');
    assert.equal(request.context?.path, '/');
    assert.equal(request.context?.status, 200);
    assert.equal(typeof request.context?.duration_ms, 'number');
  }
  assert.equal(request.context?.request_id, 'req-ok-1');
  const failed = logs.find((l) => l.message === 'GET /boom 500');
  assert.equal(failed?.level, 'ERROR', 'the failed request is logged as an error');
  const unhandled = logs.find((l) => l.message.startsWith('Unhandled error') && l.message.includes('Something broke'));
  assert.ok(unhandled, `the unhandled error arrived; got ${JSON.stringify(logs.map((l) => l.message))}`);
  assert.equal(unhandled.level, 'ERROR');
  assert.match(app.stackOf(unhandled) ?? '', app.stackPattern ?? /Something broke/, 'with its stack');
  return logs;
}
