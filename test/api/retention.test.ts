/** Retention over HTTP on each backend: the project setting, its validation, the dry run, and a run moved in time. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const DAY = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY);
const dayLabel = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

for (const backend of backends()) {
  describe(`retention API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let p: { id: number; slug: string; key: string };
    let now = Date.now();
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_RETENTION_DAYS: '7' }, { clock: () => now });
      admin = await setupAdmin(app);
      p = await createProject(app, admin);
      // 4 logs on each of the days 5, 3 and 1 before today, and today.
      const logs = [5, 3, 1, 0].flatMap((back) =>
        Array.from({ length: 4 }, (_, i) => ({ timestamp: (TODAY - back) * DAY + i * 60_000 + 1000, level: 'INFO', message: `day -${back} log ${i}` })));
      assert.equal((await app.app.inject(batch(p.key, { service_name: 'api', logs }))).statusCode, 201);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const call = async (method: 'GET' | 'PATCH', url: string, s: Session = admin, payload?: object) => {
      const res = await app.app.inject({ method, url, headers: { cookie: s.cookie }, ...(payload ? { payload } : {}) });
      return { code: res.statusCode, body: res.json(), type: String(res.headers['content-type']) };
    };
    const count = async () => (await call('GET', `/api/logs/count?project=${p.id}`)).body.count as number;

    test('retention_days: set, shown on the project, null goes back to the server default', async () => {
      const set = await call('PATCH', `/api/logs/projects/${p.id}`, admin, { retention_days: 90 });
      assert.equal(set.code, 200);
      assert.equal(set.body.project.retention_days, 90);
      assert.equal((await call('GET', `/api/logs/projects/${p.slug}`)).body.project.retention_days, 90);
      const view = await call('GET', `/api/logs/projects/${p.id}/retention`);
      assert.equal(view.body.retention_days, 90);
      assert.equal(view.body.effective_days, 90);
      const reset = await call('PATCH', `/api/logs/projects/${p.id}`, admin, { retention_days: null });
      assert.equal(reset.body.project.retention_days, null);
      const dflt = await call('GET', `/api/logs/projects/${p.id}/retention`);
      assert.deepEqual([dflt.body.retention_days, dflt.body.effective_days], [null, 7]);
    });

    test('retention_days outside 1..3650 or not a whole number: 400 problem+json, nothing changed', async () => {
      for (const bad of [0, -1, 3651, 1.5, 'thirty', [7, 8]]) {
        const res = await call('PATCH', `/api/logs/projects/${p.id}`, admin, { retention_days: bad });
        assert.equal(res.code, 400, `retention_days ${JSON.stringify(bad)}`);
        assert.match(res.type, /application\/problem\+json/);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
        assert.match(res.body.detail, /retention_days/);
      }
      assert.equal((await call('GET', `/api/logs/projects/${p.id}`)).body.project.retention_days, null);
    });

    test('dry run then a run, with time moved: exactly the expired days go', async () => {
      await call('PATCH', `/api/logs/projects/${p.id}`, admin, { retention_days: 2 });
      const dry = await call('GET', `/api/logs/projects/${p.id}/retention`);
      assert.equal(dry.code, 200);
      assert.equal(dry.body.first_kept_day, dayLabel(TODAY - 2));
      assert.equal(dry.body.oldest_log, new Date((TODAY - 5) * DAY + 1000).toISOString());
      assert.deepEqual(dry.body.would_delete.days, [dayLabel(TODAY - 5), dayLabel(TODAY - 3)]);
      assert.equal(dry.body.would_delete.logs, 8);
      assert.ok(dry.body.would_delete.bytes_estimate > 0);
      assert.equal(await count(), 16, 'a dry run deletes nothing');

      await app.services.retention.run();
      assert.equal(await count(), 8);
      now += 2 * DAY; // day -1 is now 3 days old
      const moved = await call('GET', `/api/logs/projects/${p.id}/retention`);
      assert.deepEqual(moved.body.would_delete.days, [dayLabel(TODAY - 1)]);
      await app.services.retention.run();
      assert.equal(await count(), 4);
      const logs = (await call('GET', `/api/logs?project=${p.id}`)).body.data as Array<{ message: string }>;
      assert.ok(logs.every((l) => l.message.startsWith('day -0')));
    });

    test('another member cannot read or set the retention of a project not theirs', async () => {
      const member = await createMember(app, admin);
      assert.equal((await call('GET', `/api/logs/projects/${p.id}/retention`, member)).code, 404);
      assert.equal((await call('PATCH', `/api/logs/projects/${p.id}`, member, { retention_days: 1 })).code, 404);
      assert.equal((await app.app.inject({ url: `/api/logs/projects/${p.id}/retention` })).statusCode, 401);
    });
  });
}
