// The PHP samples (docs/integrations/php) run by php against a real server: the PSR-3 logger and the Monolog
// handler, with psr/log and Monolog from Debian (Packagist is not reachable from CI): apt-get install php-cli
// php-curl php-psr-log php-monolog, done by scripts/test-all.sh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExampleApp } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram, waitForLogs, type ProgramResult } from './support.ts';

const driver = new URL('./php/driver.php', import.meta.url).pathname;
const install = 'apt-get install php-cli php-curl php-psr-log php-monolog (scripts/test-all.sh does)';
let checked: Promise<void> | undefined;

/** Fails (saying what to install) when php, its curl extension or Monolog is missing. */
function phpInstalled(): Promise<void> {
  checked ??= runProgram('php', ['-r', 'echo extension_loaded("curl") && stream_resolve_include_path("Monolog/autoload.php") ? "ok" : "missing";']).then(
    (r) => assert.equal(r.stdout, 'ok', `php has no curl extension or Monolog: ${install}\n${r.stderr}`),
    (err: Error) => assert.fail(`php is not installed: ${install}: ${err.message}`),
  );
  return checked;
}

async function run(scenario: string, env: Record<string, string>): Promise<ProgramResult> {
  await phpInstalled();
  return runProgram('php', ['-d', 'error_reporting=-1', driver, scenario], { env });
}

sampleSuite({
  language: 'php',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const psr = by('psr warn 7');
    assert.equal(psr?.level, 'WARN', 'a PSR-3 warning with its {placeholder} filled');
    assert.equal(psr?.context?.order_id, 7);
    const notice = by('monolog notice');
    assert.equal(notice?.level, 'INFO', 'Monolog NOTICE goes as written and the server maps it');
    assert.equal(notice?.context?.order_id, 8);
    assert.equal(notice?.context?.channel, 'driver');
    assert.equal(notice?.context?.processed, true, "processors' extra becomes context");
    const error = by('monolog error');
    assert.equal(error?.level, 'ERROR');
    assert.equal(error?.context?.error?.type, 'CardDeclined');
    assert.match(error?.context?.error?.stack ?? '', /CardDeclined: card declined in .*driver\.php:\d+\nStack trace:/);
    assert.equal(error?.context?.error?.cause?.message, 'gateway timeout');
    assert.equal(error?.context?.exception, undefined, 'the PSR-3 exception key becomes context.error');
    assert.equal(by('monolog debug')?.level, 'DEBUG');
  },
  extra(ctx) {
    test('the front-controller example under php -S logs requests (context.http, route templates) and errors', async () => {
      await phpInstalled();
      const { server, boot, env } = ctx();
      const logs = await checkExampleApp({
        // exec: SIGTERM reaches php itself; php -S runs the file for each request, as PHP-FPM runs index.php.
        command: 'sh', args: ['-c', 'exec php -S "127.0.0.1:$PORT" front-controller-example.php'], cwd: `${integrationsDir}/php`,
        env: env('php-front-controller'), server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack, httpContext: { orderRoute: '/orders/{id}' },
      });
      assert.equal(logs.find((l) => l.message.startsWith('Unhandled error'))?.context?.error?.type, 'RuntimeException');
    });

    test('timed() logs context.operation and context.duration_ms, returns the result and rethrows', async () => {
      const { server, boot, env } = ctx();
      const result = await run('timed', env('php-timed'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /rows 3\nrethrown DivisionByZeroError/);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'php-timed', 2);
      const done = logs.find((l) => l.message === 'nightly-report done');
      assert.equal(done?.level, 'INFO');
      assert.deepEqual([done?.context?.operation, done?.context?.day], ['nightly-report', '2026-12-01']);
      assert.ok(typeof done?.context?.duration_ms === 'number' && done.context.duration_ms >= 4, `timed: ${done?.context?.duration_ms}`);
      const failed = logs.find((l) => l.message === 'parse failed');
      assert.equal(failed?.level, 'ERROR');
      assert.equal(failed?.context?.error?.type, 'DivisionByZeroError');
      assert.ok(typeof failed?.context?.duration_ms === 'number' && failed.context.duration_ms > 0);
    });
  },
});

failureSuite({
  language: 'PHP',
  run,
  crash: { exitCode: 255, stderr: /PHP Fatal error: +Uncaught [^]*LogicException: driver crashed/, stack: /LogicException: driver crashed in .*driver\.php:\d+\nStack trace:/ },
  expectErrorShape(error) {
    assert.equal(error.type, 'CardDeclined');
    assert.equal(error.code, 402, "PHP's exception code is kept");
    assert.match(error.file, /driver\.php$/);
    assert.equal(typeof error.line, 'number');
    assert.equal(error.cause.type, 'RuntimeException', 'getPrevious() is the cause');
  },
});
