// Promises of issue 10 that the samples added with it (Java, Ruby, PHP) keep, run through each language's driver
// against the shared real server: level aliases passed through to the server, the one error shape
// (`context.error = {type, message, stack, cause?}`), an uncaught crash recorded as FATAL before the process
// dies as it would have, and delivery failures reported on stderr, naming the URL, without flooding it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, waitForLogs, type ProgramResult, type StoredLog } from './support.ts';

export type ConventionScenario = 'aliases' | 'error-shape' | 'crash' | 'unreachable-report';

export interface Conventions {
  language: string;
  run(scenario: ConventionScenario, env: Record<string, string>): Promise<ProgramResult>;
  /** The exit code the runtime gives an uncaught exception (Java and Ruby 1, PHP 255). */
  crashExitCode: number;
  ctx: () => { server: { url: string }; boot: { cookie: string; project: { slug: string } }; env(service: string): Record<string, string> };
}

export function conventionTests(c: Conventions): void {
  const service = (name: string) => `${c.language}-${name}`;
  const logsOf = (name: string, count: number) => {
    const { server, boot } = c.ctx();
    return waitForLogs(server.url, boot.cookie, boot.project.slug, service(name), count);
  };
  const ok = (run: ProgramResult) => assert.equal(run.code, 0, `driver failed (code ${run.code}):\n${run.stdout}\n${run.stderr}`);

  test('level aliases are sent as written and the server maps them', async () => {
    ok(await c.run('aliases', c.ctx().env(service('aliases'))));
    const logs = await logsOf('aliases', 4);
    const level = (alias: string) => logs.find((l) => l.message === `alias ${alias}`)?.level;
    assert.deepEqual(['warning', 'critical', 'err', 'notice'].map(level), ['WARN', 'FATAL', 'ERROR', 'INFO']);
  });

  test('an error is sent as context.error = {type, message, stack, cause}', async () => {
    ok(await c.run('error-shape', c.ctx().env(service('error-shape'))));
    const [log] = await logsOf('error-shape', 1);
    assert.equal(log?.level, 'ERROR');
    assert.equal(log.context?.order_id, 7, 'the caller context is kept beside the error');
    checkErrorShape(log, 'card declined');
    assert.equal(log.context?.error?.cause?.message, 'gateway timeout');
  });

  test('an uncaught exception is logged as FATAL with its stack, flushed, and the process dies as it would have', async () => {
    const run = await c.run('crash', c.ctx().env(service('crash')));
    assert.equal(run.code, c.crashExitCode, `exit code as without the logger:\n${run.stderr}`);
    assert.match(run.stderr, /boom at crash/, 'the runtime still reports the crash on stderr');
    const logs = await logsOf('crash', 2);
    assert.ok(logs.find((l) => l.message === 'before crash'), 'the logs buffered before the crash arrive');
    const fatal = logs.find((l) => l.level === 'FATAL');
    assert.ok(fatal, `a FATAL entry; got ${JSON.stringify(logs.map((l) => [l.level, l.message]))}`);
    checkErrorShape(fatal, 'boom at crash');
  });

  test('an unreachable server is reported on stderr at the first failure, naming the URL, and not on every retry', async () => {
    const port = await freePort(); // nothing listens there: connection refused
    const url = `http://127.0.0.1:${port}`;
    const run = await c.run('unreachable-report', { ...c.ctx().env(service('unreachable')), DEVSMITH_URL: url });
    ok(run);
    const reports = run.stderr.split('\n').filter((l) => l.includes('cannot deliver'));
    assert.equal(reports.length, 1, `one report in 3 s of retries (rate-limited):\n${run.stderr}`);
    assert.ok(reports[0].includes(`127.0.0.1:${port}`), `the report names the URL: ${reports[0]}`);
    assert.match(run.stderr, /100 logs were not delivered/, `the loss at exit is counted:\n${run.stderr}`);
  });
}

function checkErrorShape(log: StoredLog, message: string): void {
  const error = log.context?.error;
  assert.equal(typeof error?.type, 'string', `context.error.type in ${JSON.stringify(log.context)}`);
  assert.ok(error.type.length > 0);
  assert.equal(error.message, message);
  assert.equal(typeof error.stack, 'string');
  assert.ok(error.stack.length > 0, 'a stack');
}
