/** The archive API's errors and edges: validation, access, storage not configured or failing, damaged objects, the retention hook. */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { startMoto, type Moto } from '../helpers/moto.js';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const D1 = dayText(today - 2 * DAY);

let moto: Moto | string;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  if (typeof moto !== 'string') await moto.stop();
});

describe('archive API without storage configured', () => {
  const backend = sqliteBackend();
  after(() => backend.cleanup());
  test('GET lists nothing and says so; POST is 409 ARCHIVE_NOT_CONFIGURED naming the variable', async () => {
    const app = await makeApp(backend);
    try {
      const admin = await setupAdmin(app);
      const p = await createProject(app, admin, 'Plain');
      const list = await app.app.inject({ url: `/api/logs/projects/${p.slug}/archives`, headers: { cookie: admin.cookie } });
      assert.deepEqual(list.json(), { data: [], configured: false });
      const res = await app.app.inject({ method: 'POST', url: `/api/logs/projects/${p.slug}/archives`, headers: { cookie: admin.cookie }, payload: { day: D1 } });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'ARCHIVE_NOT_CONFIGURED');
      assert.match(res.json().detail, /DEVSMITH_ARCHIVE_S3_BUCKET/);
    } finally {
      await app.shutdown();
    }
  });
});

describe('archive API with storage', () => {
  const backend = sqliteBackend();
  let app: App;
  let admin: Session;
  let member: Session;
  let shop: { id: number; slug: string; key: string };
  const bucket = `api-${process.pid}`;
  before(async () => {
    if (typeof moto === 'string') return;
    await moto.createBucket(bucket);
    app = await makeApp(backend, moto.env(bucket));
    admin = await setupAdmin(app);
    member = await createMember(app, admin);
    shop = await createProject(app, admin, 'Shop');
    const logs = [1, 2, 3].map((i) => ({ level: 'INFO', message: `m${i}`, timestamp: new Date(today - 2 * DAY + i * 1000).toISOString() }));
    assert.equal((await app.app.inject(batch(shop.key, { service_name: 'api', logs }))).statusCode, 201);
  });
  after(async () => {
    await app?.shutdown();
    await backend.cleanup();
  });
  const post = (url: string, payload?: object, s: Session | null = admin) =>
    app.app.inject({ method: 'POST', url, headers: s ? { cookie: s.cookie } : {}, ...(payload ? { payload } : {}) });
  const archivesUrl = () => `/api/logs/projects/${shop.slug}/archives`;

  test('bad requests are 400 VALIDATION_FAILED with a reason', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const cases: Array<[object, RegExp]> = [
      [{ day: '2026-02-30' }, /YYYY-MM-DD/],
      [{ day: '20261120' }, /YYYY-MM-DD/],
      [{ day: dayText(today) }, /not over yet/],
      [{ day: dayText(today + DAY) }, /not over yet/],
      [{ day: D1, from: D1, to: D1 }, /either day, or from and to/],
      [{ from: D1 }, /from and to/],
      [{}, /give day/],
      [{ from: D1, to: dayText(today - 4 * DAY) }, /before from/],
      [{ from: '2024-01-01', to: '2025-12-31' }, /at most 366 days/],
      [{ day: D1, extra: 1 }, /must NOT have additional properties|extra/],
    ];
    for (const [payload, why] of cases) {
      const res = await post(archivesUrl(), payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().code, 'VALIDATION_FAILED', JSON.stringify(payload));
      assert.match(res.json().detail, why, JSON.stringify(payload));
    }
    const restore = await post(`${archivesUrl()}/not-a-day/restore`);
    assert.equal(restore.statusCode, 400);
  });

  test('access: signed-out 401; another owner\'s project 404, as if it did not exist', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    assert.equal((await post(archivesUrl(), { day: D1 }, null)).statusCode, 401);
    assert.equal((await app.app.inject({ url: archivesUrl() })).statusCode, 401);
    for (const res of [
      await post(archivesUrl(), { day: D1 }, member),
      await app.app.inject({ url: archivesUrl(), headers: { cookie: member.cookie } }),
      await post(`${archivesUrl()}/${D1}/restore`, undefined, member),
    ]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'NOT_FOUND');
    }
  });

  test('restoring a day never archived is 404; a damaged or replaced object is 502 ARCHIVE_STORAGE_FAILED', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const none = await post(`${archivesUrl()}/${dayText(today - 9 * DAY)}/restore`);
    assert.equal(none.statusCode, 404);
    assert.match(none.json().detail, /no finished archive/);

    assert.equal((await post(archivesUrl(), { day: D1 })).statusCode, 202);
    await app.services.archives.idle();
    const [record] = (await app.app.inject({ url: archivesUrl(), headers: { cookie: admin.cookie } })).json().data;
    assert.equal(record.status, 'archived');
    assert.equal(record.log_count, 3);
    const put = (body: Buffer) => (moto as Moto).client.send(new PutObjectCommand({ Bucket: bucket, Key: record.object_key, Body: body }));

    await put(Buffer.from('not gzip at all'));
    const garbage = await post(`${archivesUrl()}/${D1}/restore`);
    assert.equal(garbage.statusCode, 502, garbage.body);
    assert.equal(garbage.json().code, 'ARCHIVE_STORAGE_FAILED');
    assert.match(garbage.json().detail, /damaged/);

    await put(gzipSync('{"id":"1"}\n'));
    const foreign = await post(`${archivesUrl()}/${D1}/restore`);
    assert.equal(foreign.statusCode, 502);
    assert.match(foreign.json().detail, /line 1 of the archive is not a log/);
  });

  test('a storage failure marks the day failed with the storage\'s reason; the retention hook throws then', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const broken = await makeApp(backend, { ...moto.env('no-such-bucket'), DEVSMITH_ARCHIVE_ON_EXPIRY: 'true', DEVSMITH_RETENTION_DAYS: '1' });
    try {
      const s = await setupAdmin(broken);
      const p = await createProject(broken, s, 'Lost');
      assert.equal((await broken.app.inject({ method: 'POST', url: `/api/logs/projects/${p.slug}/archives`, headers: { cookie: s.cookie }, payload: { day: D1 } })).statusCode, 202);
      await broken.services.archives.idle();
      const [record] = (await broken.app.inject({ url: `/api/logs/projects/${p.slug}/archives`, headers: { cookie: s.cookie } })).json().data;
      assert.equal(record.status, 'failed');
      assert.match(record.error, /NoSuchBucket/);
      await assert.rejects(broken.services.archives.beforeDayDeleted(p.id, (today - 3 * DAY) / DAY), /failed/);
      // Wired into retention: the day whose archive fails is kept.
      const old = [{ level: 'INFO', message: 'keep me', timestamp: new Date(today - 3 * DAY + 5000).toISOString() }];
      assert.equal((await broken.app.inject(batch(p.key, { service_name: 'api', logs: old }))).statusCode, 201);
      const run = await broken.services.retention.run();
      assert.ok(run.failed.length >= 1, JSON.stringify(run));
      assert.equal(await broken.services.store.countLogs({ projectIds: [p.id], to: today - 2 * DAY }), 1, 'kept: its archive failed');
    } finally {
      await broken.shutdown();
    }
  });

  test('the retention hook archives the day when archive-on-expiry is set, and not again while it is unchanged', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const hooked = await makeApp(backend, { ...moto.env(bucket), DEVSMITH_ARCHIVE_ON_EXPIRY: 'true', DEVSMITH_RETENTION_DAYS: '1' });
    try {
      const s = await setupAdmin(hooked);
      const p = await createProject(hooked, s, 'Hooked');
      const dayStart = today - 3 * DAY;
      const logs = [{ level: 'WARN', message: 'old', timestamp: new Date(dayStart + 5000).toISOString() }];
      assert.equal((await hooked.app.inject(batch(p.key, { service_name: 'api', logs }))).statusCode, 201);
      await hooked.services.archives.beforeDayDeleted(p.id, dayStart / DAY);
      const list = () => hooked.services.store.listArchives(p.id);
      const [first] = await list();
      assert.equal(first!.status, 'archived');
      assert.equal(first!.logCount, 1);
      await hooked.services.archives.beforeDayDeleted(p.id, dayStart / DAY);
      assert.equal((await list())[0]!.archivedAt, first!.archivedAt, 'unchanged day: not archived again');
      // Wired into retention: the archived day goes, its archive stays.
      const run = await hooked.services.retention.run();
      assert.deepEqual(run.failed, [], JSON.stringify(run));
      assert.equal(await hooked.services.store.countLogs({ projectIds: [p.id] }), 0, 'retention deleted the archived day');
      assert.equal((await list())[0]!.status, 'archived');
    } finally {
      await hooked.shutdown();
    }
  });

  test('days left pending by a stopped process are archived at the next start', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const day = dayText(today - 5 * DAY);
    await app.services.store.saveArchive({
      projectId: shop.id, day, status: 'running', objectKey: `archives/project-${shop.id}/${day}.ndjson.gz`, logCount: null, bytes: null,
      sha256: null, error: null, requestedAt: Date.now(), archivedAt: null, restoredAt: null, restoredCount: null,
    });
    assert.equal(await app.services.archives.resume(), 1);
    await app.services.archives.idle();
    const record = await app.services.store.getArchive(shop.id, day);
    assert.equal(record?.status, 'archived');
    assert.equal(record?.logCount, 0);
  });

  test('a day queued for archiving again cannot be restored until that is done (409 ARCHIVE_BUSY)', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const day = dayText(today - 6 * DAY);
    await app.services.store.saveArchive({
      projectId: shop.id, day, status: 'pending', objectKey: `archives/project-${shop.id}/${day}.ndjson.gz`, logCount: 1, bytes: 1,
      sha256: 'ab'.repeat(32), error: null, requestedAt: Date.now(), archivedAt: Date.now(), restoredAt: null, restoredCount: null,
    });
    const res = await post(`${archivesUrl()}/${day}/restore`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'ARCHIVE_BUSY');
  });
});
