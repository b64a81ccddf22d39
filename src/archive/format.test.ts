import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupLog } from '../grouping/index.js';
import { encoderFor } from '../query/export-format.js';
import type { StoredLog } from '../store/types.js';
import { ArchiveFormatError, manifestKey, objectKey, parseArchivedLine } from './format.js';

const LOG: StoredLog = {
  id: '9223372036854775807', projectId: 7, ts: Date.UTC(2026, 10, 20, 1, 2, 3, 4), receivedAt: Date.UTC(2026, 10, 20, 1, 2, 3, 999),
  level: 'FATAL', service: 'svc "q"', message: 'multi\nline ✓ 🎉 \u2028', context: '{"__proto__":{"x":1},"n":1e+21,"f":-0.5,"s":"\\u0000"}',
  environment: null, version: '1.2', host: 'h', traceId: 't', spanId: null,
};

test('an exported line reads back into the very log it was written from', () => {
  const enc = encoderFor('ndjson', undefined);
  const line = enc.encode([LOG], () => 'shop');
  const fingerprint = groupLog({ level: LOG.level, service: LOG.service, message: LOG.message, context: JSON.parse(LOG.context) })!.fingerprint;
  assert.deepEqual(parseArchivedLine(line.trimEnd(), 1, 7), { ...LOG, fingerprint }, 'WARN and above get their fingerprint again');
  assert.equal(parseArchivedLine(line.trimEnd(), 1, 7, false).fingerprint, null, 'not with error grouping off');
  assert.equal(parseArchivedLine(enc.encode([{ ...LOG, level: 'INFO' }], () => 'shop').trimEnd(), 1, 7).fingerprint, null);
  // Filed under the project restored into, whatever the line says.
  assert.equal(parseArchivedLine(line.trimEnd(), 1, 9).projectId, 9);
  const { fingerprint: _, ...back } = parseArchivedLine(line.trimEnd(), 1, 7);
  assert.equal(enc.encode([back], () => 'shop'), line);
});

test('lines that are not logs are refused with their line number', () => {
  for (const bad of ['not json', '[]', 'null', '{"id":"1"}', '{"id":1,"timestamp":"2026-11-20T00:00:00.000Z"}']) {
    assert.throws(() => parseArchivedLine(bad, 42, 1), (e: Error) => e instanceof ArchiveFormatError && /line 42/.test(e.message), bad);
  }
});

test('object keys go by project id and day; the manifest sits beside', () => {
  const key = objectKey('devsmith/', 12, '2026-11-20');
  assert.equal(key, 'devsmith/project-12/2026-11-20.ndjson.gz');
  assert.equal(manifestKey(key), 'devsmith/project-12/2026-11-20.manifest.json');
  assert.equal(objectKey('', 1, '2026-01-01'), 'project-1/2026-01-01.ndjson.gz');
});
