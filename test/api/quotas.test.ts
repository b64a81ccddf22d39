/**
 * Plans, daily quotas and sampling through the routes, on each backend, with the quota gate's clock moved by
 * the test: 429 QUOTA_EXCEEDED with the daily RateLimit policy, a batch crossing the quota accepted up to
 * it, usage per UTC day, the reset at UTC midnight, and who may change plans.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const START = Date.UTC(2026, 11, 2, 23, 0, 0); // one hour before a UTC midnight

for (const backend of backends()) {
  describe(`plans, quotas and sampling (${backend.name})`, () => {
    let clock = START;
    let a: App;
    let admin: Session;
    let member: Session;
    const as = (s: Session) => ({ cookie: s.cookie });
    before(async () => {
      a = await makeApp(backend, {}, { quotaGate: { now: () => clock } });
      admin = await setupAdmin(a);
      member = await createMember(a, admin);
    });
    after(async () => {
      await a.shutdown();
      await backend.cleanup();
    });

    test('plans: every user lists them, only admins create and change them', async () => {
      const list = await a.app.inject({ method: 'GET', url: '/api/plans', headers: as(member) });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().data.map((p: { slug: string; daily_quota: number | null; default: boolean }) => [p.slug, p.daily_quota, p.default]), [
        ['free', 1000, false], ['pro', 100000, false], ['enterprise', null, true],
      ]);
      const payload = { slug: 'tiny', name: 'Tiny', daily_quota: 10 };
      assert.equal((await a.app.inject({ method: 'POST', url: '/api/plans', headers: as(member), payload })).statusCode, 403);
      const created = await a.app.inject({ method: 'POST', url: '/api/plans', headers: as(admin), payload });
      assert.equal(created.statusCode, 201);
      assert.equal(created.json().plan.rate_limit_per_minute, null);
      const again = await a.app.inject({ method: 'POST', url: '/api/plans', headers: as(admin), payload });
      assert.equal(again.json().code, 'CONFLICT');
      const bad = await a.app.inject({ method: 'POST', url: '/api/plans', headers: as(admin), payload: { slug: 'Bad Slug', name: 'x', daily_quota: 1 } });
      assert.equal(bad.json().code, 'VALIDATION_FAILED');
      const zero = await a.app.inject({ method: 'POST', url: '/api/plans', headers: as(admin), payload: { slug: 'z', name: 'z', daily_quota: 0 } });
      assert.equal(zero.statusCode, 400);
      const id = created.json().plan.id;
      const patched = await a.app.inject({ method: 'PATCH', url: `/api/plans/${id}`, headers: as(admin), payload: { rate_limit_per_minute: 500 } });
      assert.equal(patched.json().plan.rate_limit_per_minute, 500);
      assert.equal(patched.json().plan.daily_quota, 10);
      assert.equal((await a.app.inject({ method: 'PATCH', url: '/api/plans/99999', headers: as(admin), payload: { name: 'x' } })).statusCode, 404);
    });

    test('project plan: admins assign it, members may not; sampling refuses WARN and above', async () => {
      const p = await createProject(a, member, 'Member App');
      const tiny = (await a.app.inject({ method: 'GET', url: '/api/plans', headers: as(admin) })).json().data.find((x: { slug: string }) => x.slug === 'tiny');
      const byMember = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(member), payload: { plan_id: tiny.id } });
      assert.equal(byMember.json().code, 'FORBIDDEN');
      for (const bad of [{ plan_id: 0 }, { sampling: '' }, { sampling: false }]) {
        const res = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(admin), payload: bad });
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
      }
      const unknown = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(admin), payload: { plan_id: 424242 } });
      assert.equal(unknown.json().code, 'VALIDATION_FAILED');
      const byAdmin = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(admin), payload: { plan_id: tiny.id } });
      assert.equal(byAdmin.json().project.plan_id, tiny.id);
      const warn = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(member), payload: { sampling: { WARN: 0.5 } } });
      assert.equal(warn.statusCode, 400);
      assert.match(warn.json().detail, /never sampled/);
      const rate = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(member), payload: { sampling: { debug: 1.5 } } });
      assert.equal(rate.statusCode, 400);
      const ok = await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(member), payload: { sampling: { debug: 0.1 } } });
      assert.deepEqual(ok.json().project.sampling, { DEBUG: 0.1 });
      const listed = (await a.app.inject({ method: 'GET', url: '/api/logs/projects', headers: as(member) })).json().data;
      assert.deepEqual([listed[0].plan_id, listed[0].sampling], [tiny.id, { DEBUG: 0.1 }]);
    });

    test('quota: accepted up to it, then 429 QUOTA_EXCEEDED until UTC midnight; usage per day', async () => {
      const p = await createProject(a, admin, 'Quota App');
      const tiny = (await a.app.inject({ method: 'GET', url: '/api/plans', headers: as(admin) })).json().data.find((x: { slug: string }) => x.slug === 'tiny');
      await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(admin), payload: { plan_id: tiny.id } });
      const logs = (n: number) => ({ service_name: 'api', logs: entries(n) });

      const first = await a.app.inject(batch(p.key, logs(7)));
      assert.equal(first.statusCode, 201);
      assert.equal(first.headers['ratelimit-policy'], '"default";q=500;w=60, "daily";q=10;w=86400', 'the plan rate limit applies, beside the daily window');
      assert.equal(first.headers.ratelimit, '"default";r=499;t=60, "daily";r=3;t=3600');

      // Entry 1 is invalid: the quota's 3 remaining go to entries 0, 2, 3 and entries 4-7 are refused.
      const crossing = await a.app.inject(batch(p.key, { service_name: 'api', logs: [...entries(1), { level: 'nope', message: 'x' }, ...entries(6)] }));
      assert.equal(crossing.statusCode, 200);
      const rejected = crossing.json().rejected as Array<{ index: number; reason: string }>;
      assert.deepEqual(rejected.map((r) => r.index), [1, 4, 5, 6, 7]);
      assert.match(rejected[1]!.reason, /QUOTA_EXCEEDED/);
      assert.equal(crossing.json().count, 3);
      assert.equal(crossing.headers['retry-after'], '3600');

      clock += 1_000;
      const refused = await a.app.inject(batch(p.key, logs(2)));
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(refused.json().code, 'QUOTA_EXCEEDED');
      assert.equal(refused.json().type, 'https://devsmith.dev/problems/quota-exceeded');
      assert.equal(refused.headers['retry-after'], '3599');
      assert.match(String(refused.headers['ratelimit-policy']), /"daily";q=10;w=86400$/);
      assert.match(String(refused.headers.ratelimit), /"daily";r=0;t=3599$/);

      const usage = (await a.app.inject({ method: 'GET', url: `/api/logs/projects/${p.id}/usage?days=2`, headers: as(admin) })).json();
      assert.deepEqual(usage.today, { day: '2026-12-02', accepted: 10, quota: 10, remaining: 0, reset_at: '2026-12-03T00:00:00.000Z' });
      const today = usage.days[1];
      assert.deepEqual([today.day, today.accepted, today.refused, today.sampled_out], ['2026-12-02', 10, 6, 0]);
      assert.equal(today.by_level.ERROR.accepted, 3, 'entries(n) starts with an ERROR: 1 in the first batch, 2 in the second');

      clock = Date.UTC(2026, 11, 3, 0, 0, 1); // the next UTC day
      const next = await a.app.inject(batch(p.key, logs(4)));
      assert.equal(next.statusCode, 201);
      assert.match(String(next.headers.ratelimit), /"daily";r=6;t=86399$/);
      const days = (await a.app.inject({ method: 'GET', url: `/api/logs/projects/${p.slug}/usage?days=2`, headers: as(admin) })).json().days;
      assert.deepEqual(days.map((d: { day: string; accepted: number; refused: number }) => [d.day, d.accepted, d.refused]), [['2026-12-02', 10, 6], ['2026-12-03', 4, 0]]);
      const count = await a.app.inject({ method: 'GET', url: `/api/logs/count?project=${p.id}&from=2026-01-01T00:00:00Z`, headers: as(admin) });
      assert.equal(count.json().count, 14, 'exactly the accepted logs are stored');
    });

    test('sampling: sampled-out logs are answered 201, counted, not stored, and do not use the quota', async () => {
      const p = await createProject(a, admin, 'Sampled App');
      await a.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: as(admin), payload: { sampling: { INFO: 0 } } });
      const res = await a.app.inject(batch(p.key, { service_name: 'api', logs: entries(20) }));
      assert.equal(res.statusCode, 201);
      assert.deepEqual([res.json().count, res.json().sampled_out], [2, 18]);
      assert.match(res.json().message, /18 sampled out/);
      assert.equal(res.headers['ratelimit-policy'], '"default";q=1000;w=60', 'the default plan (Enterprise) has no daily window');
      const day = (await a.app.inject({ method: 'GET', url: `/api/logs/projects/${p.id}/usage?days=1`, headers: as(admin) })).json().days[0];
      assert.deepEqual([day.accepted, day.sampled_out, day.sent], [2, 18, 20]);
      assert.deepEqual(day.by_level.INFO, { accepted: 0, sampled_out: 18, refused: 0 });
      const usageOfOther = await a.app.inject({ method: 'GET', url: `/api/logs/projects/${p.id}/usage`, headers: as(member) });
      assert.equal(usageOfOther.statusCode, 404);
    });
  });
}
