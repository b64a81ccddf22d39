// The Ruby sample (docs/integrations/ruby) run by ruby against a real server: the client and the ::Logger
// subclass (Ruby from Debian: apt-get install ruby, done by scripts/test-all.sh).
import assert from 'node:assert/strict';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { runProgram, type ProgramResult } from './support.ts';

const driver = new URL('./ruby/driver.rb', import.meta.url).pathname;
let checked: Promise<void> | undefined;

async function run(scenario: string, env: Record<string, string>): Promise<ProgramResult> {
  checked ??= runProgram('ruby', ['-v']).then(
    (r) => assert.equal(r.code, 0, r.stderr),
    (err: Error) => assert.fail(`ruby is not installed (apt-get install ruby; scripts/test-all.sh does): ${err.message}`),
  );
  await checked;
  return runProgram('ruby', ['-w', driver, scenario], { env });
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
