// The PHP samples (docs/integrations/php) run by php against a real server: the PSR-3 logger and the Monolog
// handler, with psr/log and Monolog from Debian (Packagist is not reachable from CI): apt-get install php-cli
// php-curl php-psr-log php-monolog, done by scripts/test-all.sh.
import assert from 'node:assert/strict';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { runProgram, type ProgramResult } from './support.ts';

const driver = new URL('./php/driver.php', import.meta.url).pathname;
const install = 'apt-get install php-cli php-curl php-psr-log php-monolog (scripts/test-all.sh does)';
let checked: Promise<void> | undefined;

async function run(scenario: string, env: Record<string, string>): Promise<ProgramResult> {
  checked ??= runProgram('php', ['-r', 'echo extension_loaded("curl") && stream_resolve_include_path("Monolog/autoload.php") ? "ok" : "missing";']).then(
    (r) => assert.equal(r.stdout, 'ok', `php has no curl extension or Monolog: ${install}\n${r.stderr}`),
    (err: Error) => assert.fail(`php is not installed: ${install}: ${err.message}`),
  );
  await checked;
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
