// What a sample does when things go wrong (issue 10), as a suite each language opts in to with its driver:
// level aliases, the error shape, a server down while the app runs, the exit/Close deadline, an unset
// DEVSMITH_URL, a crash, and the language's row of the "What happens when" table in docs/integrations/README.md
// (every stderr line a cell quotes must show up in that situation).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.ts';
import { freePort, startHungPeer, startPeer, waitForLogs, type ProgramResult, type StoredLog } from './support.ts';
import { quotedStderr, whatHappens, type Situation } from './what-happens.ts';

export type FailureScenario =
  | 'aliases' | 'error-shape' | 'unreachable-running' | 'close-unreachable' | 'default-url' | 'crash' | 'one-then-flush';

export interface FailureSuite {
  language: string; // as named in the "What happens when" table
  run(scenario: FailureScenario, env: Record<string, string>): Promise<ProgramResult>;
  /** How the language itself ends a process on an uncaught error, and where the stack points. */
  crash: { exitCode: number; stderr: RegExp; stack: RegExp };
  /** Language extras of context.error for the `error-shape` scenario. */
  expectErrorShape?(error: Record<string, any>): void;
  extra?(ctx: () => { url: string; cookie: string; project: string; env(service: string): Record<string, string> }): void;
}

export function failureSuite(suite: FailureSuite): void {
  describe(`${suite.language} sample: what happens when things go wrong`, () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    let boot: Awaited<ReturnType<typeof bootstrap>>;
    const service = (name: string) => `${suite.language.toLowerCase()}-${name}`;
    const env = (name: string) => ({ DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey, DEVSMITH_PROJECT: boot.project.slug, DEVSMITH_SERVICE: service(name) });
    const elsewhere = (url: string, name: string) => ({ DEVSMITH_URL: url, DEVSMITH_API_KEY: 'dsk_test', DEVSMITH_PROJECT: 'peer-project', DEVSMITH_SERVICE: service(name) });
    const logsOf = (name: string, count: number) => waitForLogs(server.url, boot.cookie, boot.project.slug, service(name), count);
    const row = () => whatHappens(suite.language);
    const saysWhatTheGuideSays = (situation: Situation, run: ProgramResult, url: string) => {
      for (const line of quotedStderr(row()[situation], url)) assert.match(run.stderr, line, `the guide's "${situation}" cell quotes this line`);
    };

    before(async () => {
      server = await startServer();
      boot = await bootstrap(server.url);
    });
    after(async () => { await server?.stop(); });

    test('the guide has a "What happens when" row for this language, every cell filled', () => {
      for (const [situation, cell] of Object.entries(row())) assert.ok(cell.length > 20, `"${situation}" says what happens`);
    });

    test('level aliases reach the server as written, and the server maps them', async () => {
      const run = await suite.run('aliases', env('aliases'));
      assert.equal(run.code, 0, run.stderr);
      const levels = Object.fromEntries((await logsOf('aliases', 5)).map((l) => [l.message, l.level]));
      assert.deepEqual(levels, { 'alias warning': 'WARN', 'alias critical': 'FATAL', 'alias err': 'ERROR', 'alias notice': 'INFO', 'alias Fatal': 'FATAL' });
    });

    test('an exception arrives as context.error = {type, message, stack, cause}', async () => {
      const run = await suite.run('error-shape', env('error-shape'));
      assert.equal(run.code, 0, run.stderr);
      const [log] = (await logsOf('error-shape', 1)).filter((l) => l.message === 'shaped error');
      const error = log?.context?.error;
      assert.ok(error, `context.error is there: ${JSON.stringify(log?.context)}`);
      assert.equal(typeof error.type, 'string');
      assert.match(error.message, /charge failed/);
      assert.equal(typeof error.stack, 'string');
      assert.ok(error.stack.length > 0, 'with a stack');
      assert.equal(error.cause?.message, 'peer reset', 'the cause, in the same shape');
      assert.equal(typeof error.cause?.type, 'string');
      suite.expectErrorShape?.(error);
    });

    test('server down while the app runs: stderr names the URL at the first failure, then at most once per interval', async () => {
      const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
      const run = await suite.run('unreachable-running', elsewhere(url, 'down'));
      assert.equal(run.code, 0, run.stderr);
      const [whileRunning] = run.stderr.split('DRIVER: still running');
      const reports = (text: string) => text.split('\n').filter((l) => l.startsWith(`devsmith: cannot deliver logs to ${url}`));
      assert.ok(reports(whileRunning!).length >= 1, `reported while the app was still running:\n${run.stderr}`);
      assert.match(reports(whileRunning!)[0]!, /\d+ logs waiting/, 'with the count of logs waiting');
      // The driver retries every ~0.2 s for 3 s with a 1 s report interval: without the rate limit, 15+ lines.
      assert.ok(reports(run.stderr).length <= 6, `rate-limited: ${reports(run.stderr).length} lines\n${run.stderr}`);
      saysWhatTheGuideSays('server down', run, url);
    });

    test('exit/Close with the server unreachable: stderr says how many logs were not delivered, where and why', async () => {
      const peer = await startHungPeer();
      try {
        const run = await suite.run('close-unreachable', elsewhere(peer.url, 'close'));
        assert.ok(run.ms < 15_000, `exited in ${run.ms} ms`);
        assert.match(run.stderr, new RegExp(`devsmith: could not deliver 5 logs to ${peer.url.replace(/\./g, '\\.')}`), run.stderr);
        saysWhatTheGuideSays('exit', run, peer.url);
      } finally {
        await peer.close();
      }
    });

    test('an unset DEVSMITH_URL is said, with the default used', async () => {
      const run = await suite.run('default-url', { ...elsewhere('', 'default-url'), DEVSMITH_URL: '' });
      assert.match(run.stderr, /devsmith: DEVSMITH_URL is not set; sending to http:\/\/localhost:3000/, run.stderr);
    });

    test('wrong key and rate limit: stderr as the guide says', async () => {
      const refusing = await startPeer(() => ({ status: 401, body: { status: 401, code: 'INVALID_API_KEY', detail: 'unknown key' } }));
      const limiting = await startPeer((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { status: 429, code: 'RATE_LIMITED' } } : { status: 201 }));
      try {
        saysWhatTheGuideSays('wrong key', await suite.run('one-then-flush', elsewhere(refusing.url, 'key')), refusing.url);
        const limited = await suite.run('one-then-flush', elsewhere(limiting.url, 'limited'));
        assert.equal(limiting.requests.length, 2, 'retried once after Retry-After');
        saysWhatTheGuideSays('rate limited', limited, limiting.url);
      } finally {
        await refusing.close();
        await limiting.close();
      }
    });

    test('a crash is sent as a FATAL log with its stack, after the logs before it; the process dies as usual', async () => {
      const run = await suite.run('crash', env('crash'));
      assert.equal(run.code, suite.crash.exitCode, `exit code as without the logger:\n${run.stderr}`);
      assert.match(run.stderr, suite.crash.stderr, 'the language still reports the crash on stderr');
      const logs = await logsOf('crash', 4);
      const before = logs.filter((l) => l.message.startsWith('before crash')).length;
      assert.equal(before, 3, 'the logs buffered before the crash arrived');
      const fatal = logs.find((l: StoredLog) => l.level === 'FATAL');
      assert.ok(fatal, `a FATAL log arrived: ${JSON.stringify(logs.map((l) => l.message))}`);
      assert.match(fatal.message, /driver crashed/);
      assert.match(fatal.context?.error?.message ?? '', /driver crashed/);
      assert.match(fatal.context?.error?.stack ?? '', suite.crash.stack);
      saysWhatTheGuideSays('crash', run, server.url);
    });

    suite.extra?.(() => ({ url: server.url, cookie: boot.cookie, project: boot.project.slug, env }));
  });
}
