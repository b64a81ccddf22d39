// The Go sample (docs/integrations/go) run by `go test` against a real server: plain API, the log/slog
// Handler, and the Gin example (gin from the Go module proxy; go.sum is committed).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkExampleApp } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram, type ProgramResult } from './support.ts';

const goDir = `${integrationsDir}/go`;
const buildDir = mkdtempSync(join(tmpdir(), 'devsmith-go-'));
let built: Promise<string> | undefined;

/** Compiles the scenario test binary once (`go test -c`); each scenario then runs it with its own environment. */
function scenarioBinary(): Promise<string> {
  built ??= (async () => {
    const binary = join(buildDir, 'devsmith.test');
    const result = await runProgram('go', ['test', '-c', '-o', binary, '.'], { cwd: goDir, timeoutMs: 300_000 });
    assert.equal(result.code, 0, `go test -c failed:\n${result.stderr}`);
    return binary;
  })();
  return built;
}

async function run(scenario: string, env: Record<string, string>): Promise<ProgramResult> {
  const binary = await scenarioBinary();
  return runProgram(binary, ['-test.run', '^TestScenario$', '-test.v'], { cwd: goDir, env: { ...env, DEVSMITH_TEST_SCENARIO: scenario } });
}

test('go vet passes and `go test` in the sample folder runs (scenarios skip loudly without a server)', async () => {
  const vet = await runProgram('go', ['vet', './...'], { cwd: goDir, timeoutMs: 300_000 });
  assert.equal(vet.code, 0, vet.stderr);
  const plain = await runProgram('go', ['test', '-count=1', '-v', './...'], { cwd: goDir, timeoutMs: 300_000, env: { DEVSMITH_TEST_SCENARIO: '' } });
  assert.equal(plain.code, 0, plain.stdout + plain.stderr);
  assert.match(plain.stdout, /SKIP: TestScenario/);
});

sampleSuite({
  language: 'go',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const warn = by('adapter warn');
    assert.equal(warn?.level, 'WARN');
    assert.equal(warn?.context?.order_id, 7);
    assert.equal(warn?.context?.component, 'billing', 'With() attributes are kept');
    const error = by('adapter error');
    assert.equal(error?.level, 'ERROR');
    assert.equal(error?.context?.component, 'billing');
    assert.deepEqual(error?.context?.req, { status: 402 }, 'WithGroup() nests the record attributes');
    assert.equal(error?.context?.error?.message, 'card declined', 'an error attribute becomes context.error');
    assert.equal(error?.context?.error?.type, '*errors.errorString');
    assert.match(error?.context?.error?.stack ?? '', /scenarios_test\.go:\d+/, 'its stack is where it was logged');
    const plain = by('plain exception');
    assert.equal(plain?.context?.order_id, 9);
    assert.equal(plain?.context?.error?.message, 'charge failed: i/o timeout', 'an error in Fields takes the error shape');
    assert.equal(plain?.context?.error?.cause?.message, 'i/o timeout', 'the errors.Unwrap chain is the cause');
    assert.equal(by('adapter debug')?.level, 'DEBUG');
  },
  extra(ctx) {
    test('the Gin example logs requests and panics', async () => {
      const binary = join(buildDir, 'gin-example');
      const build = await runProgram('go', ['build', '-o', binary, '.'], { cwd: `${goDir}/gin-example`, timeoutMs: 300_000 });
      assert.equal(build.code, 0, `go build of gin-example failed (run \`go mod download\` there first):\n${build.stderr}`);
      const { server, boot, env } = ctx();
      await checkExampleApp({
        command: binary, args: [], env: env('go-gin'), server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack, stackPattern: /gin-example\/main\.go/,
        httpContext: { orderRoute: '/orders/:id' },
      });
    });
  },
});

failureSuite({
  language: 'Go',
  run: (scenario, env) => run(scenario, env),
  crash: { exitCode: 2, stderr: /panic: driver crashed: file does not exist/, stack: /scenarios_test\.go:\d+/ },
  expectErrorShape(error) {
    assert.equal(error.type, '*fmt.wrapError');
    assert.equal(error.message, 'charge failed: peer reset');
    assert.equal(error.cause.type, '*errors.errorString');
    assert.match(error.stack, /scenarios_test\.go:\d+/, 'the stack is where it was logged');
  },
});
