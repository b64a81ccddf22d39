/**
 * Archive → delete → restore on both stores, against a real S3-compatible server (moto): the object is the
 * day's export, gzip, with a manifest that matches it; after the day is deleted and restored, the list API,
 * text search, counts, histogram and export answer byte for byte as before; a second restore adds nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { batch, createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { startMoto, type Moto } from '../helpers/moto.js';
import { archiveBackends, type ArchiveBackend } from './support.js';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const D1 = today - 3 * DAY;
const D2 = today - 2 * DAY;
const D3 = today - 1 * DAY;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 2,400 logs on D1 (more than a restore chunk and an export page), some on D2 and D3. */
function logsOf(dayStart: number, n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: new Date(dayStart + 1000 + Math.floor((i * (DAY - 5000)) / n)).toISOString(),
    level: ['DEBUG', 'INFO', 'WARN', 'ERROR'][i % 4],
    message: i % 7 === 0 ? `payment failed ✓ café ${tag} ${i}` : `request ${tag} ${i} "quoted"\nsecond line`,
    context: { i, tag, nested: { ok: i % 2 === 0, list: [1, 'two', null] }, big: 1e21, neg: -0.5, uni: '日本 🎉' },
    trace_id: i % 3 === 0 ? `trace-${i}` : undefined,
    environment: i % 5 === 0 ? 'prod' : undefined,
  }));
}

let moto: Moto | string;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  if (typeof moto !== 'string') await moto.stop();
});

