import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../server/config.js';
import type { Project } from '../store/types.js';
import { parseLevel } from './levels.js';
import { normalizeEntries, parseEnvelope } from './normalize.js';

const limits = loadConfig({}).limits;
const project = { id: 7, slug: 'shop', active: true } as Project;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const run = (logs: unknown[], extra: object = {}) =>
  normalizeEntries(parseEnvelope({ service_name: 'api', logs, ...extra }, project, limits, false), project, limits, NOW);

test('level aliases are case-insensitive; unknown levels are refused', () => {
  for (const [input, level] of [['WARNING', 'WARN'], ['err', 'ERROR'], ['Critical', 'FATAL'], ['panic', 'FATAL'], ['emerg', 'FATAL'], ['notice', 'INFO'], [' debug ', 'DEBUG']]) {
    assert.equal(parseLevel(input), level, input);
  }
  assert.equal(parseLevel('loud'), null);
  assert.equal(parseLevel(3), null);
});

test('entry defaults come from the envelope and can be overridden per entry', () => {
  const { rows } = run([{ level: 'info', message: 'a' }, { level: 'info', message: 'b', environment: 'staging', host: 'h2' }], { environment: 'prod', host: 'h1', version: '1.0' });
  assert.equal(rows[0]!.environment, 'prod');
  assert.equal(rows[0]!.host, 'h1');
  assert.equal(rows[1]!.environment, 'staging');
  assert.equal(rows[1]!.host, 'h2');
  assert.equal(rows[1]!.version, '1.0');
  assert.equal(rows[0]!.ts, NOW, 'no timestamp: receive time');
});

test('timestamps: ISO with offset, epoch ms, epoch ms as a string; garbage is refused', () => {
  const { rows, rejected } = run([
    { level: 'info', message: 'a', timestamp: '2026-11-25T13:00:00+01:00' },
    { level: 'info', message: 'b', timestamp: NOW - 5 },
    { level: 'info', message: 'c', timestamp: String(NOW - 6) },
    { level: 'info', message: 'd', timestamp: 'next tuesday' },
    { level: 'info', message: 'e', timestamp: { at: 1 } },
  ]);
  assert.deepEqual(rows.map((r) => r.ts), [NOW, NOW - 5, NOW - 6]);
  assert.deepEqual(rejected.map((r) => [r.index, r.code]), [[3, 'invalid_timestamp'], [4, 'invalid_timestamp']]);
});

test('a timestamp more than an hour ahead is stored at receive time, keeping the client value', () => {
  const ahead = new Date(NOW + 2 * 3_600_000).toISOString();
  const { rows } = run([{ level: 'info', message: 'a', timestamp: ahead }, { level: 'info', message: 'b', timestamp: new Date(NOW + 30 * 60_000).toISOString() }]);
  assert.equal(rows[0]!.ts, NOW);
  assert.equal(JSON.parse(rows[0]!.context)._client_timestamp, ahead);
  assert.equal(rows[1]!.ts, NOW + 30 * 60_000, 'within the hour: kept');
});

test('every kind of bad entry is refused by index with a stable code, never thrown', () => {
  const { rows, rejected } = run([null, 5, 'x', [], { message: 'no level' }, { level: 'info' }, { level: 'info', message: 'ctx', context: [1] }, { level: 'info', message: 'ok' }]);
  assert.equal(rows.length, 1);
  assert.deepEqual(rejected.map((r) => r.code), ['invalid_entry', 'invalid_entry', 'invalid_entry', 'invalid_entry', 'invalid_level', 'invalid_message', 'invalid_context']);
});

test('a multi-byte message is truncated on a character boundary', () => {
  const { rows } = run([{ level: 'info', message: 'é'.repeat(40_000) }]); // 80,000 bytes
  const msg = rows[0]!.message;
  assert.ok(Buffer.byteLength(msg) <= limits.messageBytes);
  assert.ok(!msg.includes('\uFFFD'));
  assert.equal(JSON.parse(rows[0]!.context)._truncated, true);
});

test('lone surrogates in message and context become U+FFFD (PostgreSQL refuses them)', () => {
  const { rows } = run([{ level: 'info', message: 'a\ud800', context: { 'k\udc00': '\ud800x', nested: ['\udfff'] } }]);
  assert.equal(rows[0]!.message, 'a\uFFFD');
  assert.deepEqual(JSON.parse(rows[0]!.context), { 'k\uFFFD': '\uFFFDx', nested: ['\uFFFD'] });
});

test('a truncated or clamped entry keeps its cleaned context', () => {
  const future = new Date(NOW + 2 * 3_600_000).toISOString();
  const { rows } = run([{ level: 'info', message: 'x'.repeat(70_000), timestamp: future, context: { k: 'a\ud800\u0000' } }]);
  assert.deepEqual(JSON.parse(rows[0]!.context), { k: 'a\uFFFD', _truncated: true, _client_timestamp: future });
});
