// The JavaScript sample (docs/integrations/javascript) run by Node against a real server: plain API, pino
// (in-process and worker transport), winston, the Express example, what happens when things go wrong, and the
// same files loaded from a CommonJS and from an ES module project.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHttpContext, checkExampleApp } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { checkModuleFormats } from './javascript/module-formats.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, resultOf, runProgram, startPeer, waitForLogs } from './support.ts';

const driver = new URL('./javascript/driver.mjs', import.meta.url).pathname;
const run = (scenario: string, env: Record<string, string>) => runProgram(process.execPath, [driver, scenario], { env });
const perfDriver = new URL('./javascript/perf-driver.mjs', import.meta.url).pathname;

sampleSuite({
  language: 'javascript',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    assert.equal(by('pino warn')?.level, 'WARN');
    assert.equal(by('pino warn')?.context?.order_id, 7);
    assert.equal(by('pino error')?.level, 'ERROR');
    assert.equal(by('pino error')?.context?.error?.message, 'card declined', "pino's err arrives as context.error");
    assert.match(by('pino error')?.context?.error?.stack ?? '', /card declined/);
    assert.equal(by('winston warn')?.level, 'WARN');
    assert.equal(by('winston warn')?.context?.order_id, 8);
    assert.equal(by('winston debug')?.level, 'DEBUG');
    assert.equal(by('pino transport info')?.level, 'INFO', 'the worker-thread pino transport delivered');
    assert.equal(by('pino transport info')?.context?.via, 'worker');
  },
  extra(ctx) {
    test('SIGTERM with no handler of the app: every logger flushes and the process still dies of SIGTERM', async () => {
      const { server, boot, env } = ctx();
      const result = await run('exit-on-sigterm', env('javascript-sigterm'));
      assert.equal(result.signal, 'SIGTERM', `exit: code ${result.code}, signal ${result.signal}\n${result.stderr}`);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'javascript-sigterm', 25);
      assert.equal(logs.length, 25, 'both loggers of the process flushed');
    });

    test('the Express example logs requests (context.http, route templates) and unhandled errors', async () => {
      const { server, boot, env } = ctx();
      const logs = await checkExampleApp({
        command: process.execPath, args: [`${integrationsDir}/javascript/express-example.cjs`], env: env('javascript-express'),
        server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack, httpContext: { orderRoute: '/orders/:id' },
      });
      const unhandled = logs.find((l) => l.message.startsWith('Unhandled error'));
      assert.equal(unhandled?.context?.error?.type, 'Error');
      assert.equal(unhandled?.context?.error?.message, 'Something broke');
    });

    test('the Express requestLogger gives the plain logger, pino and winston the context.http convention', async () => {
      const { server, boot, env } = ctx();
      const result = await runProgram(process.execPath, [perfDriver, 'request-loggers'], { env: env('javascript-requests') });
      assert.equal(result.code, 0, result.stderr);
      for (const via of ['plain', 'pino', 'winston']) {
        const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, `javascript-requests-${via}`, 5);
        const by = (message: string) => logs.find((l) => l.message === message);
        assertHttpContext(by('GET /orders/42 200'), { method: 'GET', route: '/orders/:id', status: 200 });
        assertHttpContext(by('POST /orders 201'), { method: 'POST', route: '/orders', status: 201 });
        assertHttpContext(by('GET /api/items/ab-1 200'), { method: 'GET', route: '/api/items/:sku', status: 200 }); // baseUrl + template
        assertHttpContext(by('GET /boom 500'), { method: 'GET', route: '/boom', status: 500 });
        assertHttpContext(by('GET /no/such/page 404'), { method: 'GET', route: '/no/such/page', status: 404 });
        assert.deepEqual(['GET /boom 500', 'GET /no/such/page 404', 'GET /orders/42 200'].map((m) => by(m)?.level), ['ERROR', 'WARN', 'INFO'], via);
        assert.equal(by('GET /orders/42 200')?.context?.request_id, 'req GET /orders/42', `${via}: the request id`);
      }
    });

    test('log.timed() logs context.operation and context.duration_ms, for sync and async work, and rethrows', async () => {
      const { server, boot, env } = ctx();
      const result = await runProgram(process.execPath, [perfDriver, 'timed'], { env: env('javascript-timed') });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(resultOf(result), { rows: 3, sum: 6 }, 'timed returns what the work returns');
      assert.match(result.stdout, /rethrown disk full\nrethrown bad row/);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'javascript-timed', 4);
      const by = (message: string) => logs.find((l) => l.message === message);
      const report = by('nightly-report done');
      assert.equal(report?.level, 'INFO');
      assert.equal(report?.context?.operation, 'nightly-report');
      assert.equal(report?.context?.day, '2026-12-01');
      assert.ok(typeof report?.context?.duration_ms === 'number' && report.context.duration_ms >= 4, `awaited work is timed: ${report?.context?.duration_ms}`);
      assert.ok(by('sum done')?.context?.duration_ms > 0, 'sync work is timed');
      for (const [message, type] of [['export failed', 'RangeError'], ['parse failed', 'TypeError']]) {
        const failed = by(message);
        assert.equal(failed?.level, 'ERROR', message);
        assert.equal(failed?.context?.error?.type, type);
        assert.ok(failed?.context?.duration_ms > 0);
      }
    });

    test('logger, pino, winston and Express files work pasted into a CommonJS and into an ES module project', async () => {
      const { server, boot, env } = ctx();
      await checkModuleFormats({ url: server.url, cookie: boot.cookie, project: boot.project.slug, env });
    });
  },
});

