// The behaviours every sample integration promises (issue 4, "How we will know it works"), as one suite that
// each language's test file runs with its own driver. A driver runs one named scenario in that language
// (see the drivers beside this file and docs/integrations/go/scenarios_test.go) with the given environment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.ts';
import {
  duplicates, ISO_MS_UTC, readLogs, resultOf, sleep, startHungPeer, startPeer, waitForLogs,
  type PeerAnswer, type ProgramResult, type StoredLog,
} from './support.ts';

export type Scenario = 'deliver' | 'exit-at-once' | 'concurrent' | 'steady' | 'one-then-flush' | 'unreachable-fast' | 'drop';
export type Driver = (scenario: Scenario, env: Record<string, string>) => Promise<ProgramResult>;
type Server = Awaited<ReturnType<typeof startServer>>;
type Boot = Awaited<ReturnType<typeof bootstrap>>;

export interface SampleSuite {
  language: string;
  run: Driver;
  /** What the `deliver` scenario must have stored, beyond the checks every language shares. */
  expectDelivered(logs: StoredLog[]): void;
  /** Extra tests (framework example, adapters) that use the shared running server. */
  extra?(ctx: () => { server: Server; boot: Boot; env(service: string): Record<string, string> }): void;
}

export function sampleSuite(suite: SampleSuite): void {
  describe(`${suite.language} sample integration`, () => {
    let server: Server;
    let boot: Boot;
    const env = (service: string) => ({
      DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey, DEVSMITH_PROJECT: boot.project.slug, DEVSMITH_SERVICE: service,
    });
    const service = (name: string) => `${suite.language}-${name}`;
    const logsOf = (name: string, count: number) => waitForLogs(server.url, boot.cookie, boot.project.slug, service(name), count);
    const ok = (run: ProgramResult) => assert.equal(run.code, 0, `driver failed (code ${run.code}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);

    before(async () => {
      server = await startServer();
      boot = await bootstrap(server.url);
    });
    after(async () => { await server?.stop(); });

    test('plain API and standard-logging adapter deliver project, service, level, message, context, timestamp', async () => {
      const started = Date.now();
      const run = await suite.run('deliver', env(service('deliver')));
      const ended = Date.now();
      ok(run);
      const logs = await logsOf('deliver', 4);
      for (const log of logs) {
        assert.equal(String(log.project_id), String(boot.project.id));
        assert.equal(log.service, service('deliver'));
        const at = Date.parse(log.timestamp);
        assert.ok(at >= started - 1000 && at <= ended + 1000, `timestamp ${log.timestamp} is the event time of the run`);
      }
      const plain = logs.find((l) => l.message === 'plain info');
      assert.ok(plain, 'plain info arrived');
      assert.equal(plain.level, 'INFO');
      assert.equal(plain.context?.user_id, 42);
      assert.deepEqual(plain.context?.nested, { a: 1 });
      const plainError = logs.find((l) => l.message === 'plain error');
      assert.equal(plainError?.level, 'ERROR');
      assert.equal(plainError?.context?.code, 'E42');
      suite.expectDelivered(logs);
    });

    test('a process that logs and exits at once still delivers every log', async () => {
      ok(await suite.run('exit-at-once', env(service('exit'))));
      const messages = (await logsOf('exit', 250)).map((l) => l.message);
      assert.equal(messages.length, 250);
      assert.deepEqual(new Set(messages), new Set(Array.from({ length: 250 }, (_, i) => `exit ${i}`)));
    });

    test('logging from many threads/tasks at once loses nothing below the buffer bound', async () => {
      ok(await suite.run('concurrent', env(service('concurrent'))));
      const messages = (await logsOf('concurrent', 5000)).map((l) => l.message);
      assert.equal(messages.length, 5000);
      assert.equal(new Set(messages).size, 5000);
    });

    test('a full buffer drops the oldest entries and reports how many', async () => {
      const run = await suite.run('drop', env(service('drop')));
      ok(run);
      assert.match(run.stderr, /dropped 70 log entries/, 'the loss is reported on stderr too');
      const logs = await logsOf('drop', 51);
      const kept = logs.filter((l) => l.message.startsWith('drop ')).map((l) => Number(l.message.slice(5)));
      assert.deepEqual(kept.sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => 70 + i), 'the 50 newest are kept');
      const report = logs.find((l) => l.context?.devsmith_dropped !== undefined);
      assert.equal(report?.level, 'WARN');
      assert.equal(report?.context?.devsmith_dropped, 70);
    });

    test('server down for a while, then back: every buffered log is delivered once, none twice', async () => {
      // A server of its own: this test kills and restarts it under the sample's feet.
      let own = await startServer();
      const ownBoot = await bootstrap(own.url);
      try {
        const running = suite.run('steady', { DEVSMITH_URL: own.url, DEVSMITH_API_KEY: ownBoot.apiKey, DEVSMITH_PROJECT: ownBoot.project.slug, DEVSMITH_SERVICE: service('outage') });
        await sleep(1200);
        await own.kill(); // abrupt: a batch may be committed without its answer reaching the client
        await sleep(2000);
        own = await startServer({ dataDir: own.dataDir, port: own.port });
        ok(await running);
        const messages = (await waitForLogs(own.url, ownBoot.cookie, ownBoot.project.slug, service('outage'), 600, 20_000)).map((l) => l.message);
        assert.deepEqual(duplicates(messages), [], 'no log stored twice');
        assert.equal(messages.length, 600);
        assert.equal(new Set(messages).size, 600);
      } finally {
        await own.stop();
      }
    });

    test('429 with Retry-After: 2 delays the retry by at least 2 s and keeps the Idempotency-Key', async () => {
      const peer = await startPeer((n): PeerAnswer => (n === 1 ? { status: 429, headers: { 'retry-after': '2' }, body: { status: 429, code: 'RATE_LIMITED' } } : { status: 201 }));
      try {
        ok(await suite.run('one-then-flush', peerEnv(peer.url, service('429'))));
        assert.equal(peer.requests.length, 2, 'one retry');
        const [first, second] = peer.requests;
        assert.ok(second.at - first.at >= 2000, `retried after ${second.at - first.at} ms`);
        assert.ok(first.headers['idempotency-key'], 'the batch carries an Idempotency-Key');
        assert.equal(second.headers['idempotency-key'], first.headers['idempotency-key']);
        assert.equal(first.headers['content-encoding'], 'gzip');
        assert.equal(first.headers.authorization, 'Bearer dsk_test');
        assert.equal(first.body.service_name, service('429'));
        assert.deepEqual(first.body.logs.map((l: { message: string }) => l.message), ['one 0', 'one 1', 'one 2']);
        for (const log of first.body.logs) assert.match(log.timestamp, ISO_MS_UTC);
      } finally {
        await peer.close();
      }
    });

    test('503 is retried under the same Idempotency-Key', async () => {
      const peer = await startPeer((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 201 }));
      try {
        ok(await suite.run('one-then-flush', peerEnv(peer.url, service('503'))));
        assert.equal(peer.requests.length, 2);
        assert.equal(peer.requests[1].headers['idempotency-key'], peer.requests[0].headers['idempotency-key']);
      } finally {
        await peer.close();
      }
    });

    for (const status of [400, 401]) {
      test(`${status} is not retried and the server's reason is printed once to stderr`, async () => {
        const detail = `reason-${status}-from-the-server`;
        const peer = await startPeer(() => ({ status, body: { status, code: status === 400 ? 'VALIDATION_FAILED' : 'INVALID_API_KEY', detail } }));
        try {
          const run = await suite.run('one-then-flush', peerEnv(peer.url, service(String(status))));
          ok(run);
          await sleep(500); // a retry, if any, would have had time to arrive
          assert.equal(peer.requests.length, 1, 'exactly one request');
          assert.equal(run.stderr.split(detail).length - 1, 1, `stderr names the reason once:\n${run.stderr}`);
        } finally {
          await peer.close();
        }
      });
    }

    test('with the server unreachable, a thousand logging calls return promptly', async () => {
      const peer = await startHungPeer(); // accepts connections, never answers
      try {
        const run = await suite.run('unreachable-fast', peerEnv(peer.url, service('fast')));
        ok(run);
        const { elapsed_ms } = resultOf(run);
        assert.ok(elapsed_ms < 1000, `1000 calls took ${elapsed_ms} ms`); // generous: this is about blocking, not speed
        // The driver gives its exit flush 0.5 s; a hung server must not hold the process much longer than that.
        assert.ok(run.ms < 15_000, `the process took ${run.ms} ms to exit`);
      } finally {
        await peer.close();
      }
    });

    suite.extra?.(() => ({ server, boot, env }));
  });
}

function peerEnv(url: string, service: string): Record<string, string> {
  return { DEVSMITH_URL: url, DEVSMITH_API_KEY: 'dsk_test', DEVSMITH_PROJECT: 'peer-project', DEVSMITH_SERVICE: service };
}

export { readLogs };
