// The Ruby sample (docs/integrations/ruby) run by ruby against a real server: the client and the ::Logger
// subclass (Ruby from Debian: apt-get install ruby, done by scripts/test-all.sh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHttpContext } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { runProgram, waitForLogs, type ProgramResult } from './support.ts';

const driver = new URL('./ruby/driver.rb', import.meta.url).pathname;
const perfDriver = new URL('./ruby/perf_driver.rb', import.meta.url).pathname;
let checked: Promise<void> | undefined;

/** Fails (saying how to install it) when ruby is missing. */
function rubyInstalled(): Promise<void> {
  checked ??= runProgram('ruby', ['-v']).then(
    (r) => assert.equal(r.code, 0, r.stderr),
    (err: Error) => assert.fail(`ruby is not installed (apt-get install ruby; scripts/test-all.sh does): ${err.message}`),
  );
  return checked;
}

async function run(scenario: string, env: Record<string, string>, program = driver): Promise<ProgramResult> {
  await rubyInstalled();
  return runProgram('ruby', ['-w', program, scenario], { env });
}

sampleSuite({
  language: 'ruby',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const warn = by('adapter warn');
    assert.equal(warn?.level, 'WARN');
    assert.equal(warn?.context?.order_id, 7, 'keyword fields become context');
    assert.equal(warn?.context?.progname, 'driver');
    const error = by('card declined');
    assert.equal(error?.level, 'ERROR', 'an exception given as the message');
    assert.equal(error?.context?.error?.type, 'CardDeclined');
    assert.match(error?.context?.error?.stack ?? '', /CardDeclined: card declined\n\tfrom .*driver\.rb:\d+/);
    assert.equal(error?.context?.error?.cause?.type, 'IOError');
    assert.equal(by('adapter debug')?.level, 'DEBUG', 'a block message');
    assert.equal(by('adapter hash')?.context?.order_id, 8, 'a Hash message');
    assert.equal(by('filtered out by level'), undefined, 'Logger#level filters');
  },
  extra(ctx) {
    test('the Rack middleware logs context.http with the route template Sinatra, Rails or the app left in env', async () => {
      const { server, boot, env } = ctx();
      const result = await run('rack', env('ruby-rack'), perfDriver);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '', 'no warnings under ruby -w');
      assert.match(result.stdout, /answered 200 req-42\nraised on: Something broke/, 'the answer and the exception go on');
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'ruby-rack', 6);
      const by = (message: string) => logs.find((l) => l.message === message);
      assertHttpContext(by('GET /orders/42 200'), { method: 'GET', route: '/orders/:id', status: 200 }); // Sinatra's
      assertHttpContext(by('GET /items/ab-1 200'), { method: 'GET', route: '/items/:sku', status: 200 }); // Rails'
      assertHttpContext(by('POST /orders 201'), { method: 'POST', route: '/orders', status: 201 }); // env["devsmith.route"]
      assertHttpContext(by('GET /no/such/page 404'), { method: 'GET', route: '/no/such/page', status: 404 }); // no route
      assertHttpContext(by('GET /boom 500'), { method: 'GET', route: '/boom', status: 500 });
      assert.deepEqual(['GET /orders/42 200', 'GET /no/such/page 404', 'GET /boom 500'].map((m) => by(m)?.level), ['INFO', 'WARN', 'ERROR']);
      assert.equal(by('GET /orders/42 200')?.context?.request_id, 'req-42');
      const unhandled = by('Unhandled error: Something broke');
      assert.equal(unhandled?.level, 'ERROR');
      assert.equal(unhandled?.context?.error?.type, 'RuntimeError');
      assert.match(unhandled?.context?.error?.stack ?? '', /Something broke\n\tfrom .*perf_driver\.rb:\d+/);
    });

    test('Client#timed logs context.operation and context.duration_ms, returns the value and raises on', async () => {
      const { server, boot, env } = ctx();
      const result = await run('timed', env('ruby-timed'), perfDriver);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /rows 3\nrethrown ArgumentError/);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'ruby-timed', 2);
      const done = logs.find((l) => l.message === 'nightly-report done');
      assert.equal(done?.level, 'INFO');
      assert.deepEqual([done?.context?.operation, done?.context?.day], ['nightly-report', '2026-12-01']);
      assert.ok(typeof done?.context?.duration_ms === 'number' && done.context.duration_ms >= 4, `timed: ${done?.context?.duration_ms}`);
      const failed = logs.find((l) => l.message === 'parse failed');
      assert.equal(failed?.level, 'ERROR');
      assert.equal(failed?.context?.error?.type, 'ArgumentError');
      assert.ok(typeof failed?.context?.duration_ms === 'number' && failed.context.duration_ms > 0);
    });
  },
});

failureSuite({
  language: 'Ruby',
  run,
  crash: { exitCode: 1, stderr: /driver\.rb:\d+:in .*: driver crashed \(RuntimeError\)/, stack: /RuntimeError: driver crashed\n\tfrom .*driver\.rb:\d+/ },
  expectErrorShape(error) {
    assert.equal(error.type, 'CardDeclined');
    assert.equal(error.cause.type, 'IOError', 'the exception being rescued is its cause');
    assert.ok(Array.isArray(error.backtrace) && error.backtrace.length > 0, "Ruby's backtrace is kept as an array");
  },
});
