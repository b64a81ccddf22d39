import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`ingest happy paths (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      project = await createProject(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const list = async (qs: string) => (await app.app.inject({ url: `/api/logs?${qs}`, headers: { cookie: admin.cookie } })).json();

    test('a batch of 100 is committed and answered 201 with the count', async () => {
      const res = await app.app.inject(batch(project.key, { project_slug: project.slug, service_name: 'api', environment: 'prod', version: '1.2.3', host: 'web-1', logs: entries(100) }));
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().count, 100);
      const page = await list(`project=${project.slug}&limit=1000`);
      assert.equal(page.data.length, 100);
      const one = page.data.find((l: { message: string }) => l.message === 'message 7');
      assert.deepEqual(one.context, { i: 7 });
      assert.equal(one.environment, 'prod');
      assert.equal(one.version, '1.2.3');
      assert.equal(one.host, 'web-1');
      assert.equal(one.service, 'api');
    });

    test('X-API-Key header, gzip body, project_id alias and the single-log endpoint', async () => {
      const body = gzipSync(JSON.stringify({ project_id: project.slug, service_name: 'gz', logs: [{ level: 'info', message: 'zipped' }] }));
      const gz = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { 'x-api-key': project.key, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: body });
      assert.equal(gz.statusCode, 201, gz.body);
      const single = await app.app.inject({ method: 'POST', url: '/api/logs', headers: { authorization: `Bearer ${project.key}` }, payload: { service_name: 'curl', log: { level: 'warn', message: 'one' } } });
      assert.equal(single.statusCode, 201, single.body);
      assert.equal(single.json().count, 1);
      const page = await list(`project=${project.slug}&service=gz,curl`);
      assert.deepEqual(page.data.map((l: { message: string }) => l.message).sort(), ['one', 'zipped']);
    });

    test('level aliases map onto the six levels', async () => {
      const aliases = { warning: 'WARN', err: 'ERROR', critical: 'FATAL', panic: 'FATAL', emerg: 'FATAL', notice: 'INFO', Trace: 'TRACE', DEBUG: 'DEBUG' };
      const res = await app.app.inject(batch(project.key, { service_name: 'alias', logs: Object.keys(aliases).map((level) => ({ level, message: level })) }));
      assert.equal(res.statusCode, 201, res.body);
      const page = await list(`project=${project.slug}&service=alias`);
      for (const l of page.data) assert.equal(l.level, aliases[l.message as keyof typeof aliases]);
    });

    test('timestamps: ISO and epoch s/ms kept; far-future and far-past clamped to receive time with the client value in context', async () => {
      const future = new Date(Date.now() + 3 * 3_600_000).toISOString();
      const iso = new Date(Date.now() - 2 * 86_400_000).toISOString();
      const epochMs = Date.now() - 3 * 86_400_000;
      const secondsMs = Date.now() - 4 * 86_400_000 - 123;
      const seconds = secondsMs / 1000; // Fluent Bit: epoch seconds with a fraction
      const old = new Date(Date.now() - 60 * 86_400_000).toISOString(); // beyond DEVSMITH_MAX_PAST_AGE_DAYS (30)
      const res = await app.app.inject(batch(project.key, {
        service_name: 'time',
        logs: [
          { level: 'info', message: 'iso', timestamp: iso },
          { level: 'info', message: 'epoch', timestamp: epochMs },
          { level: 'info', message: 'seconds', timestamp: seconds },
          { level: 'info', message: 'seconds string', timestamp: seconds.toFixed(3) },
          { level: 'info', message: 'future', timestamp: future },
          { level: 'info', message: 'old', timestamp: old },
          { level: 'info', message: 'none' },
        ],
      }));
      assert.equal(res.statusCode, 201, res.body);
      const page = await list(`project=${project.slug}&service=time&from=2000-01-01T00:00:00Z`);
      const by = Object.fromEntries(page.data.map((l: { message: string }) => [l.message, l]));
      assert.equal(by.iso.timestamp, iso);
      assert.equal(by.epoch.timestamp, new Date(epochMs).toISOString());
      assert.equal(Date.parse(by.seconds.timestamp), secondsMs, 'seconds, not 1970');
      assert.equal(by['seconds string'].timestamp, by.seconds.timestamp);
      for (const clamped of ['future', 'old']) {
        assert.equal(by[clamped].context._client_timestamp, clamped === 'future' ? future : old);
        assert.ok(Math.abs(Date.parse(by[clamped].timestamp) - Date.now()) < 60_000, `${clamped}: stored at receive time`);
      }
      assert.ok(Math.abs(Date.parse(by.none.timestamp) - Date.now()) < 60_000);
    });

    test('one unknown level among 100: the other 99 are stored, 200 lists the refused index', async () => {
      const logs = entries(100);
      logs[42] = { level: 'loud', message: 'bad', context: { i: 42 } };
      const res = await app.app.inject(batch(project.key, { service_name: 'partial', logs }));
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.count, 99);
      assert.equal(body.rejected.length, 1);
      assert.equal(body.rejected[0].index, 42);
      assert.match(body.rejected[0].reason, /unknown level/);
      const count = (await app.app.inject({ url: `/api/logs/count?project=${project.slug}&service=partial`, headers: { cookie: admin.cookie } })).json();
      assert.equal(count.count, 99);
    });

    test('NUL characters are stripped, long messages truncated and marked', async () => {
      const long = 'x'.repeat(70 * 1024);
      const res = await app.app.inject(batch(project.key, { service_name: 'nul', logs: [{ level: 'info', message: 'a\u0000b', context: { 'k\u0000': 'v\u0000w' } }, { level: 'info', message: long }] }));
      assert.equal(res.statusCode, 201, res.body);
      const page = await list(`project=${project.slug}&service=nul`);
      const nul = page.data.find((l: { message: string }) => l.message === 'ab');
      assert.deepEqual(nul.context, { k: 'vw' });
      const cut = page.data.find((l: { message: string }) => l.message.startsWith('xxx'));
      assert.equal(cut.message.length, 64 * 1024);
      assert.equal(cut.context._truncated, true);
    });

    test('a repeated Idempotency-Key is answered with the original response and stored once', async () => {
      const payload = { service_name: 'idem', logs: entries(5) };
      const first = await app.app.inject(batch(project.key, payload, { 'idempotency-key': 'batch-123' }));
      const again = await app.app.inject(batch(project.key, payload, { 'idempotency-key': 'batch-123' }));
      assert.equal(first.statusCode, 201);
      assert.equal(again.statusCode, 201);
      assert.deepEqual(again.json(), first.json());
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const concurrent = await Promise.all(Array.from({ length: 8 }, () => app.app.inject(batch(project.key, payload, { 'idempotency-key': 'batch-456' }))));
      assert.ok(concurrent.every((r) => r.statusCode === 201));
      const count = (await app.app.inject({ url: `/api/logs/count?project=${project.slug}&service=idem`, headers: { cookie: admin.cookie } })).json();
      assert.equal(count.count, 10);
    });

    test('metrics count ingested and rejected logs by reason', async () => {
      const res = await app.app.inject({ url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /devsmith_logs_ingested_total \d+/);
      assert.match(res.body, /devsmith_logs_rejected_total\{reason="invalid_level"\} 1/);
    });
  });
}
