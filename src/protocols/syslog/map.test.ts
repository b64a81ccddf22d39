import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toEntry } from './map.js';
import { parseSyslog } from './parse.js';

const KEY = `dsk_${'A'.repeat(43)}`;
const udp = { transport: 'udp' as const, peer: '192.0.2.7', truncated: false, latin1: false };

test('severity to level, app-name to service, hostname to host, the rest to context', () => {
  const levels = [0, 1, 2, 3, 4, 5, 6, 7].map((sev) => toEntry(parseSyslog(`<${8 + sev}>1 - h a - - - m`), udp).entry.level);
  assert.deepEqual(levels, ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG']);
  const { key, entry } = toEntry(parseSyslog('<163>1 2026-12-02T10:00:00Z web1 billing 77 PAY [order@1 id="9"] charged'), udp);
  assert.equal(key, null);
  assert.deepEqual(entry, {
    level: 'ERROR',
    message: 'charged',
    timestamp: '2026-12-02T10:00:00.000Z',
    service: 'billing',
    host: 'web1',
    context: { syslog: { format: 'rfc5424', facility: 'local4', severity: 'err', transport: 'udp', procid: '77', msgid: 'PAY' }, sd: { 'order@1': { id: '9' } } },
  });
});

test('the key in our SD element is taken out of the log, with its service and environment', () => {
  const { key, entry } = toEntry(parseSyslog(`<14>1 - h app - - [devsmith@53595 key="${KEY}" environment="prod" service="shop"][x@1 a="b"] hi`), udp);
  assert.equal(key, KEY);
  assert.equal(entry.service, 'shop');
  assert.equal(entry.environment, 'prod');
  assert.deepEqual(entry.context.sd, { 'x@1': { a: 'b' } });
  assert.ok(!JSON.stringify(entry).includes(KEY));
});

test('the key as the first word of a BSD message is taken out of it; a word that only looks like one stays', () => {
  const { key, entry } = toEntry(parseSyslog(`<14>Dec  2 10:00:00 h app: ${KEY} disk full`), udp);
  assert.equal(key, KEY);
  assert.equal(entry.message, 'disk full');
  const other = toEntry(parseSyslog('<14>Dec  2 10:00:00 h app: dsk_short is a word'), udp);
  assert.equal(other.key, null);
  assert.equal(other.entry.message, 'dsk_short is a word');
});

test('no hostname: the peer address is the host; raw text is marked', () => {
  const { entry } = toEntry(parseSyslog('just text'), { ...udp, truncated: true, latin1: true });
  assert.equal(entry.host, '192.0.2.7');
  assert.equal(entry.level, 'INFO');
  assert.deepEqual(entry.context.syslog, { format: 'raw', facility: 'user', severity: 'notice', transport: 'udp', peer: '192.0.2.7', truncated: true, encoding: 'latin1', parse_error: 'no PRI' });
});

test('over-long header fields are cut to 256 characters, never the reason a message is refused', () => {
  const { entry } = toEntry(parseSyslog(`<14>1 - ${'h'.repeat(300)} ${'a'.repeat(300)} - - - text`), udp);
  assert.equal(entry.host!.length, 256);
  assert.equal(entry.service!.length, 256);
  assert.equal(entry.message, 'text');
});
