// The JavaScript sample (docs/integrations/javascript) run by Node against a real server: plain API, pino
// (in-process and worker transport), winston, and the Express example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExampleApp } from './example-app.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram, waitForLogs } from './support.ts';

const driver = new URL('./javascript/driver.mjs', import.meta.url).pathname;
const run = (scenario: string, env: Record<string, string>) => runProgram(process.execPath, [driver, scenario], { env });

sampleSuite({
  language: 'javascript',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    assert.equal(by('pino warn')?.level, 'WARN');
    assert.equal(by('pino warn')?.context?.order_id, 7);
    assert.equal(by('pino error')?.level, 'ERROR');
    assert.equal(by('pino error')?.context?.err?.message, 'card declined');
    assert.match(by('pino error')?.context?.err?.stack ?? '', /card declined/);
    assert.equal(by('winston warn')?.level, 'WARN');
    assert.equal(by('winston warn')?.context?.order_id, 8);
    assert.equal(by('winston debug')?.level, 'DEBUG');
    assert.equal(by('pino transport info')?.level, 'INFO', 'the worker-thread pino transport delivered');
    assert.equal(by('pino transport info')?.context?.via, 'worker');
  },
  extra(ctx) {
    test('SIGTERM with no handler of the app: every logger flushes and the process still dies of SIGTERM', async () => {
      const { server, boot, env } = ctx();
      const result = await run('exit-on-sigterm', env('javascript-sigterm'));
      assert.equal(result.signal, 'SIGTERM', `exit: code ${result.code}, signal ${result.signal}\n${result.stderr}`);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'javascript-sigterm', 25);
      assert.equal(logs.length, 25, 'both loggers of the process flushed');
    });

    test('the Express example logs requests and unhandled errors', async () => {
      const { server, boot, env } = ctx();
      await checkExampleApp({
        command: process.execPath, args: [`${integrationsDir}/javascript/express-example.js`], env: env('javascript-express'),
        server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack,
      });
    });
  },
});
