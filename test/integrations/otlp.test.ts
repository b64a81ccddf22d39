// Real OpenTelemetry exporters sending to a real server over HTTP: the JS SDK's OTLP/HTTP log exporters (JSON
// and protobuf) and Python's opentelemetry-exporter-otlp-proto-http (see requirements.txt beside this file).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { runProgram } from './support.ts';

interface Stored {
  level: string;
  service: string;
  message: string;
  context: Record<string, unknown>;
  environment: string | null;
  version: string | null;
  host: string | null;
  trace_id: string | null;
  span_id: string | null;
  timestamp: string;
}

describe('OTLP/HTTP from real OpenTelemetry SDKs', () => {
  const backend = sqliteBackend();
  let app: App;
  let admin: Session;
  let project: { slug: string; key: string };
  let url: string;
  before(async () => {
    app = await makeApp(backend);
    admin = await setupAdmin(app);
    project = await createProject(app, admin);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.shutdown();
    await backend.cleanup();
  });

  async function stored(service: string): Promise<Stored[]> {
    const res = await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${service}&limit=100`, headers: { cookie: admin.cookie } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().data;
  }

  for (const encoding of ['json', 'protobuf'] as const) {
    test(`the JS SDK's http/${encoding} exporter: every record stored with its resource, severity, body and trace`, async () => {
      const driver = new URL('./otlp/sdk-driver.ts', import.meta.url).pathname;
      const run = await runProgram(process.execPath, ['--import', 'tsx', driver, encoding], {
        env: { OTLP_URL: `${url}/v1/logs`, OTLP_KEY: project.key },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout).results.map((r: { code: number }) => r.code), [0], 'one export, successful');
      const logs = await stored(`sdk-${encoding}`);
      const by = (m: string) => logs.find((l) => l.message === m || l.message.includes(m));
      assert.equal(logs.length, 4, JSON.stringify(logs));
      const hello = by(`hello ${encoding}`)!;
      assert.equal(hello.level, 'INFO');
      assert.equal(hello.environment, 'staging', 'deployment.environment.name');
      assert.equal(hello.version, '2.3.4');
      assert.equal(hello.host, 'node-host-1');
      assert.deepEqual(
        { order: hello.context.order_id, route: hello.context['http.route'], ok: hello.context.ok, ratio: hello.context.ratio, pod: hello.context['k8s.pod.name'], scope: hello.context['otel.scope.name'] },
        { order: 42, route: '/orders/:id', ok: true, ratio: 0.5, pod: 'pod-7', scope: 'checkout' },
      );
      assert.equal(hello.context['service.name'], undefined, 'resource attributes that became columns are not repeated in the context');
      const failed = by('payment failed')!;
      assert.equal(failed.level, 'ERROR', 'severityNumber ERROR2');
      assert.deepEqual(JSON.parse(failed.message), { event: 'payment failed', amount: 12.5, tags: ['a', 'b'] }, 'a map body is stored as JSON');
      const warn = by('text severity only')!;
      assert.equal(warn.level, 'WARN', 'severityText alone');
      const age = Date.now() - Date.parse(warn.timestamp);
      assert.ok(age >= 59_000 && age < 120_000, `timeUnixNano kept (${warn.timestamp})`);
      const traced = by('with trace')!;
      assert.equal(traced.level, 'DEBUG');
      assert.equal(traced.trace_id, '4bf92f3577b34da6a3ce929d0e0e4736');
      assert.equal(traced.span_id, '00f067aa0ba902b7');
    });
  }

  test('the JS exporter with a wrong key: the export fails on 401 and nothing is stored', async () => {
    const driver = new URL('./otlp/sdk-driver.ts', import.meta.url).pathname;
    const before = await stored('sdk-protobuf');
    const run = await runProgram(process.execPath, ['--import', 'tsx', driver, 'protobuf'], {
      env: { OTLP_URL: `${url}/v1/logs`, OTLP_KEY: `dsk_${'x'.repeat(43)}` },
    });
    assert.equal(run.code, 0, run.stderr);
    const [result] = JSON.parse(run.stdout).results;
    assert.equal(result.code, 1, 'ExportResultCode.FAILED');
    assert.match(result.error, /401|Unauthorized/i);
    assert.equal((await stored('sdk-protobuf')).length, before.length);
  });

  test("Python's opentelemetry-exporter-otlp-proto-http through the logging module", async () => {
    const probe = await runProgram('python3', ['-c', 'import opentelemetry.sdk, opentelemetry.exporter.otlp.proto.http']);
    if (probe.code !== 0) {
      assert.fail('The OpenTelemetry Python packages are missing: run `pip install -r test/integrations/requirements.txt`');
    }
    const driver = new URL('./otlp/python_driver.py', import.meta.url).pathname;
    const run = await runProgram('python3', [driver], { env: { OTLP_URL: `${url}/v1/logs`, OTLP_KEY: project.key } });
    assert.equal(run.code, 0, run.stderr);
    const logs = await stored('py-otlp');
    const by = (m: string) => logs.find((l) => l.message === m);
    assert.equal(logs.length, 3, JSON.stringify(logs));
    const info = by('python says hello')!;
    assert.equal(info.level, 'INFO');
    assert.equal(info.context.order_id, 5, 'extra= fields arrive as attributes');
    assert.equal(info.context['telemetry.sdk.language'], 'python', 'resource attributes go to the context');
    assert.equal(info.environment, 'prod', 'deployment.environment (before semantic conventions 1.27)');
    assert.equal(info.version, '9.8.7');
    assert.equal(info.host, 'py-host');
    assert.equal(by('low stock')?.level, 'WARN');
    const error = by('payment failed')!;
    assert.equal(error.level, 'ERROR');
    assert.equal(error.context['exception.type'], 'ValueError');
    assert.match(String(error.context['exception.stacktrace']), /Traceback[^]*ValueError: card declined/);
  });
});
