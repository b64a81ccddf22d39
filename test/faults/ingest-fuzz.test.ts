/**
 * Property-based and mutation fuzz of the ingestion endpoints against the real server: random JSON,
 * mutated valid batches, random bytes, odd content types and encodings (valid, truncated and lying gzip),
 * keys and idempotency keys. Every answer must be below 500, and the server must stay up.
 *   node --import tsx --test test/faults/ingest-fuzz.test.ts   (PostgreSQL too with TEST_DATABASE_URL)
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { bootstrap, startServer } from '../helpers/server.js';
import { PG_MISSING, PG_URL, postgresBackend, SERVER_ENV, sqliteBackend, type Backend } from './support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '\u0000', '\ud800', 'a\udc00b', '🔥'.repeat(50), 'x'.repeat(70_000)));
const entry = fc.record(
  {
    level: fc.oneof(fc.constantFrom('INFO', 'debug', 'Warn', 'ERROR', 'fatal', 'trace', 'warning', 'bogus', ''), fc.integer(), fc.constant(null)),
    message: fc.oneof(text, fc.integer(), fc.constant(null)),
    context: fc.oneof(fc.object({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), fc.dictionary(text, text, { maxKeys: 4 }), fc.constant({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })),
    timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer(), fc.double(), text),
    service: fc.oneof(text, fc.integer()),
    trace_id: fc.oneof(text, fc.constant(null)),
  },
  { requiredKeys: [] },
);
const validish = fc.record(
  {
    service_name: fc.oneof(fc.constantFrom('svc', 'api'), text),
    environment: fc.oneof(text, fc.constant(null)),
    logs: fc.oneof(fc.array(entry, { maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })),
    log: entry,
    project_slug: fc.oneof(text, fc.integer()),
  },
  { requiredKeys: ['service_name'] },
);
const TOKENS = ['{', '}', '[', ']', '"', ',', ':', 'null', '\\u0000', '\\ud800', '1e999', '-0', '"__proto__"', '"constructor"', '\\', '\u00ff'];
/** A valid body, then a few random edits: replace, delete, duplicate, insert a JSON-ish token. */
const mutated = fc
  .tuple(validish.map((b) => JSON.stringify(b)), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.nat({ max: 40 }), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 5 }))
  .map(([s, edits]) => {
    for (const [at, op, len, token] of edits) {
      const i = s.length ? at % s.length : 0;
      if (op === 0) s = s.slice(0, i) + token + s.slice(i + 1);
      else if (op === 1) s = s.slice(0, i) + s.slice(i + len);
      else if (op === 2) s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else s = s.slice(0, i) + token + s.slice(i);
    }
    return s;
  });
const body = fc.oneof(
  validish.map((b) => Buffer.from(JSON.stringify(b))),
  mutated.map((s) => Buffer.from(s)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
);
const request = fc.record({
  path: fc.constantFrom('/api/logs/batch', '/api/logs', '/api/logs/batch?x=1'),
  body,
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', '', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x'),
  encoding: fc.constantFrom('none', 'gzip', 'deflate', 'gzip-truncated', 'gzip-claimed-only', 'br', 'GZIP', 'identity', 'gzip, deflate'),
  auth: fc.constantFrom('bearer', 'x-api-key', 'none', 'wrong', 'garbage'),
  idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[\x21-\x7e]{1,20}$/)), { nil: undefined }),
});
/** Mostly-good requests (right key, JSON, plausible entries) so that the accepting path is fuzzed too. */
const goodEntry = fc.record({ level: fc.constantFrom('INFO', 'debug', 'WARN', 'error'), message: text, context: fc.object({ maxDepth: 3 }) });
const wellFormed = fc.record({
  path: fc.constant('/api/logs/batch'),
  body: fc.record({ service_name: fc.constantFrom('svc', 'api'), logs: fc.array(fc.oneof(goodEntry, entry), { minLength: 1, maxLength: 20 }) }).map((b) => Buffer.from(JSON.stringify(b))),
  contentType: fc.constant('application/json'),
  encoding: fc.constantFrom('none', 'gzip', 'deflate'),
  auth: fc.constant('bearer'),
  idempotencyKey: fc.option(fc.stringMatching(/^[\x21-\x7e]{1,20}$/), { nil: undefined }),
});
type Req = typeof request extends fc.Arbitrary<infer T> ? T : never;
const anyRequest: fc.Arbitrary<Req> = fc.oneof({ arbitrary: wellFormed as fc.Arbitrary<Req>, weight: 2 }, { arbitrary: request, weight: 3 });