failureSuite({
  language: 'JavaScript',
  run,
  crash: { exitCode: 1, stderr: /Error: driver crashed\n\s+at [^]*\[cause\]: Error: card/, stack: /^Error: driver crashed\n\s+at .*driver\.mjs/ },
  expectErrorShape(error) {
    assert.equal(error.type, 'TypeError');
    assert.equal(error.code, 'E_CHARGE', "the error's own fields are kept");
    assert.equal(error.cause.type, 'Error');
    assert.match(error.cause.stack, /^Error: peer reset\n\s+at /, 'the cause keeps its own stack');
  },
  extra(ctx) {
    const logsOf = async (name: string, count: number) => {
      const { url, cookie, project } = ctx();
      return waitForLogs(url, cookie, project, `javascript-${name}`, count);
    };

    test('pino, winston, and an Error passed as the context all send context.error in the same shape', async () => {
      const result = await run('error-shape', ctx().env('error-shape-adapters'));
      assert.equal(result.code, 0, result.stderr);
      const by = new Map((await logsOf('error-shape-adapters', 6)).map((l) => [l.message, l.context?.error]));
      assert.deepEqual(pick(by.get('error as context')), { type: 'TypeError', message: 'charge failed', cause: 'peer reset' });
      assert.deepEqual(pick(by.get('pino shaped error')), { type: 'TypeError', message: 'charge failed', cause: 'peer reset' });
      assert.equal(by.get('pino shaped error')?.code, 'E_CHARGE');
      assert.deepEqual(pick(by.get('pino default error')), { type: 'RangeError', message: 'pino default', cause: undefined });
      assert.deepEqual(pick(by.get('winston failed')), { type: 'RangeError', message: 'winston failed', cause: undefined });
      assert.deepEqual(pick(by.get('winston with meta winston meta failed')), { type: 'TypeError', message: 'winston meta failed', cause: undefined });
      for (const [message, error] of by) assert.match(error?.stack ?? '', /^\w+: .*\n\s+at /, `${message}: a stack`);
    });

    test('an unhandled rejection is sent as FATAL before Node reports it and exits with code 1', async () => {
      const result = await run('crash-rejection', ctx().env('crash-rejection'));
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /RangeError: driver rejected\n\s+at /, 'Node still prints it');
      const logs = await logsOf('crash-rejection', 2);
      const fatal = logs.find((l) => l.level === 'FATAL');
      assert.match(fatal?.message ?? '', /Unhandled rejection: driver rejected/);
      assert.equal(fatal?.context?.error?.type, 'RangeError');
      assert.ok(logs.some((l) => l.message === 'before rejection'));
    });

    test('a throw at the top level of a script is captured too', async () => {
      const result = await run('crash-top-level', ctx().env('crash-top-level'));
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /Error: driver crashed/);
      const logs = await logsOf('crash-top-level', 4);
      assert.equal(logs.filter((l) => l.level === 'FATAL').length, 1, 'one FATAL');
      assert.equal(logs.length, 4);
    });

    test('captureCrashes: false leaves crashes alone (and the logs before it are still flushed at exit)', async () => {
      const result = await run('crash-opt-out', ctx().env('crash-opt-out'));
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /Error: driver crashed/);
      const logs = await logsOf('crash-opt-out', 3);
      assert.deepEqual(logs.map((l) => l.level), ['INFO', 'INFO', 'INFO'], 'no FATAL');
    });

    test('a failed attempt is reported with its reason, and so is delivery working again', async () => {
      const peer = await startPeer((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '0' }, body: { status: 503, code: 'STORE_UNAVAILABLE' } } : { status: 201 }));
      try {
        const result = await run('one-then-flush', { ...ctx().env('recovers'), DEVSMITH_URL: peer.url });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, new RegExp(`devsmith: cannot deliver logs to ${peer.url} \\(HTTP 503 STORE_UNAVAILABLE\\); 3 logs waiting`));
        assert.match(result.stderr, new RegExp(`devsmith: delivering to ${peer.url} again after 1 failed attempts`));
      } finally {
        await peer.close();
      }
    });

    test('process.exit() with logs still buffered delivers them and keeps its exit code', async () => {
      const result = await run('process-exit', ctx().env('process-exit'));
      assert.equal(result.code, 3, result.stderr);
      assert.equal((await logsOf('process-exit', 10)).length, 10);
    });
  },
});

function pick(error: Record<string, any> | undefined) {
  return { type: error?.type, message: error?.message, cause: error?.cause?.message };
}
