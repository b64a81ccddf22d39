/**
 * /api/insights/patterns, /patterns/project and /anomalies on each backend: an injected incident (a new error
 * pattern, a rising one, a volume spike) is found; sampling estimates counts; users see only their projects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { minePatterns } from '../../src/insights/patterns/index.js';
import { PatternUpkeep } from '../../src/insights/patterns/upkeep.js';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const MIN = 60_000;
const STEP = 5 * MIN;

for (const backend of backends()) {
  describe(`insights patterns and anomalies API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    let project: { id: number; slug: string; key: string };
    const now = Date.now();
    const spikeAt = Math.floor((now - 30 * MIN) / STEP) * STEP;
    before(async () => {
      app = await makeApp(backend, {}, { patternsIntervalMs: 3_600_000 });
      admin = await setupAdmin(app);
      member = await createMember(app, admin);
      project = await createProject(app, admin, 'Shop');
      const at = (ms: number) => new Date(ms).toISOString();
      const api: object[] = [];
      // Previous hour: logins and cache misses. This hour: the same logins, three times the misses, a new error.
      for (let i = 0; i < 40; i++) {
        api.push({ level: 'info', message: `user u${i}@example.com logged in from 10.0.${i}.7`, timestamp: at(now - 90 * MIN + i * 1000) });
        api.push({ level: 'info', message: `user u${i}@example.com logged in from 10.1.${i}.7`, timestamp: at(now - 30 * MIN + i * 1000) });
      }
      for (let i = 0; i < 20; i++) api.push({ level: 'debug', message: `cache miss for key order:${i} took ${i + 3}ms`, timestamp: at(now - 100 * MIN + i * 1000) });
      for (let i = 0; i < 60; i++) api.push({ level: 'debug', message: `cache miss for key order:${i} took ${i + 3}ms`, timestamp: at(now - 40 * MIN + i * 1000) });
      for (let i = 0; i < 15; i++) {
        api.push({ level: 'error', message: `payment 3fa85f64-5717-4562-b3fc-2c963f66a${String(100 + i)} failed: card declined (code=${4000 + i})`, timestamp: at(now - 20 * MIN + i * 1000) });
      }
      // The worker: 10 logs every 5 minutes for 6 hours, and 200 in one bucket half an hour ago.
      const worker: object[] = [];
      for (let t = Math.floor((now - 6 * 60 * MIN) / STEP) * STEP; t + 1000 < now; t += STEP) {
        const n = t === spikeAt ? 200 : 10;
        for (let i = 0; i < n; i++) worker.push({ level: 'info', message: `processed job ${i} in ${i + 5}ms`, timestamp: at(t + 1000 + i) });
      }
      for (const [service, logs] of [['api', api], ['worker', worker]] as const) {
        for (let i = 0; i < logs.length; i += 1000) {
          const res = await app.app.inject(batch(project.key, { service_name: service, logs: logs.slice(i, i + 1000) }));
          assert.equal(res.statusCode, 201, res.body);
        }
      }
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = async (url: string, s: Session | null = admin) => {
      const res = await app.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
      return { code: res.statusCode, body: res.json() };
    };

    test('patterns of the last hour: counts, levels, examples, sparkline; new, rising and stable against the hour before', async () => {
      const r = await get(`/api/insights/patterns?project_id=${project.id}&service=api`);
      assert.equal(r.code, 200, JSON.stringify(r.body));
      assert.equal(r.body.sample_rate, 1);
      assert.equal(r.body.sampled, false);
      assert.equal(r.body.scanned, 115);
      const by = new Map<string, any>(r.body.data.map((p: any) => [p.template, p]));
      const login = by.get('user <*> logged in from <*>');
      const miss = by.get('cache miss for key order:<*> took <*>');
      const payment = by.get('payment <*> failed: card declined (code=<*>)');
      assert.ok(login && miss && payment, JSON.stringify([...by.keys()]));
      assert.equal(login.count, 40);
      assert.equal(login.status, 'stable');
      assert.equal(login.baseline_count, 40);
      assert.equal(miss.count, 60);
      assert.equal(miss.status, 'rising');
      assert.equal(miss.ratio, 3);
      assert.equal(payment.status, 'new');
      assert.equal(payment.baseline_count, 0);
      assert.deepEqual(payment.levels, { ERROR: 15 });
      assert.deepEqual(payment.services, ['api']);
      assert.equal(payment.examples.length, 3);
      assert.match(payment.examples[0].message, /^payment .* failed: card declined/);
      assert.equal(payment.examples[0].project_id, project.id);
      assert.equal(payment.sparkline.length, 24);
      assert.equal(payment.sparkline.reduce((a: number, b: number) => a + b, 0), 15);
      assert.equal(payment.id, by.get(payment.template).id);
      assert.match(payment.id, /^[0-9a-f]{16}$/);
      assert.ok(Math.abs(payment.share - 15 / 115) < 1e-9);
      assert.equal(r.body.data[0].template, miss.template); // largest first
      // The same pattern id in another run (stable hash of the template); q filters before mining.
      const errors = await get(`/api/insights/patterns?project_id=${project.slug}&q=${encodeURIComponent('level:error')}&baseline=none`);
      assert.equal(errors.code, 200, JSON.stringify(errors.body));
      assert.deepEqual(errors.body.data.map((p: any) => [p.id, p.count, p.status, p.baseline_count]), [[payment.id, 15, 'stable', null]]);
    });

    test('past maxRows the run samples by time strata: sample_rate < 1, counts estimated', async () => {
      const run = await minePatterns(app.services.store, { projectIds: [project.id], services: ['worker'], from: now - 6 * 60 * MIN, to: now }, { limit: 10, baseline: false, maxRows: 200 });
      assert.ok(run.sampleRate < 1 && run.sampleRate > 0, String(run.sampleRate));
      assert.ok(run.scanned <= 260, String(run.scanned));
      assert.equal(run.patterns.length, 1);
      const truth = run.matched;
      assert.ok(Math.abs(run.patterns[0]!.count - truth) / truth < 0.05, `${run.patterns[0]!.count} vs ${truth}`);
    });

    test('anomalies: the worker spike half an hour ago, as a volume spike of that bucket', async () => {
      const r = await get(`/api/insights/anomalies?project_id=${project.id}&service=worker`);
      assert.equal(r.code, 200, JSON.stringify(r.body));
      const volume = r.body.data.filter((a: any) => a.metric === 'volume');
      assert.equal(volume.length, 1, JSON.stringify(r.body.data));
      assert.equal(volume[0].service, 'worker');
      assert.equal(volume[0].kind, 'spike', JSON.stringify(volume[0]));
      assert.equal(volume[0].from, new Date(spikeAt).toISOString());
      assert.equal(volume[0].observed, 200);
      assert.equal(volume[0].expected, 10);
      assert.equal(volume[0].baseline, 'rolling');
      assert.ok(volume[0].score > 4);
    });

    test('project patterns: the job files every log once, keeps counts across runs and restarts', async () => {
      const job = new PatternUpkeep(app.services.store, { lagMs: 0 });
      assert.equal(await job.runOnce(), await app.services.store.countLogs({ projectIds: [project.id] }));
      const r = await get(`/api/insights/patterns/project?project_id=${project.id}`);
      assert.equal(r.code, 200, JSON.stringify(r.body));
      const by = new Map<string, any>(r.body.data.map((p: any) => [p.template, p]));
      assert.equal(by.get('user <*> logged in from <*>')?.count, 80, JSON.stringify([...by.keys()]));
      assert.equal(by.get('payment <*> failed: card declined (code=<*>)')?.count, 15);
      assert.equal(by.get('payment <*> failed: card declined (code=<*>)').examples.length, 3);
      assert.equal(by.get('payment <*> failed: card declined (code=<*>)').sparkline.reduce((a: number, b: number) => a + b, 0), 15);
      // More logs, read by a new job (as after a restart): the same clusters grow.
      const store = app.services.store;
      const saved = await store.patternProgress();
      const send = async (message: string) => {
        const res = await app.app.inject(batch(project.key, { service_name: 'api', logs: [{ level: 'error', message }] }));
        assert.equal(res.statusCode, 201, res.body);
      };
      await send('payment 3fa85f64-5717-4562-b3fc-2c963f66a999 failed: card declined (code=4999)');
      assert.equal(await new PatternUpkeep(store, { lagMs: 0 }).runOnce(), 1);
      const again = await get(`/api/insights/patterns/project?project_id=${project.id}&limit=50`);
      const payment = again.body.data.find((p: any) => p.template === 'payment <*> failed: card declined (code=<*>)');
      assert.equal(payment.count, 16);
      assert.equal(again.body.data.length, r.body.data.length);
      // That line changed no template: the watermark moved, the saved trees were not written again.
      const kept = await store.patternProgress();
      assert.equal(kept.state, saved.state);
      assert.ok(BigInt(kept.watermark) > BigInt(saved.watermark));
      // A new event changes the tree, which is saved: after a restart its next line joins it (no second cluster).
      await send('disk /dev/sda1 full on node 7');
      assert.equal(await new PatternUpkeep(store, { lagMs: 0 }).runOnce(), 1);
      assert.notEqual((await store.patternProgress()).state, saved.state);
      await send('disk /dev/sda1 full on node 9');
      assert.equal(await new PatternUpkeep(store, { lagMs: 0 }).runOnce(), 1);
      const last = await get(`/api/insights/patterns/project?project_id=${project.id}&limit=50`);
      const disk = last.body.data.filter((p: any) => p.template.startsWith('disk '));
      assert.deepEqual(disk.map((p: any) => [p.template, p.count]), [['disk /dev/sda1 full on node <*>', 2]]);
      assert.equal(last.body.data.length, r.body.data.length + 1);
    });

    test('project patterns: past its rate the job mines a sample, scales the counts and counts every error', async () => {
      const store = app.services.store;
      const burst = await createProject(app, admin, 'Burst');
      const info = Array.from({ length: 300 }, (_, i) => ({ level: 'info', message: `queue drained ${i} jobs in ${i + 1}ms` }));
      const errors = Array.from({ length: 5 }, (_, i) => ({ level: 'error', message: `worker ${i} crashed: out of memory` }));
      for (const logs of [info, errors]) assert.equal((await app.app.inject(batch(burst.key, { service_name: 'worker', logs }))).statusCode, 201);
      // 305 logs of backlog against 10 logs/s for the first run's 1 s: a stride of 31.
      const job = new PatternUpkeep(store, { lagMs: 0, fullRate: 10, intervalMs: 1000 });
      const mined = await job.runOnce();
      assert.ok(mined > 5 && mined < 20, `mined ${mined}`);
      const r = await get(`/api/insights/patterns/project?project_id=${burst.id}`);
      assert.equal(r.code, 200, JSON.stringify(r.body));
      const by = new Map<string, any>(r.body.data.map((p: any) => [p.template, p]));
      assert.deepEqual([...by.keys()].sort(), ['queue drained <*> jobs in <*>', 'worker <*> crashed: out of memory']);
      assert.equal(by.get('worker <*> crashed: out of memory').count, 5); // errors are never sampled
      const drained = by.get('queue drained <*> jobs in <*>');
      assert.ok(Math.abs(drained.count - 300) <= 31, `estimate ${drained.count}`);
      assert.equal(drained.count % 31, 0);
      assert.equal(r.body.sampled, true);
      assert.equal(r.body.scanned, mined);
      assert.equal(r.body.matched, drained.count + 5);
      assert.ok(Math.abs(r.body.sample_rate - mined / (drained.count + 5)) < 1e-9);
      // The other project's patterns are exact still.
      const shop = await get(`/api/insights/patterns/project?project_id=${project.id}`);
      assert.equal(shop.body.sampled, false);
    });

    test('project patterns: past its CPU share (at its measured cost per log) the job samples sooner than fullRate', async () => {
      const store = app.services.store;
      const p = await createProject(app, admin, 'Cpu share');
      const send = async (n: number, from: number) => {
        const logs = Array.from({ length: n }, (_, i) => ({ level: 'info', message: `cache refreshed ${from + i} keys in ${i % 90}ms` }));
        assert.equal((await app.app.inject(batch(p.key, { service_name: 'cache', logs }))).statusCode, 201);
      };
      let offset = 0;
      const clock = () => Date.now() + offset;
      const runs = async (cpuShare: number) => {
        const job = new PatternUpkeep(store, { lagMs: 0, cpuShare, clock });
        await job.runOnce(); // catches up with whatever earlier tests stored
        await send(1_500, 0);
        offset += 1_000;
        const first = await job.runOnce(); // unmeasured yet: every log, and its cost per log measured
        await send(3_000, 1_500);
        offset += 1_000;
        const second = await job.runOnce(); // 3,000 of backlog for 1 s
        offset += 60_000;
        await job.runOnce(); // a sample's last ids may stop short of the newest: the next run reads them
        await job.stop();
        return { first, second };
      };
      // No CPU bound: 1 s at fullRate (5,000 logs/s) covers the 3,000.
      assert.deepEqual(await runs(Infinity), { first: 1_500, second: 3_000 });
      // A share no machine can meet: the rate falls to its floor (1,000 logs/s), a stride of 3 for the 3,000.
      const bounded = await runs(1e-9);
      assert.equal(bounded.first, 1_500);
      assert.ok(bounded.second >= 900 && bounded.second <= 1_100, `mined ${bounded.second}`);
    });

    test('project patterns: saves are spaced; what was filed is saved by the next save, flush() or stop()', async () => {
      const store = app.services.store;
      const job = new PatternUpkeep(store, { lagMs: 0, saveEveryMs: 3_600_000 });
      const send = async (message: string) => {
        const res = await app.app.inject(batch(project.key, { service_name: 'api', logs: [{ level: 'warn', message }] }));
        assert.equal(res.statusCode, 201, res.body);
      };
      await send('slow query on orders took 950ms');
      assert.equal(await job.runOnce(), 1); // the job's first save: nothing saved before by this job
      const before = await store.patternProgress();
      await send('slow query on orders took 1200ms');
      assert.equal(await job.runOnce(), 1);
      assert.deepEqual(await store.patternProgress(), before); // filed, not saved: a restart would file it again
      await job.stop();
      const after = await store.patternProgress();
      assert.ok(BigInt(after.watermark) > BigInt(before.watermark));
      const r = await get(`/api/insights/patterns/project?project_id=${project.id}&limit=100`);
      assert.equal(r.body.data.filter((p: any) => p.template === 'slow query on orders took <*>').map((p: any) => p.count).join(), '2');
    });

    test('access: another user gets 404 for the project, no session 401; bad input is a 400 that says why', async () => {
      for (const url of [`/api/insights/patterns?project_id=${project.id}`, `/api/insights/patterns/project?project_id=${project.id}`, `/api/insights/anomalies?project_id=${project.id}`]) {
        assert.equal((await get(url, member)).code, 404, url);
        assert.equal((await get(url, null)).code, 401, url);
      }
      const badQ = await get(`/api/insights/patterns?project_id=${project.id}&q=${encodeURIComponent('level:(error')}`);
      assert.equal(badQ.code, 400);
      assert.equal(badQ.body.code, 'INVALID_QUERY');
      const badRange = await get(`/api/insights/anomalies?project_id=${project.id}&from=now&to=now-1h`);
      assert.equal(badRange.code, 400);
      assert.match(badRange.body.detail, /"from" must be before "to"/);
      assert.equal((await get(`/api/insights/patterns?project_id=${project.id}&baseline=yesterday`)).code, 400);
      assert.equal((await get(`/api/insights/patterns?project_id=${project.id}&limit=0`)).code, 400);
      assert.equal((await get('/api/insights/patterns')).code, 400);
    });
  });
}
