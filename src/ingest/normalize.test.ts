import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.js';
import type { Project } from '../store/types.js';
import { parseLevel } from './levels.js';
import { normalizeEntries, parseEnvelope } from './normalize.js';
import { parseTimestamp } from './timestamps.js';

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

test('epoch times in seconds, milliseconds, microseconds and nanoseconds, as numbers or digit strings', () => {
  const at = Date.parse('2026-12-01T10:31:40.123Z'); // 1796121100.123 s
  const same = [
    1796121100.123, '1796121100.123', ' 1796121100.123 ', // seconds (Fluent Bit, Python time.time())
    1796121100123, '1796121100123', '1796121100123.9', // milliseconds (JavaScript)
    1796121100123456, '1796121100123456', // microseconds
    1796121100123456789, '1796121100123456789', '1796121100123456789.5', // nanoseconds (Go UnixNano, OTLP)
  ];
  for (const v of same) assert.equal(parseTimestamp(v), at, JSON.stringify(v));
  assert.equal(parseTimestamp(1796121100), at - 123, 'whole seconds');
  assert.equal(parseTimestamp('0001796121100'), at - 123, 'leading zeros do not change the unit');
  // The boundaries: 11 digits are seconds, 12 milliseconds, 15 microseconds, 18 nanoseconds.
  assert.equal(parseTimestamp(99_999_999_999), 99_999_999_999_000);
  assert.equal(parseTimestamp(100_000_000_000), 100_000_000_000);
  assert.equal(parseTimestamp(99_999_999_999_999), 99_999_999_999_999);
  assert.equal(parseTimestamp(100_000_000_000_000), 100_000_000_000);
  assert.equal(parseTimestamp('99999999999999999'), 99_999_999_999_999);
  assert.equal(parseTimestamp('100000000000000000'), 100_000_000_000);
  assert.equal(parseTimestamp(0), 0);
  assert.equal(parseTimestamp(-1.5), -1500, 'before 1970');
  assert.equal(parseTimestamp(1e-9), 0);
  for (const bad of ['1e9', '0x10', '12:00', '1796121100.', '.5', '--1', NaN, Infinity, 1e21, '9'.repeat(25), true, [1]]) {
    assert.equal(parseTimestamp(bad), 'invalid', JSON.stringify(bad));
  }
  assert.equal(parseTimestamp(''), null);
  assert.equal(parseTimestamp(null), null);
});

test('an entry in seconds is stored at its time, not in 1970', () => {
  const { rows } = run([{ level: 'info', message: 'a', timestamp: (NOW - 1500) / 1000 }, { level: 'info', message: 'b', ts: String((NOW - 2000) / 1000) }]);
  assert.deepEqual(rows.map((r) => r.ts), [NOW - 1500, NOW - 2000]);
  assert.deepEqual(rows.map((r) => JSON.parse(r.context)), [{}, {}]);
});

test('a timestamp older than the maximum age is stored at receive time, keeping the client value', () => {
  const DAY = 86_400_000;
  assert.equal(limits.maxPastAgeMs, 30 * DAY, 'default: 30 days');
  const old = new Date(NOW - 31 * DAY).toISOString();
  const { rows, rejected } = run([
    { level: 'info', message: 'old iso', timestamp: old },
    { level: 'info', message: 'old seconds', time: (NOW - 2000 * DAY) / 1000 },
    { level: 'info', message: 'epoch zero', timestamp: 0 },
    { level: 'info', message: 'inside', timestamp: NOW - 29 * DAY },
  ]);
  assert.deepEqual(rejected, []);
  assert.deepEqual(rows.map((r) => r.ts), [NOW, NOW, NOW, NOW - 29 * DAY]);
  assert.deepEqual(rows.map((r) => JSON.parse(r.context)._client_timestamp), [old, (NOW - 2000 * DAY) / 1000, 0, undefined]);
  const wider = { ...limits, maxPastAgeMs: 3650 * DAY };
  const env = parseEnvelope({ service_name: 'api', logs: [{ level: 'info', message: 'x', timestamp: old }] }, project, wider, false);
  assert.equal(normalizeEntries(env, project, wider, NOW).rows[0]!.ts, NOW - 31 * DAY, 'DEVSMITH_MAX_PAST_AGE_DAYS widens it');
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
