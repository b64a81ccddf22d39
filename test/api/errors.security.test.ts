/** /api/errors access: a user sees and changes only groups of projects they may see; merges stay in one project. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`errors API access (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    let adminGroup: string;
    let otherAdminGroup: string;
    let memberGroup: string;
    const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, s: Session, payload?: unknown) => {
      const res = await app.app.inject({ method, url, headers: { cookie: s.cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { code: res.statusCode, body: res.body ? res.json() : null };
    };
    const groupOf = async (key: string, slug: string, s: Session, message: string) => {
      const res = await app.app.inject(batch(key, { service_name: 'api', logs: [{ level: 'error', message }] }));
      assert.equal(res.statusCode, 201);
      return (await call('GET', `/api/errors?project=${slug}`, s)).body.data[0].id as string;
    };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      member = await createMember(app, admin);
      const a = await createProject(app, admin, 'Admin App');
      const a2 = await createProject(app, admin, 'Admin Other');
      const m = await createProject(app, member, 'Member App');
      adminGroup = await groupOf(a.key, a.slug, admin, 'admin secret failure');
      otherAdminGroup = await groupOf(a2.key, a2.slug, admin, 'other failure');
      memberGroup = await groupOf(m.key, m.slug, member, 'member failure');
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    test('security: another owner\'s group is 404 everywhere and never listed or changed', async () => {
      const list = await call('GET', '/api/errors?status=all', member);
      assert.deepEqual(list.body.data.map((g: { id: string }) => g.id), [memberGroup]);
      assert.equal((await call('GET', '/api/errors?project=admin-app', member)).code, 404);
      for (const [method, url, payload] of [
        ['GET', `/api/errors/${adminGroup}`, undefined],
        ['GET', `/api/errors/${adminGroup}/events`, undefined],
        ['PATCH', `/api/errors/${adminGroup}`, { status: 'resolved' }],
        ['POST', `/api/errors/${adminGroup}/merge`, { source_ids: [memberGroup] }],
        ['POST', `/api/errors/${memberGroup}/merge`, { source_ids: [adminGroup] }],
      ] as const) {
        const r = await call(method, url, member, payload);
        assert.equal(r.code, 404, `${method} ${url}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, 'NOT_FOUND');
      }
      assert.deepEqual((await call('POST', '/api/errors/bulk', member, { ids: [adminGroup, memberGroup], status: 'resolved' })).body, { updated: 1 });
      assert.equal((await call('GET', `/api/errors/${adminGroup}`, admin)).body.status, 'unresolved');
      const logs = await call('GET', `/api/logs?q=error:${adminGroup}`, member);
      assert.deepEqual(logs.body.data, [], 'error:<id> of a group the user cannot see finds nothing');
      assert.equal((await call('GET', '/api/errors?status=all', admin)).body.data.length, 3, 'an admin sees every project');
    });

    test('security: merging groups of two projects is refused with MERGE_ACROSS_PROJECTS', async () => {
      const r = await call('POST', `/api/errors/${adminGroup}/merge`, admin, { source_ids: [otherAdminGroup] });
      assert.equal(r.code, 400);
      assert.equal(r.body.code, 'MERGE_ACROSS_PROJECTS');
      assert.equal((await call('GET', `/api/errors/${otherAdminGroup}`, admin)).code, 200);
    });
  });
}
