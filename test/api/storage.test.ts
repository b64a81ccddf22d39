/** Storage per project over HTTP on each backend: estimated bytes, and each user sees only their projects. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`storage API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    let mine: { id: number; key: string };
    let theirs: { id: number; key: string };
    let empty: { id: number };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      member = await createMember(app, admin);
      mine = await createProject(app, admin, 'Admin App');
      empty = await createProject(app, admin, 'Quiet App');
      theirs = await createProject(app, member, 'Member App');
      for (const [p, n] of [[mine, 20], [theirs, 60]] as const) {
        const logs = entries(n, (i) => ({ message: `GET /items/${i} answered 200 in ${i * 3} ms`, context: { user: `u${i}` } }));
        assert.equal((await app.app.inject(batch(p.key, { service_name: 'api', logs }))).statusCode, 201);
      }
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = async (s?: Session) => {
      const res = await app.app.inject({ method: 'GET', url: '/api/logs/storage', headers: s ? { cookie: s.cookie } : {} });
      return { code: res.statusCode, body: res.json(), type: String(res.headers['content-type']) };
    };
    type Row = { project_id: number; logs: number; bytes: number; bytes_per_log: number };

    test('an admin sees every project: bytes shared by stored logs, said to be estimated', async () => {
      const r = await get(admin);
      assert.equal(r.code, 200);
      assert.equal(r.body.estimated, true);
      assert.ok(!Number.isNaN(Date.parse(r.body.measured_at)));
      assert.ok(r.body.covers.length > 0);
      const rows = new Map((r.body.data as Row[]).map((p) => [p.project_id, p]));
      assert.deepEqual([...rows.keys()].sort(), [mine.id, empty.id, theirs.id].sort());
      assert.deepEqual([rows.get(mine.id)!.logs, rows.get(theirs.id)!.logs, rows.get(empty.id)!.logs], [20, 60, 0]);
      assert.ok(rows.get(mine.id)!.bytes > 0);
      assert.ok(Math.abs(rows.get(theirs.id)!.bytes / rows.get(mine.id)!.bytes - 3) < 0.01);
      assert.deepEqual([rows.get(empty.id)!.bytes, rows.get(empty.id)!.bytes_per_log], [0, 0]);
      assert.ok(r.body.bytes_per_log > 0);
      assert.equal(r.body.total.logs, 80);
      assert.equal(r.body.total.bytes, [...rows.values()].reduce((s, p) => s + p.bytes, 0));
    });

    test("a member sees only their own projects, and a total of those only", async () => {
      const r = await get(member);
      assert.equal(r.code, 200);
      assert.deepEqual((r.body.data as Row[]).map((p) => p.project_id), [theirs.id]);
      assert.equal(r.body.total.logs, 60);
      assert.equal(r.body.total.bytes, (r.body.data as Row[])[0]!.bytes);
      assert.ok(!JSON.stringify(r.body).includes('"total_logs"'), 'the server-wide count is not given');
    });

    test('a project with the slug "storage" is still found by its slug', async () => {
      const named = await createProject(app, member, 'Storage');
      const res = await app.app.inject({ method: 'GET', url: '/api/logs/projects/storage', headers: { cookie: member.cookie } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().project.id, named.id);
    });

    test('without a session: 401 problem+json', async () => {
      const r = await get();
      assert.equal(r.code, 401);
      assert.match(r.type, /application\/problem\+json/);
    });
  });
}
