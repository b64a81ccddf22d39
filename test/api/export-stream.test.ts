/**
 * GET /api/logs/export as a stream, over a real socket on both stores: many pages in order while logs arrive,
 * backpressure and client disconnect stop the store reads, a store failure mid-stream is detectable.
 * The store is the real one behind a counter (and a switch that makes scanLogs fail, for the last case).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { LogExports } from '../../src/query/export.js';
import { StoreUnavailableError, type Store } from '../../src/store/types.js';
import { backends, batch, createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { tempDir } from '../helpers/server.js';

const PAGE = 20;
const BIG = 3000; // logs of ~4 KB: 12 MB, more than the socket buffers hold, in 150 pages
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Spy {
  queries: number;
  failFrom: number;
}

function spied(store: Store, spy: Spy): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'scanLogs') {
        return (q: Parameters<Store['scanLogs']>[0]) => {
          if (++spy.queries >= spy.failFrom) return Promise.reject(new StoreUnavailableError('injected failure'));
          return target.scanLogs(q);
        };
      }
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Waits until the store has not been queried for a while; returns the count then. */
async function settled(spy: Spy): Promise<number> {
  let last = -1;
  for (let stable = 0; stable < 4; stable = spy.queries === last ? stable + 1 : 0) {
    last = spy.queries;
    await sleep(150);
  }
  return spy.queries;
}

/** Reads a body until it ends or breaks; `broken` tells whether it ended without the final chunk. */
async function readAll(url: string, cookie: string): Promise<{ text: string; broken: boolean }> {
  const res = await fetch(url, { headers: { cookie } });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

for (const backend of backends()) {
  describe(`export stream (${backend.name})`, () => {
    const spy: Spy = { queries: 0, failFrom: Number.POSITIVE_INFINITY };
    let app: App;
    let admin: Session;
    let big: { id: number; slug: string; key: string };
    let base: string;
    before(async () => {
      const config = loadConfig({ DEVSMITH_DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent' });
      app = await buildApp(config, { store: spied(await backend.fresh(), spy), exportPageSize: PAGE });
      admin = await setupAdmin(app);
      big = await createProject(app, admin, 'Big');
      const pad = 'x'.repeat(4000);
      for (let done = 0; done < BIG; done += 200) {
        const logs = Array.from({ length: 200 }, (_, i) => ({ timestamp: T0 + (done + i) * 1000, level: 'info', message: `big ${done + i} ${pad}` }));
        assert.equal((await app.app.inject(batch(big.key, { service_name: 'bulk', logs }))).statusCode, 201);
      }
      await app.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    test('many pages, in order, without duplicates or gaps, while new and late logs arrive', async () => {
      const p = await createProject(app, admin, 'Walk');
      // Three logs per timestamp: the cursor's tie-break on id is exercised at page edges.
      const logs = Array.from({ length: 100 }, (_, i) => ({ timestamp: T0 + Math.floor(i / 3) * 1000, level: 'info', message: `walk ${i}` }));
      assert.equal((await app.app.inject(batch(p.key, { service_name: 'walk', logs }))).statusCode, 201);
      const before = (await app.app.inject({ url: `/api/logs?project=${p.slug}&limit=1000`, headers: { cookie: admin.cookie } })).json().data;
      const user = (await app.services.store.getUserById(admin.userId))!;
      const exp = await new LogExports(app.services.store, app.services.queries, 7).prepare(user, { project: p.slug }, { format: 'ndjson' });
      assert.equal(exp.total, 100);
      const ids: string[] = [];
      for await (const chunk of exp.chunks) {
        ids.push(...chunk.trimEnd().split('\n').map((l) => JSON.parse(l).id as string));
        const arriving = [{ level: 'info', message: 'new' }, { timestamp: T0 + 500, level: 'info', message: 'late' }];
        assert.equal((await app.app.inject(batch(p.key, { service_name: 'walk', logs: arriving }))).statusCode, 201);
      }
      assert.deepEqual(ids, before.map((l: { id: string }) => l.id));
    });

    test('over HTTP: every log of a big export in order, one store query per page', async () => {
      const start = spy.queries;
      const { text, broken } = await readAll(`${base}/api/logs/export?format=ndjson&project=${big.slug}`, admin.cookie);
      assert.equal(broken, false);
      const messages = text.trimEnd().split('\n').map((l) => (JSON.parse(l).message as string).split(' ').slice(0, 2).join(' '));
      assert.deepEqual(messages, Array.from({ length: BIG }, (_, i) => `big ${BIG - 1 - i}`));
      assert.ok(spy.queries - start >= BIG / PAGE && spy.queries - start <= BIG / PAGE + 1, `${spy.queries - start} queries`);
    });

    test('a client that stops reading stops the store reads; one that disconnects ends them', async () => {
      const start = spy.queries;
      const req = http.get(`${base}/api/logs/export?format=csv&project=${big.slug}`, { headers: { cookie: admin.cookie } });
      const [res] = (await once(req, 'response')) as [http.IncomingMessage];
      await once(res, 'data');
      res.pause();
      const paused = (await settled(spy)) - start;
      assert.ok(paused < BIG / PAGE / 2, `read ${paused} of ${BIG / PAGE} pages while the client read nothing`);
      req.destroy();
      await sleep(300);
      assert.equal(await settled(spy), start + paused, 'no page read after the client left');

      const early = spy.queries;
      const again = http.get(`${base}/api/logs/export?format=ndjson&project=${big.slug}`, { headers: { cookie: admin.cookie } });
      const [res2] = (await once(again, 'response')) as [http.IncomingMessage];
      await once(res2, 'data');
      again.destroy();
      const read = (await settled(spy)) - early;
      assert.ok(read < BIG / PAGE / 2, `read ${read} pages for a client that left after the first chunk`);
    });

    test('a store failure mid-stream: NDJSON ends with an error line, and both formats end without the final chunk', async () => {
      try {
        spy.failFrom = spy.queries + 3; // two pages, then the store fails
        const ndjson = await readAll(`${base}/api/logs/export?format=ndjson&project=${big.slug}`, admin.cookie);
        assert.equal(ndjson.broken, true);
        const lines = ndjson.text.trimEnd().split('\n').map((l) => JSON.parse(l));
        assert.equal(lines.length, 2 * PAGE + 1);
        assert.equal(lines.at(-1).error.code, 'STORE_UNAVAILABLE');
        assert.match(lines.at(-1).error.message, /incomplete/);
        assert.doesNotMatch(ndjson.text, /injected failure/);

        spy.failFrom = spy.queries + 3;
        const csv = await readAll(`${base}/api/logs/export?format=csv&project=${big.slug}`, admin.cookie);
        assert.equal(csv.broken, true);
        assert.equal(csv.text.split('\r\n').length - 2, 2 * PAGE); // the header, 40 records, the empty tail
      } finally {
        spy.failFrom = Number.POSITIVE_INFINITY;
      }
    });
  });
}
