import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamsFromJson } from './streams.js';
import { lokiEntries, UNKNOWN_SERVICE } from './to-entries.js';

const one = (stream: Record<string, string>, values: unknown[][]) => lokiEntries(streamsFromJson({ streams: [{ stream, values }] }));

test('service label precedence: service_name, service, app, job, then Loki\'s discovery list, then unknown_service', () => {
  assert.equal(one({ job: 'j', app: 'a', service_name: 's' }, [['1', 'x']]).logs[0]!.service, 's');
  assert.equal(one({ job: 'j', app: 'a' }, [['1', 'x']]).logs[0]!.service, 'a');
  assert.equal(one({ job: 'ns/j' }, [['1', 'x']]).logs[0]!.service, 'ns/j');
  assert.equal(one({ container: 'c' }, [['1', 'x']]).logs[0]!.service, 'c');
  assert.equal(one({}, [['1', 'x']]).logs[0]!.service, UNKNOWN_SERVICE);
});

test('level: a label that names one wins; an unknown one stays in the context and the line decides', () => {
  assert.equal(one({ level: 'error' }, [['1', 'fine']]).logs[0]!.level, 'ERROR');
  const unknown = one({ detected_level: 'unknown' }, [['1', 'WARNING: low disk']]).logs[0]!;
  assert.equal(unknown.level, 'WARN');
  assert.deepEqual(unknown.context, { detected_level: 'unknown' });
  assert.equal(one({}, [['1', 'plain words']]).logs[0]!.level, 'INFO');
});

test('a JSON line gives message, level, fields; its own time is kept in the context', () => {
  const e = one({ app: 'a', pod: 'p' }, [['1', '{"level":50,"time":1796181100000,"msg":"boom","user":"u1"}']]).logs[0]!;
  assert.equal(e.level, 'ERROR');
  assert.equal(e.message, 'boom');
  assert.equal(e.timestamp, '1');
  assert.deepEqual(e.context, { user: 'u1', time: 1796181100000, pod: 'p' });
});

test('malformed values are refused with their place; the others map', () => {
  const batch = lokiEntries(streamsFromJson({ streams: [
    { stream: { app: 'a' }, values: [['1', 'ok'], [1, 'number ts'], ['1'], ['1', 'x', { k: 1 }]] },
    'not a stream',
  ] }));
  assert.equal(batch.total, 5);
  assert.deepEqual(batch.places, [{ stream: 0, line: 0 }]);
  assert.deepEqual(batch.refused.map((r) => [r.stream, r.line]), [[0, 1], [0, 2], [0, 3], [1, 0]]);
  assert.match(batch.refused[2]!.reason, /structured metadata "k" must be a string/);
});

test('the older {labels, entries} JSON form', () => {
  const batch = lokiEntries(streamsFromJson({ streams: [{ labels: '{app="old"}', entries: [{ ts: '2026-12-02T10:00:00Z', line: 'legacy' }] }] }));
  assert.equal(batch.logs[0]!.service, 'old');
  assert.equal(batch.logs[0]!.timestamp, '2026-12-02T10:00:00Z');
});
