import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCombined, parseRecord } from './formats.js';

const NOW = '2026-01-01T00:00:00.000Z';

test('auto: JSON, access line, logfmt and plain each recognised', () => {
  assert.equal(parseRecord('{"msg":"j","level":"warn"}', 'auto', NOW).level, 'WARN');
  assert.equal(parseRecord('1.2.3.4 - - [10/Oct/2026:13:55:36 +0200] "GET / HTTP/1.1" 404 0 "-" "x"', 'auto', NOW).message, 'GET / 404');
  assert.deepEqual(parseRecord('level=error msg="kv" n=3 ok=true', 'auto', NOW), { level: 'ERROR', message: 'kv', timestamp: NOW, context: { n: 3, ok: true } });
  assert.deepEqual(parseRecord('2026-01-01T10:00:00Z WARN disk low', 'auto', NOW), { level: 'WARN', message: '2026-01-01T10:00:00Z WARN disk low', timestamp: '2026-01-01T10:00:00Z' });
  assert.equal(parseRecord('a=b c=d', 'auto', NOW).message, 'a=b c=d', 'pairs without msg or level stay plain text');
});

test('combined: time zone, common format without referer, extra log_format fields', () => {
  const c = parseCombined('::1 - - [10/Oct/2026:13:55:36 +0200] "POST /a?b=1 HTTP/2.0" 201 15 "-" "-" 0.003', NOW)!;
  assert.equal(new Date(c.timestamp).toISOString(), '2026-10-10T11:55:36.000Z');
  assert.deepEqual(c.context, { http: { status: 201, bytes: 15, remote_addr: '::1', method: 'POST', path: '/a?b=1', route: '/a', protocol: 'HTTP/2.0' }, extra: '0.003' });
  const common = parseCombined('10.0.0.1 - bob [10/Oct/2026:13:55:36 +0000] "GET /x HTTP/1.0" 500 -', NOW)!;
  assert.equal(common.level, 'ERROR');
  assert.equal((common.context!.http as { remote_user: string }).remote_user, 'bob');
  assert.equal(parseCombined('not an access line', NOW), null);
});
