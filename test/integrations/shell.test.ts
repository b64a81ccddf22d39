// The shell sample (docs/integrations/shell) against a real server: send-logs.sh with nothing but bash and curl,
// and the curl one-liners from its README.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.ts';
import { freePort, integrationsDir, runProgram, startPeer, waitForLogs } from './support.ts';
import { quotedStderr, whatHappens } from './what-happens.ts';

const script = `${integrationsDir}/shell/send-logs.sh`;
const promised = whatHappens('shell');
const assertPromised = (cell: string, stderr: string, url: string) => {
  const quoted = quotedStderr(cell, url);
  assert.ok(quoted.length > 0, `the README cell quotes what stderr says: ${cell}`);
  for (const line of quoted) assert.match(stderr, line, `the README promises ${line} on stderr`);
};

describe('shell sample integration', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let boot: Awaited<ReturnType<typeof bootstrap>>;
  const env = (service: string) => ({ DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey, DEVSMITH_PROJECT: boot.project.slug, DEVSMITH_SERVICE: service });

  before(async () => {
    server = await startServer();
    boot = await bootstrap(server.url);
  });
  after(async () => { await server?.stop(); });

  test('send-logs.sh forwards a command\'s output line by line and keeps its exit status', async () => {
    const started = Date.now();
    const result = await runProgram('bash', [script, '--', 'bash', '-c',
      'for i in $(seq 1 150); do echo "line $i"; done; echo "ERROR disk \\"full\\"	tab" >&2; printf "WARN no newline"; exit 3'],
      { env: env('shell-wrap') });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /line 150/, 'lines are still printed');
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'shell-wrap', 153);
    assert.equal(logs.length, 153);
    assert.equal(new Set(logs.map((l) => l.message)).size, 153);
    const exit = logs.find((l) => l.context?.exit_code !== undefined);
    assert.equal(exit?.level, 'ERROR', 'a failed command ends with an ERROR naming its exit status');
    assert.equal(exit?.context?.exit_code, 3);
    assert.match(exit?.message ?? '', /exited with status 3/);
    assert.equal(exit?.context?.operation, 'bash', 'timed work: the command is the operation');
    assert.ok(typeof exit?.context?.duration_ms === 'number' && exit.context.duration_ms > 0, `and its duration_ms: ${exit?.context?.duration_ms}`);
    assert.match(promised.crash, /exit_code/, 'the README says how a failed command shows up');
    const error = logs.find((l) => l.message.startsWith('ERROR disk'));
    assert.equal(error?.message, 'ERROR disk "full"\ttab');
    assert.equal(error?.level, 'ERROR');
    assert.equal(logs.find((l) => l.message === 'WARN no newline')?.level, 'WARN');
    assert.equal(logs.find((l) => l.message === 'line 7')?.level, 'INFO');
    for (const log of logs) assert.ok(Date.parse(log.timestamp) >= started - 1000 && Date.parse(log.timestamp) <= Date.now());
  });

  test('send-logs.sh reads stdin', async () => {
    const result = await runProgram('bash', ['-c', `printf 'one\\ntwo\\n' | bash ${script}`], { env: env('shell-stdin') });
    assert.equal(result.code, 0, result.stderr);
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'shell-stdin', 2);
    assert.deepEqual(logs.map((l) => l.message).sort(), ['one', 'two']);
  });

  test('send-logs.sh retries a 429 after Retry-After with the same Idempotency-Key, and does not retry a 401', async () => {
    const limited = await startPeer((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 201 }));
    const refused = await startPeer(() => ({ status: 401, body: { code: 'INVALID_API_KEY', detail: 'unknown-key-reason' } }));
    try {
      const a = await runProgram('bash', ['-c', `echo hello | bash ${script}`], { env: { ...env('shell-429'), DEVSMITH_URL: limited.url } });
      assert.equal(a.code, 0, a.stderr);
      assert.equal(limited.requests.length, 2);
      assert.ok(limited.requests[1].at - limited.requests[0].at >= 2000);
      assert.equal(limited.requests[1].headers['idempotency-key'], limited.requests[0].headers['idempotency-key']);
      assertPromised(promised['rate limited'], a.stderr, limited.url);
      assert.match(a.stderr, new RegExp(`delivering to ${limited.url} again after 1 failed attempts`), 'and says when it works again');
      const b = await runProgram('bash', ['-c', `echo hello | bash ${script}`], { env: { ...env('shell-401'), DEVSMITH_URL: refused.url } });
      assert.equal(b.code, 0);
      assert.equal(refused.requests.length, 1);
      assert.match(b.stderr, /unknown-key-reason/);
      assertPromised(promised['wrong key'], b.stderr, refused.url);
    } finally {
      await limited.close();
      await refused.close();
    }
  });

  test('8 runs at once, 20 rounds (cron jobs in the same minute): every log of every run arrives', { timeout: 240_000 }, async () => {
    const expected: string[] = [];
    for (let round = 0; round < 20; round++) {
      const runs = Array.from({ length: 8 }, (_, run) => {
        for (let line = 0; line < 3; line++) expected.push(`r${round} p${run} l${line}`);
        return runProgram('bash', ['-c', `for i in 0 1 2; do echo "r${round} p${run} l$i"; done | bash ${script}`], { env: env('shell-race'), timeoutMs: 30_000 });
      });
      for (const result of await Promise.all(runs)) assert.equal(result.code, 0, result.stderr);
    }
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'shell-race', expected.length, 30_000);
    const arrived = new Set(logs.map((l) => l.message));
    const lostRuns = new Set(expected.filter((m) => !arrived.has(m)).map((m) => m.replace(/ l\d$/, '')));
    assert.deepEqual([...lostRuns], [], `${lostRuns.size} of 160 runs lost`);
    assert.equal(logs.length, expected.length, 'none twice');
  });

  test('levels are guessed from whole words: "0 errors found" is not an ERROR', async () => {
    const lines: Record<string, string> = {
      '0 errors found': 'INFO', 'no warnings today': 'INFO', 'debugging tips': 'INFO', 'terrorism report': 'INFO',
      'ERROR: disk full': 'ERROR', '[error] db down': 'ERROR', 'err=timeout': 'ERROR',
      'Traceback (most recent call last):': 'ERROR', 'java.lang.NullPointerException: boom': 'ERROR',
      'warning: low memory': 'WARN', 'level=warn retrying': 'WARN', 'DEBUG cache hit': 'DEBUG',
      'kernel panic': 'FATAL', 'CRITICAL: out of space': 'FATAL',
    };
    const input = Object.keys(lines).map((l) => `${l}\n`).join('');
    const result = await runProgram('bash', ['-c', `printf '${input}' | bash ${script}`], { env: env('shell-levels') });
    assert.equal(result.code, 0, result.stderr);
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'shell-levels', Object.keys(lines).length);
    const got = Object.fromEntries(logs.map((l) => [l.message, l.level]));
    assert.deepEqual(got, lines);
  });

  test('server unreachable: stderr names the URL at the first failure, once, and the loss at exit', async () => {
    const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const result = await runProgram('bash', ['-c', `(echo one; sleep 2.5; echo two) | bash ${script}`],
      { env: { ...env('shell-down'), DEVSMITH_URL: url, DEVSMITH_FLUSH_INTERVAL: '1', DEVSMITH_EXIT_TIMEOUT: '2' }, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    const reports = result.stderr.split('\n').filter((l) => l.includes('cannot deliver'));
    assert.equal(reports.length, 1, `one report while failing (rate-limited):\n${result.stderr}`);
    assert.ok(reports[0]!.includes(url), 'it names the URL');
    assert.match(result.stderr, new RegExp(`could not deliver 2 logs to ${url} before exit`));
    assertPromised(promised['server down'], result.stderr, url);
    assertPromised(promised.exit, result.stderr, url);
  });

  test('DEVSMITH_URL unset: says which URL it uses instead', async () => {
    const result = await runProgram('bash', ['-c', `echo hi | bash ${script}`],
      { env: { ...env('shell-nourl'), DEVSMITH_URL: '', DEVSMITH_EXIT_TIMEOUT: '1' }, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /DEVSMITH_URL is not set; sending to http:\/\/localhost:3000/);
  });

  test('the README curl one-liners work as written', async () => {
    const readme = await import('node:fs').then((fs) => fs.readFileSync(`${integrationsDir}/shell/README.md`, 'utf8'));
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('curl') && !b.includes('logs.json') && !b.includes('nightly'));
    assert.ok(blocks.length >= 2, 'found the one-liners');
    for (const block of blocks) {
      const result = await runProgram('bash', ['-c', `set -e\n${block}`], { env: env('cron') });
      assert.equal(result.code, 0, `${block}\n${result.stderr}`);
    }
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'cron', 3);
    assert.deepEqual(logs.map((l) => l.message).sort(), ['backup failed', 'backup finished', 'disk 91% full']);
  });
});
