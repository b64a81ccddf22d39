// The Python sample (docs/integrations/python) run by python3 against a real server: plain API, the
// logging.Handler, and the Flask example (Flask from PyPI: see requirements.txt beside this file).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHttpContext, checkExampleApp } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram, waitForLogs } from './support.ts';

const driver = new URL('./python/driver.py', import.meta.url).pathname;
const run = (scenario: string, env: Record<string, string>) => runProgram('python3', [driver, scenario], { env });
const perfDriver = new URL('./python/perf_driver.py', import.meta.url).pathname;

sampleSuite({
  language: 'python',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const warn = by('adapter warn formatted');
    assert.equal(warn?.level, 'WARN', 'logging.warning arrived with its %s argument applied');
    assert.equal(warn?.context?.order_id, 7, 'extra= fields become context');
    assert.equal(warn?.context?.logger, 'driver');
    const error = by('adapter error');
    assert.equal(error?.level, 'ERROR');
    assert.equal(error?.context?.error?.type, 'ValueError', 'exc_info becomes context.error');
    assert.equal(error?.context?.error?.message, 'card declined');
    assert.match(error?.context?.error?.stack ?? '', /Traceback[^]*ValueError: card declined/);
    const plain = by('plain exception');
    assert.equal(plain?.context?.order_id, 9);
    assert.equal(plain?.context?.error?.type, 'RuntimeError', 'an exception passed in context takes the error shape');
    assert.equal(plain?.context?.error?.cause?.type, 'KeyError', 'the exception being handled is its cause');
    assert.equal(by('adapter debug')?.level, 'DEBUG');
  },
  extra(ctx) {
    test('the Flask example logs requests (route templates, no werkzeug duplicates) and unhandled errors', async (t) => {
      const flask = await runProgram('python3', ['-c', 'import flask']);
      if (flask.code !== 0) {
        assert.fail('Flask is not installed: run `pip install -r test/integrations/requirements.txt`');
      }
      const { server, boot, env } = ctx();
      const logs = await checkExampleApp({
        command: 'python3', args: ['flask_example.py'], cwd: `${integrationsDir}/python`, env: env('python-flask'),
        server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack, httpContext: { orderRoute: '/orders/<int:order_id>' },
      });
      const noisy = logs.filter((l) => l.message.includes('\x1b[') || /HTTP\/1\.1" \d{3}/.test(l.message));
      assert.deepEqual(noisy.map((l) => l.message), [], "werkzeug's coloured access lines are not forwarded");
      t.diagnostic('Flask example checked');
    });

    test('the WSGI middleware logs context.http under wsgiref, with the route the app named or Flask matched', async () => {
      const { server, boot, env } = ctx();
      const result = await runProgram('python3', [perfDriver, 'wsgi'], { env: env('python-wsgi') });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /GET \/orders\/42 -> 200 req GET \/orders\/42\n/, 'the X-Request-Id is answered back');
      assert.match(result.stderr, /RuntimeError: Something broke/, 'the exception goes on to the server');
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'python-wsgi', 5);
      const by = (message: string) => logs.find((l) => l.message === message);
      assertHttpContext(by('GET /orders/42 200'), { method: 'GET', route: '/orders/{id}', status: 200 }); // environ["devsmith.route"]
      assertHttpContext(by('POST /orders 201'), { method: 'POST', route: '/orders', status: 201 });
      assertHttpContext(by('GET /boom 500'), { method: 'GET', route: '/boom', status: 500 });
      assertHttpContext(by('GET /no/such/page 404'), { method: 'GET', route: '/no/such/page', status: 404 }); // no route
      assert.deepEqual(['GET /orders/42 200', 'GET /no/such/page 404', 'GET /boom 500'].map((m) => by(m)?.level), ['INFO', 'WARN', 'ERROR']);
      assert.equal(by('GET /orders/42 200')?.context?.request_id, 'req GET /orders/42');
      assert.equal(by('Unhandled error: Something broke')?.context?.error?.type, 'RuntimeError');
      const flask = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'python-wsgi-flask', 2);
      assertHttpContext(flask.find((l) => l.message === 'GET /items/ab-1 200'), { method: 'GET', route: '/items/<sku>', status: 200 }); // Flask's rule
      assertHttpContext(flask.find((l) => l.message === 'GET /nothing/here 404'), { method: 'GET', route: '/nothing/here', status: 404 });
    });

    test('log.timed() times a block and a decorated function: context.operation and context.duration_ms', async () => {
      const { server, boot, env } = ctx();
      const result = await run('timed', env('python-timed'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /parsed 7\nrethrown ValueError/, 'the return value and the exception go on');
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'python-timed', 3);
      const report = logs.find((l) => l.message === 'nightly-report done');
      assert.equal(report?.level, 'INFO');
      assert.equal(report?.context?.operation, 'nightly-report');
      assert.equal(report?.context?.day, '2026-12-01');
      assert.ok(typeof report?.context?.duration_ms === 'number' && report.context.duration_ms >= 4, `the block is timed: ${report?.context?.duration_ms}`);
      const parsed = logs.filter((l) => l.context?.operation === 'parse');
      assert.deepEqual(parsed.map((l) => [l.message, l.level]).sort(), [['parse done', 'INFO'], ['parse failed', 'ERROR']]);
      const failed = parsed.find((l) => l.level === 'ERROR');
      assert.equal(failed?.context?.error?.type, 'ValueError');
      for (const log of parsed) assert.ok(typeof log.context?.duration_ms === 'number' && log.context.duration_ms > 0);
    });
  },
});

failureSuite({
  language: 'Python',
  run,
  crash: { exitCode: 1, stderr: /Traceback \(most recent call last\)[^]*RuntimeError: driver crashed/, stack: /Traceback[^]*driver\.py/ },
  expectErrorShape(error) {
    assert.equal(error.type, 'RuntimeError');
    assert.equal(error.cause.type, 'ConnectionResetError', 'raise ... from cause');
    assert.match(error.cause.stack, /ConnectionResetError: peer reset/, 'each link keeps its own traceback');
    assert.doesNotMatch(error.stack, /peer reset/, 'the stack is the exception\'s own; the cause is not repeated in it');
  },
  extra(ctx) {
    test('an uncaught exception in a thread is sent as FATAL; the process goes on as Python lets it', async () => {
      const { url, cookie, project, env } = ctx();
      const result = await run('thread-crash', env('thread-crash'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Exception in thread worker-1[^]*ValueError: worker crashed/);
      const logs = await waitForLogs(url, cookie, project, 'python-thread-crash', 2);
      const fatal = logs.find((l) => l.level === 'FATAL');
      assert.match(fatal?.message ?? '', /thread worker-1.*worker crashed/);
      assert.equal(fatal?.context?.error?.type, 'ValueError');
      assert.ok(logs.some((l) => l.message === 'after thread crash'));
    });
  },
});
