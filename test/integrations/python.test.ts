// The Python sample (docs/integrations/python) run by python3 against a real server: plain API, the
// logging.Handler, and the Flask example (Flask from PyPI: see requirements.txt beside this file).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExampleApp } from './example-app.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram } from './support.ts';

const driver = new URL('./python/driver.py', import.meta.url).pathname;

sampleSuite({
  language: 'python',
  run: (scenario, env) => runProgram('python3', [driver, scenario], { env }),
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const warn = by('adapter warn formatted');
    assert.equal(warn?.level, 'WARN', 'logging.warning arrived with its %s argument applied');
    assert.equal(warn?.context?.order_id, 7, 'extra= fields become context');
    assert.equal(warn?.context?.logger, 'driver');
    const error = by('adapter error');
    assert.equal(error?.level, 'ERROR');
    assert.equal(error?.context?.exception?.type, 'ValueError');
    assert.match(error?.context?.exception?.traceback ?? '', /ValueError: card declined/);
    assert.equal(by('adapter debug')?.level, 'DEBUG');
  },
  extra(ctx) {
    test('the Flask example logs requests and unhandled errors', async (t) => {
      const flask = await runProgram('python3', ['-c', 'import flask']);
      if (flask.code !== 0) {
        assert.fail('Flask is not installed: run `pip install -r test/integrations/requirements.txt`');
      }
      const { server, boot, env } = ctx();
      await checkExampleApp({
        command: 'python3', args: ['flask_example.py'], cwd: `${integrationsDir}/python`, env: env('python-flask'),
        server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.exception?.traceback,
      });
      t.diagnostic('Flask example checked');
    });
  },
});
