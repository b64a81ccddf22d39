// The shell sample (docs/integrations/shell) against a real server: send-logs.sh with nothing but bash and curl,
// and the curl one-liners from its README.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.ts';
import { integrationsDir, runProgram, startPeer, waitForLogs } from './support.ts';

const script = `${integrationsDir}/shell/send-logs.sh`;

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
    const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'shell-wrap', 152);
    assert.equal(logs.length, 152);
    assert.equal(new Set(logs.map((l) => l.message)).size, 152);
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
      const b = await runProgram('bash', ['-c', `echo hello | bash ${script}`], { env: { ...env('shell-401'), DEVSMITH_URL: refused.url } });
      assert.equal(b.code, 0);
      assert.equal(refused.requests.length, 1);
      assert.match(b.stderr, /unknown-key-reason/);
    } finally {
      await limited.close();
      await refused.close();
    }
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