function encode(r: Req): { payload: Buffer; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let payload = r.body;
  switch (r.encoding) {
    case 'gzip':
    case 'GZIP':
      payload = zlib.gzipSync(payload);
      headers['content-encoding'] = r.encoding;
      break;
    case 'deflate':
      payload = zlib.deflateSync(payload);
      headers['content-encoding'] = 'deflate';
      break;
    case 'gzip-truncated':
      payload = zlib.gzipSync(payload).subarray(0, 12);
      headers['content-encoding'] = 'gzip';
      break;
    case 'gzip-claimed-only':
    case 'br':
    case 'identity':
    case 'gzip, deflate':
      headers['content-encoding'] = r.encoding === 'gzip-claimed-only' ? 'gzip' : r.encoding;
      break;
  }
  if (r.contentType) headers['content-type'] = r.contentType;
  return { payload, headers };
}

/** The status, null for a request Node refuses to send, or the network error (the server closed early). */
function send(url: string, r: Req, key: string): Promise<number | null | Error> {
  const { payload, headers } = encode(r);
  if (r.auth === 'bearer') headers.authorization = `Bearer ${key}`;
  if (r.auth === 'x-api-key') headers['x-api-key'] = key;
  if (r.auth === 'wrong') headers.authorization = `Bearer ${key.slice(0, -2)}xx`;
  if (r.auth === 'garbage') headers.authorization = 'Basic Zm9vOmJhcg==';
  if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
  const u = new URL(url);
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: u.hostname, port: u.port, path: r.path, method: 'POST', agent: false, headers: { ...headers, 'content-length': String(payload.length) }, timeout: 20_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
    } catch {
      resolve(null); // a header value Node itself refuses to send: not a server case
      return;
    }
    req.on('timeout', () => req.destroy(new Error('request timed out (server hang)')));
    req.on('error', (err) => resolve(err));
    req.end(payload);
  });
}

async function fuzz(backend: Backend): Promise<void> {
  const server = await startServer({ env: { ...SERVER_ENV, ...backend.env }, dataDir: backend.dataDir });
  try {
    const { apiKey } = await bootstrap(server.url);
    // Found by this fuzz: a refused content type with a corrupt gzip body must not kill the process.
    const known: Req = { path: '/api/logs/batch', body: Buffer.from([96, 72, 2, 242, 149, 166, 82, 1, 146, 249]), contentType: 'text/plain', encoding: 'gzip-claimed-only', auth: 'bearer', idempotencyKey: undefined };
    const first = await send(server.url, known, apiKey);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(server.proc.exitCode, null, `the server died on a text/plain request with a corrupt gzip body (answered ${String(first)}):\n${server.output().slice(-1500)}`);
    // Found by this fuzz: a lone UTF-16 surrogate in the context (valid JSON) must not be a 500 (PostgreSQL jsonb refuses it).
    const surrogate = Buffer.from('{"service_name":"x","logs":[{"level":"INFO","message":"a\\ud800","context":{"k\\udc00":"\\ud800"}}]}');
    const second = await send(server.url, { ...known, body: surrogate, contentType: 'application/json', encoding: 'none' }, apiKey);
    assert.ok(typeof second === 'number' && second < 500, `a context with a lone surrogate was answered ${String(second)}`);
    // Found by this fuzz: the same context on an entry whose message is truncated (the context is written again with _truncated).
    const truncated = Buffer.from(`{"service_name":"x","logs":[{"level":"INFO","message":"${'x'.repeat(70_000)}","context":{"k":"a\\udc00b"}}]}`);
    const third = await send(server.url, { ...known, body: truncated, contentType: 'application/json', encoding: 'none' }, apiKey);
    assert.ok(typeof third === 'number' && third < 500, `a truncated entry with a lone surrogate in its context was answered ${String(third)}`);
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        const status = await send(server.url, r, apiKey);
        if (status === null) return;
        if (status instanceof Error) {
          // The server may answer and close before reading a refused body; it must still be up and healthy.
          assert.ok(!/timed out/.test(status.message), status.message);
          assert.equal(server.proc.exitCode, null, `server died: ${status.message}\n${server.output().slice(-2000)}`);
          assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
          seen.set(-1, (seen.get(-1) ?? 0) + 1);
          return;
        }
        seen.set(status, (seen.get(status) ?? 0) + 1);
        assert.ok(status < 500, `answered ${status}\n${server.output().slice(-2000)}`);
      }),
      { numRuns: RUNS, verbose: 1, includeErrorInReport: true, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1e9) },
    );
    assert.equal(server.proc.exitCode, null, 'the server exited during the fuzz');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.ok((seen.get(201) ?? 0) + (seen.get(200) ?? 0) > 0, `the fuzz never got a body accepted: ${JSON.stringify([...seen])}`);
    assert.ok([...seen.keys()].some((s) => s >= 400), 'the fuzz never got a body refused');
  } finally {
    await server.stop();
  }
}

describe('ingestion fuzz', { timeout: 180_000 }, () => {
  test(`SQLite: ${RUNS} random and mutated requests, no 5xx, no crash`, async () => {
    const backend = await sqliteBackend();
    try {
      await fuzz(backend);
    } finally {
      await backend.dispose();
    }
  });

  test(`PostgreSQL: ${RUNS} random and mutated requests, no 5xx, no crash`, { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await fuzz(backend);
    } finally {
      await backend.dispose();
    }
  });
});
