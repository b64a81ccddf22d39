/** /api/errors on each backend: ingest groups errors, list/detail/events, status changes, bulk, merge, and bad input. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`errors API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      project = await createProject(app, admin, 'Checkout');
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, s: Session | null = admin) => {
      const res = await app.app.inject({ method, url, headers: s ? { cookie: s.cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { code: res.statusCode, body: res.body ? res.json() : null, type: String(res.headers['content-type'] ?? '') };
    };
    const send = async (service: string, logs: object[], version?: string) => {
      const res = await app.app.inject(batch(project.key, { service_name: service, version, host: `${service}-1`, logs }));
      assert.equal(res.statusCode, 201, res.body);
    };
    const spike = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ level: 'error', message: `Payment for order ${1000 + from + i} failed`, trace_id: 't1' }));

    test('happy: a spike from two services is one group; detail, events, breadcrumbs', async () => {
      await send('api', [{ level: 'info', message: 'checkout started', trace_id: 't1' }, ...spike(5)], '1.0');
      await send('worker', spike(4, 5), '1.1');
      await send('api', [{ level: 'warn', message: 'slow query 250 ms' }, { level: 'info', message: 'not an error 7' }]);
      const list = await call('GET', `/api/errors?project=${project.slug}`);
      assert.equal(list.code, 200, JSON.stringify(list.body));
      assert.equal(list.body.data.length, 2);
      const g = list.body.data.find((x: { count: number }) => x.count === 9);
      assert.ok(g, 'one group of 9');
      assert.equal(g.title, 'Payment for order <num> failed');
      assert.deepEqual(g.services, ['api', 'worker']);
      assert.equal(g.hosts_affected, 2);
      assert.deepEqual([g.first_release, g.last_release], ['1.0', '1.1']);
      assert.deepEqual([g.status, g.is_new, g.regressed, g.project, g.project_id, g.level], ['unresolved', true, false, project.slug, project.id, 'ERROR']);
      assert.equal(g.sparkline.length, 24);
      assert.equal(g.sparkline[23], 9);
      assert.match(g.fingerprint, /^[0-9a-f]{32}$/);

      const detail = await call('GET', `/api/errors/${g.id}`);
      assert.equal(detail.code, 200, JSON.stringify(detail.body));
      assert.equal(detail.body.latest_event.message, 'Payment for order 1008 failed');
      assert.equal(detail.body.first_event.message, 'Payment for order 1000 failed');
      assert.deepEqual(detail.body.frames, []);
      assert.deepEqual(detail.body.tags.service.map((t: { value: string; count: number }) => [t.value, t.count]), [['api', 5], ['worker', 4]]);
      assert.deepEqual(detail.body.tags.version.map((t: { value: string }) => t.value).sort(), ['1.0', '1.1']);
      assert.equal(detail.body.breadcrumbs.length, 3, 'worker lines of trace t1 before the latest event');
      assert.equal(detail.body.breadcrumbs[2].message, 'Payment for order 1007 failed');
      assert.deepEqual(detail.body.merged_fingerprints, []);

      const p1 = await call('GET', `/api/errors/${g.id}/events?limit=5`);
      assert.deepEqual(p1.body.data.map((e: { message: string }) => e.message.slice(18, 22)), ['1008', '1007', '1006', '1005', '1004']);
      const p2 = await call('GET', `/api/errors/${g.id}/events?limit=5&cursor=${p1.body.next_cursor}`);
      assert.equal(p2.body.data.length, 4);
      const explore = await call('GET', `/api/logs?project=${project.slug}&q=${encodeURIComponent(`error:${g.id}`)}`);
      assert.equal(explore.body.data.length, 9, 'the explorer opens a group with error:<id>');
      const byFp = await call('GET', `/api/logs/count?project=${project.slug}&q=fingerprint:${g.fingerprint}`);
      assert.equal(byFp.body.count, 9);
      assert.equal((await call('GET', `/api/logs/count?project=${project.slug}&q=has:fingerprint`)).body.count, 10, 'every WARN and ERROR row');
    });

    test('happy: resolve, send again, regressed; ignore until 2 events; assign and note; bulk; merge', async () => {
      const [g, other] = (await call('GET', `/api/errors?sort=count`)).body.data;
      const resolved = await call('PATCH', `/api/errors/${g.id}`, { status: 'resolved', assignee_id: admin.userId, note: 'deployed a fix' });
      assert.equal(resolved.code, 200, JSON.stringify(resolved.body));
      assert.deepEqual([resolved.body.status, resolved.body.assignee.id, resolved.body.note], ['resolved', admin.userId, 'deployed a fix']);
      assert.equal((await call('GET', '/api/errors')).body.data.some((x: { id: string }) => x.id === g.id), false, 'default status is unresolved');
      await send('api', spike(1, 50));
      const back = (await call('GET', `/api/errors/${g.id}`)).body;
      assert.deepEqual([back.status, back.regressed, back.count], ['unresolved', true, 10]);
      assert.ok(back.regressed_at);

      const ignored = await call('PATCH', `/api/errors/${g.id}`, { ignore_count: 2 });
      assert.deepEqual([ignored.body.status, ignored.body.ignore_count], ['ignored', 2]);
      await send('api', spike(1, 60));
      assert.equal((await call('GET', `/api/errors/${g.id}`)).body.status, 'ignored');
      await send('api', spike(1, 61));
      assert.equal((await call('GET', `/api/errors/${g.id}`)).body.status, 'unresolved');

      const bulk = await call('POST', '/api/errors/bulk', { ids: [g.id, other.id, '99999'], status: 'ignored', ignore_until: '2999-01-01T00:00:00Z' });
      assert.deepEqual(bulk.body, { updated: 2 });
      assert.equal((await call('GET', '/api/errors?status=ignored')).body.data.length, 2);
      assert.equal((await call('GET', '/api/errors?status=ignored')).body.data[0].ignore_until, '2999-01-01T00:00:00.000Z');

      const merged = await call('POST', `/api/errors/${g.id}/merge`, { source_ids: [other.id] });
      assert.equal(merged.code, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.count, 13);
      assert.equal((await call('GET', `/api/errors/${other.id}`)).code, 404);
      assert.equal((await call('GET', `/api/errors/${g.id}`)).body.merged_fingerprints.length, 1);
      assert.equal((await call('GET', '/api/errors?status=all')).body.data.length, 1);
    });

    test('list: sort, new, paging with cursor', async () => {
      const p2 = await createProject(app, admin, 'Paging');
      const logs = Array.from({ length: 5 }, (_, i) => ({ level: 'error', message: `distinct failure ${'abcde'[i]}` }));
      const res = await app.app.inject(batch(p2.key, { service_name: 'api', logs }));
      assert.equal(res.statusCode, 201);
      const first = await call('GET', `/api/errors?project=${p2.slug}&limit=2&new=1&sort=first_seen`);
      assert.equal(first.body.data.length, 2);
      const second = await call('GET', `/api/errors?project=${p2.slug}&limit=2&new=1&sort=first_seen&cursor=${first.body.next_cursor}`);
      const third = await call('GET', `/api/errors?project=${p2.slug}&limit=2&new=1&sort=first_seen&cursor=${second.body.next_cursor}`);
      assert.equal(third.body.next_cursor, null);
      const ids = [...first.body.data, ...second.body.data, ...third.body.data].map((g: { id: string }) => g.id);
      assert.equal(new Set(ids).size, 5);
      assert.equal((await call('GET', `/api/errors?project=${p2.slug}&q=FAILURE%20C`)).body.data.length, 1);
      assert.equal((await call('GET', `/api/errors?project=${p2.slug}&sort=trend`)).body.data.length, 5);
    });

    test('list: status takes a comma-separated list of statuses', async () => {
      const p3 = await createProject(app, admin, 'Statuses');
      const logs = ['alpha', 'bravo', 'charlie'].map((w) => ({ level: 'error', message: `status case ${w}` }));
      assert.equal((await app.app.inject(batch(p3.key, { service_name: 'api', logs }))).statusCode, 201);
      const byTitle = async (query: string) => {
        const r = await call('GET', `/api/errors?project=${p3.slug}&${query}`);
        assert.equal(r.code, 200, JSON.stringify(r.body));
        return r.body.data.map((g: { title: string }) => g.title.split(' ').pop()).sort();
      };
      const ids = Object.fromEntries((await call('GET', `/api/errors?project=${p3.slug}`)).body.data.map((g: { id: string; title: string }) => [g.title.split(' ').pop(), g.id]));
      assert.equal((await call('PATCH', `/api/errors/${ids.alpha}`, { status: 'resolved' })).code, 200);
      assert.equal((await call('PATCH', `/api/errors/${ids.bravo}`, { status: 'resolved_next_release' })).code, 200);
      assert.deepEqual(await byTitle('status=resolved'), ['alpha']);
      assert.deepEqual(await byTitle('status=resolved,resolved_next_release'), ['alpha', 'bravo']);
      assert.deepEqual(await byTitle('status=unresolved,%20resolved'), ['alpha', 'charlie'], 'spaces around commas are fine');
      assert.deepEqual(await byTitle('status=resolved,all'), ['alpha', 'bravo', 'charlie']);
      const bad = await call('GET', `/api/errors?project=${p3.slug}&status=resolved,closed`);
      assert.equal(bad.code, 400);
      assert.equal(bad.body.code, 'VALIDATION_FAILED');
      assert.match(bad.type, /application\/problem\+json/);
      assert.match(bad.body.detail, /"closed"/, JSON.stringify(bad.body));
      assert.equal((await call('GET', `/api/errors?project=${p3.slug}&status=resolved,`)).code, 400, 'an empty item is a mistake, not "any"');
    });

    test('error: bad input is a 400 problem with a stable code', async () => {
      const [g] = (await call('GET', '/api/errors?status=all')).body.data;
      const cases: Array<[string, string, unknown, string]> = [
        ['GET', '/api/errors?status=open', undefined, 'VALIDATION_FAILED'],
        ['GET', '/api/errors?sort=oldest', undefined, 'VALIDATION_FAILED'],
        ['GET', '/api/errors?limit=201', undefined, 'VALIDATION_FAILED'],
        ['GET', '/api/errors?from=yesterday', undefined, 'VALIDATION_FAILED'],
        ['GET', '/api/errors?cursor=xyz', undefined, 'INVALID_CURSOR'],
        ['GET', `/api/errors/${g.id}/events?cursor=xyz`, undefined, 'INVALID_CURSOR'],
        ['PATCH', `/api/errors/${g.id}`, { status: 'closed' }, 'VALIDATION_FAILED'],
        ['PATCH', `/api/errors/${g.id}`, {}, 'VALIDATION_FAILED'],
        ['PATCH', `/api/errors/${g.id}`, { note: 'x'.repeat(10_001) }, 'VALIDATION_FAILED'],
        ['PATCH', `/api/errors/${g.id}`, { assignee_id: 424242 }, 'UNKNOWN_ASSIGNEE'],
        ['PATCH', `/api/errors/${g.id}`, { status: 'resolved', ignore_count: 3 }, 'VALIDATION_FAILED'],
        ['PATCH', `/api/errors/${g.id}`, { ignore_until: 'soon' }, 'VALIDATION_FAILED'],
        ['POST', '/api/errors/bulk', { ids: [], status: 'resolved' }, 'VALIDATION_FAILED'],
        ['POST', '/api/errors/bulk', { ids: Array(501).fill('1'), status: 'resolved' }, 'VALIDATION_FAILED'],
        ['POST', `/api/errors/${g.id}/merge`, { source_ids: ['x'] }, 'VALIDATION_FAILED'],
      ];
      for (const [method, url, payload, code] of cases) {
        const r = await call(method as 'GET', url, payload);
        assert.equal(r.code, 400, `${method} ${url} ${JSON.stringify(payload)?.slice(0, 80)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, code, `${method} ${url}`);
        assert.match(r.type, /application\/problem\+json/);
      }
      assert.equal((await call('GET', '/api/errors/abc')).code, 400);
      assert.equal((await call('GET', '/api/errors/123456789')).code, 404);
      assert.equal((await call('GET', '/api/errors', undefined, null)).code, 401);
    });

    test('the detail shows the latest event\'s stack as frames, application frames marked', async () => {
      const stack = [
        "TypeError: Cannot read properties of undefined (reading 'sku')",
        '    at addItem (/srv/app/src/cart.js:42:13)',
        '    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ].join('\n');
      const cart = await createProject(app, admin, 'Cart');
      const res = await app.app.inject(batch(cart.key, { service_name: 'cart', logs: [{ level: 'error', message: 'add to cart failed', context: { error: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'sku')", stack } } }] }));
      assert.equal(res.statusCode, 201, res.body);
      const list = await call('GET', `/api/errors?project=${cart.slug}`);
      assert.equal(list.body.data.length, 1, JSON.stringify(list.body));
      const detail = await call('GET', `/api/errors/${list.body.data[0].id}`);
      assert.deepEqual(
        detail.body.frames.map((f: { function: string; line: number; in_app: boolean }) => [f.function, f.line, f.in_app]),
        [['addItem', 42, true], ['Layer.handle', 95, false], ['process.processTicksAndRejections', 95, false]],
      );
      assert.equal(detail.body.frames[0].file.endsWith('src/cart.js'), true, detail.body.frames[0].file);
    });
  });
}

describe('errors API with DEVSMITH_ERROR_GROUPING=off (sqlite)', () => {
  test('logs are stored without a fingerprint and no group is made', async () => {
    const backend = backends()[0]!;
    const app = await makeApp(backend, { DEVSMITH_ERROR_GROUPING: 'off' });
    try {
      const admin = await setupAdmin(app);
      const p = await createProject(app, admin, 'Ungrouped');
      const res = await app.app.inject(batch(p.key, { service_name: 'api', logs: [{ level: 'error', message: 'Payment for order 1 failed' }] }));
      assert.equal(res.statusCode, 201);
      const get = (url: string) => app.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } }).then((r) => r.json());
      assert.deepEqual((await get('/api/errors?status=all')).data, []);
      assert.equal((await get(`/api/logs/count?project=${p.slug}`)).count, 1);
      assert.equal((await get(`/api/logs/count?project=${p.slug}&q=has:fingerprint`)).count, 0);
    } finally {
      await app.shutdown();
      await backend.cleanup();
    }
  });
});