for (const backend of archiveBackends()) {
  describe(`archive round trip (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let shop: { id: number; slug: string; key: string };
    let b: ArchiveBackend;
    const bucket = `devsmith-${backend.name}-${process.pid}`;

    before(async (t) => {
      if (typeof moto === 'string') return;
      await moto.createBucket(bucket);
      b = backend;
      app = await b.app(moto.env(bucket));
      admin = await setupAdmin(app);
      shop = await createProject(app, admin, 'Shop');
      for (const [day, n, tag] of [[D1, 2400, 'one'], [D2, 300, 'two'], [D3, 50, 'three']] as const) {
        const logs = logsOf(day, n, tag);
        for (let i = 0; i < logs.length; i += 1000) {
          const res = await app.app.inject(batch(shop.key, { service_name: i % 2000 === 0 ? 'api' : 'worker', logs: logs.slice(i, i + 1000) }));
          assert.equal(res.statusCode, 201, res.body);
        }
      }
      await b.settle();
      void t;
    });
    after(async () => {
      await app?.shutdown();
      await backend.cleanup();
    });

    const get = async (url: string) => {
      const res = await app.app.inject({ url, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.body;
    };
    /** Every answer the round trip must leave unchanged, as the bytes the API sent. */
    async function snapshot(): Promise<Record<string, string>> {
      const range = `from=${new Date(D1 - DAY).toISOString()}&to=${new Date(today).toISOString()}`;
      const out: Record<string, string> = {};
      for (const [name, qs] of [['all', ''], ['text', '&q=payment'], ['day', `&from=${new Date(D1).toISOString()}&to=${new Date(D2).toISOString()}`], ['trace', '&q=trace_id:trace-3']]) {
        let cursor: string | null = null;
        const pages: string[] = [];
        do {
          const body = await get(`/api/logs?project=${shop.slug}&limit=700${qs}${cursor ? `&cursor=${cursor}` : ''}`);
          pages.push(body);
          cursor = JSON.parse(body).next_cursor;
        } while (cursor);
        out[`list ${name}`] = pages.join('\n');
      }
      out.count = await get(`/api/logs/count?project=${shop.slug}&${range}`);
      // A count with text reads the FTS index (SQLite): restored rows must be in it.
      out['count text'] = await get(`/api/logs/count?project=${shop.slug}&${range}&q=payment`);
      out.histogram = await get(`/api/logs/histogram?project=${shop.slug}&${range}&interval=1h`);
      out.services = await get(`/api/logs/services?project=${shop.slug}`);
      out.export = await get(`/api/logs/export?format=ndjson&project=${shop.slug}`);
      // Error groups read the logs through their fingerprints: restored WARN and above must carry theirs again.
      out.errors = await get(`/api/errors?project=${shop.slug}&limit=100`);
      const groups = JSON.parse(out.errors).data as Array<{ id: string }>;
      assert.ok(groups.length > 0, 'the logs made error groups');
      for (const g of groups) {
        out[`error ${g.id}`] = await get(`/api/errors/${g.id}`);
        out[`events ${g.id}`] = await get(`/api/errors/${g.id}/events?limit=1000`);
        out[`search error:${g.id}`] = await get(`/api/logs?project=${shop.slug}&q=error:${g.id}&limit=1000`);
      }
      return out;
    }
    const archives = async () => JSON.parse(await get(`/api/logs/projects/${shop.slug}/archives`)).data as Array<Record<string, unknown>>;
    async function waitArchived(): Promise<Array<Record<string, unknown>>> {
      for (let i = 0; i < 600; i++) {
        const list = await archives();
        if (list.every((a) => a.status !== 'pending' && a.status !== 'running')) return list;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('archives still pending after 60 s');
    }
    const restore = (day: number) => app.app.inject({ method: 'POST', url: `/api/logs/projects/${shop.slug}/archives/${dayText(day)}/restore`, headers: { cookie: admin.cookie } });

    test('archive → delete → restore gives byte-identical answers; restoring twice adds nothing', async (t) => {
      if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
      const before = await snapshot();
      const asked = await app.app.inject({
        method: 'POST', url: `/api/logs/projects/${shop.slug}/archives`, headers: { cookie: admin.cookie }, payload: { from: dayText(D1), to: dayText(D2) },
      });
      assert.equal(asked.statusCode, 202, asked.body);
      assert.deepEqual(asked.json().data.map((a: { day: string }) => a.day), [dayText(D1), dayText(D2)]);
      const list = await waitArchived();
      assert.deepEqual(list.map((a) => [a.day, a.status, a.log_count, a.error]), [[dayText(D2), 'archived', 300, null], [dayText(D1), 'archived', 2400, null]]);

      // The object is the day's export, gzip; the manifest describes it exactly.
      const d1 = list.find((a) => a.day === dayText(D1))!;
      const object = Buffer.from(await (await moto.client.send(new GetObjectCommand({ Bucket: bucket, Key: String(d1.object_key) }))).Body!.transformToByteArray());
      const dayExport = await get(`/api/logs/export?format=ndjson&project=${shop.slug}&from=${new Date(D1).toISOString()}&to=${new Date(D2).toISOString()}`);
      assert.equal(gunzipSync(object).toString('utf8'), dayExport);
      const manifestKey = String(d1.object_key).replace('.ndjson.gz', '.manifest.json');
      assert.equal(d1.object_key, `archives/project-${shop.id}/${dayText(D1)}.ndjson.gz`);
      const manifest = JSON.parse(await (await moto.client.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey }))).Body!.transformToString());
      assert.deepEqual(
        { ...manifest, created_at: undefined },
        {
          format: 'devsmith-logs-archive', schema_version: 1, project_id: shop.id, project_slug: 'shop', day: dayText(D1), object_key: d1.object_key,
          content_type: 'application/x-ndjson', compression: 'gzip', order: 'newest first', count: 2400, bytes: object.length,
          uncompressed_bytes: Buffer.byteLength(dayExport), sha256: createHash('sha256').update(object).digest('hex'), created_at: undefined,
        },
      );
      assert.equal(d1.sha256, manifest.sha256);
      assert.equal(d1.bytes, object.length);

      await b.deleteDay(shop.id, D1);
      const gone = await snapshot();
      assert.notEqual(gone.count, before.count, 'the day was deleted');

      const first = await restore(D1);
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json(), { day: dayText(D1), count: 2400, restored: 2400, already_present: 0 });
      const after = await snapshot();
      for (const k of Object.keys(before)) assert.equal(after[k], before[k], `${k} differs after the restore`);

      const again = await restore(D1);
      assert.deepEqual(again.json(), { day: dayText(D1), count: 2400, restored: 0, already_present: 2400 });
      // A day whose logs were never deleted: nothing is doubled either.
      const present = await restore(D2);
      assert.deepEqual(present.json(), { day: dayText(D2), count: 300, restored: 0, already_present: 300 });
      const twice = await snapshot();
      for (const k of Object.keys(before)) assert.equal(twice[k], before[k], `${k} differs after restoring again`);
      const record = (await archives()).find((a) => a.day === dayText(D1))!;
      assert.equal(record.restored_count, 0);
      assert.match(String(record.restored_at), /^\d{4}-/);

      // New logs after a restore get fresh ids, above every restored one.
      const res = await app.app.inject(batch(shop.key, { service_name: 'api', logs: [{ level: 'INFO', message: 'after restore', timestamp: new Date(D3 + 5000).toISOString() }] }));
      assert.equal(res.statusCode, 201);
      const newest = JSON.parse(await get(`/api/logs?project=${shop.slug}&q=%22after%20restore%22`)).data[0];
      const maxBefore = Math.max(...before.export.trimEnd().split('\n').map((l) => Number(JSON.parse(l).id)));
      assert.ok(Number(newest.id) > maxBefore, `${newest.id} > ${maxBefore}`);
    });
  });
}
