import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

// Whole hour three days ago: inside DEVSMITH_MAX_PAST_AGE_DAYS, so stored at these times whenever the test runs.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000;

for (const backend of backends()) {
  describe(`query API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let p: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      p = await createProject(app, admin);
      const services = ['api', 'worker', 'cron'];
      for (const service of services) {
        const logs = Array.from({ length: 60 }, (_, i) => ({
          timestamp: T0 + i * 60_000,
          level: ['DEBUG', 'INFO', 'INFO', 'WARN', 'ERROR'][i % 5],
          message: `${service} request ${i} ${i % 7 === 0 ? 'database timeout' : 'ok'}`,
          context: { user: { id: i % 3 }, route: `/r/${i % 2}`, paid: i % 2 === 0 },
        }));
        const res = await app.app.inject(batch(p.key, { service_name: service, logs }));
        assert.equal(res.statusCode, 201);
      }
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = async (url: string) => {
      const res = await app.app.inject({ url, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    const range = `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 3_600_000).toISOString()}`;

    test('filters: service, level, time, text, context; newest first', async () => {
      const all = await get(`/api/logs?project=${p.slug}&${range}&limit=1000`);
      assert.equal(all.data.length, 180);
      const ts = all.data.map((l: { timestamp: string }) => Date.parse(l.timestamp));
      assert.deepEqual(ts, [...ts].sort((a, b) => b - a));
      assert.equal((await get(`/api/logs?project=${p.slug}&${range}&service=api&service=cron&limit=1000`)).data.length, 120);
      const errors = await get(`/api/logs?project=${p.id}&${range}&level=error,fatal&limit=1000`);
      assert.equal(errors.data.length, 36);
      assert.ok(errors.data.every((l: { level: string }) => l.level === 'ERROR'));
      const warn = await get(`/api/logs?project=${p.slug}&${range}&level=warning&service=api`);
      assert.equal(warn.data.length, 12);
      const window = await get(`/api/logs?project=${p.slug}&service=api&from=${new Date(T0 + 10 * 60_000).toISOString()}&to=${T0 + 20 * 60_000}`);
      assert.equal(window.data.length, 10);
      const text = await get(`/api/logs?project=${p.slug}&${range}&q=DATABASE%20time*&service=worker&limit=1000`);
      assert.equal(text.data.length, 9);
      const ctx = await get(`/api/logs?project=${p.slug}&${range}&service=api&ctx.user.id=1&ctx.paid=true&limit=1000`);
      assert.ok(ctx.data.length > 0);
      assert.ok(ctx.data.every((l: { context: { user: { id: number }; paid: boolean } }) => l.context.user.id === 1 && l.context.paid === true));
      assert.equal((await get(`/api/logs/count?project=${p.slug}&${range}&ctx.route=/r/1`)).count, 90);
    });

    test('cursor pagination walks every row once, even while new logs arrive', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { data: Array<{ id: string }>; next_cursor: string | null } = await get(`/api/logs?project=${p.slug}&${range}&limit=25${cursor ? `&cursor=${cursor}` : ''}`);
        for (const l of page.data) {
          assert.ok(!seen.has(l.id), 'no duplicates');
          seen.add(l.id);
        }
        cursor = page.next_cursor;
        if (pages++ === 1) await app.app.inject(batch(p.key, { service_name: 'late', logs: [{ level: 'info', message: 'newer', timestamp: T0 + 50 * 60_000 + 1 }] }));
      } while (cursor);
      assert.ok(seen.size === 180 || seen.size === 181, `walked ${seen.size}`);
      const bad = await app.app.inject({ url: `/api/logs?project=${p.slug}&cursor=garbage`, headers: { cookie: admin.cookie } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'INVALID_CURSOR');
    });

    test('histogram: buckets per interval with counts by level', async () => {
      const h = await get(`/api/logs/histogram?project=${p.slug}&service=api&${range}&interval=10m`);
      assert.equal(h.interval_ms, 600_000);
      assert.equal(h.buckets.length, 6);
      assert.equal(h.buckets[0].total, 10);
      assert.deepEqual(h.buckets[0].counts, { DEBUG: 2, INFO: 4, WARN: 2, ERROR: 2 });
      const auto = await get(`/api/logs/histogram?project=${p.slug}&${range}`);
      assert.ok(auto.interval_ms >= 60_000);
    });

    test('services with counts and last seen; context lines around a log', async () => {
      const s = await get(`/api/logs/services?project=${p.slug}`);
      const names = s.data.map((x: { service: string }) => x.service);
      assert.deepEqual(names.filter((n: string) => n !== 'late'), ['api', 'cron', 'worker']);
      assert.equal(s.data.find((x: { service: string }) => x.service === 'api').count, 60);
      const page = await get(`/api/logs?project=${p.slug}&service=worker&${range}&limit=30`);
      const middle = page.data[15];
      const c = await get(`/api/logs/${middle.id}/context?before=3&after=2`);
      assert.equal(c.log.id, middle.id);
      assert.equal(c.before.length, 3);
      assert.equal(c.after.length, 2);
      assert.ok(c.before.every((l: { service: string }) => l.service === 'worker'));
      assert.ok(Date.parse(c.before[2].timestamp) <= Date.parse(middle.timestamp));
      assert.ok(Date.parse(c.after[0].timestamp) >= Date.parse(middle.timestamp));
    });

    test('bad filters are 400 with a reason', async () => {
      for (const qs of ['level=loud', 'from=yesterday', `from=${T0 + 1}&to=${T0}`, 'ctx.a..b=1', 'limit=0', 'limit=5000']) {
        const res = await app.app.inject({ url: `/api/logs?${qs}`, headers: { cookie: admin.cookie } });
        assert.equal(res.statusCode, 400, qs);
        assert.equal(res.json().code, 'VALIDATION_FAILED', qs);
      }
      const unknown = await app.app.inject({ url: '/api/logs?project=nope', headers: { cookie: admin.cookie } });
      assert.equal(unknown.statusCode, 404);
    });

    test('a query string cannot buy unbounded work: at most 100 projects and 20 ctx.* filters', async () => {
      const names = Array.from({ length: 3000 }, (_, i) => `p${i}`).join(',');
      const ctx = Array.from({ length: 21 }, (_, i) => `ctx.f${i}=1`).join('&');
      for (const qs of [`project=${names}`, ctx]) {
        const res = await app.app.inject({ url: `/api/logs?${qs}`, headers: { cookie: admin.cookie } });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
      }
      // Repeats of one name are one project.
      const once = (await get(`/api/logs/count?project=${p.slug}&${range}`)).count;
      assert.equal((await get(`/api/logs/count?project=${Array(500).fill(p.slug).join(',')}&${range}`)).count, once);
    });
  });
}
