import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSyslog } from './parse.js';

const BOM = '\uFEFF';

describe('RFC 5424', () => {
  test('the RFC\'s example 1: nil SD, BOM before the message', () => {
    const m = parseSyslog(`<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`);
    assert.equal(m.format, 'rfc5424');
    assert.equal(m.facility, 4);
    assert.equal(m.severity, 2);
    assert.equal(m.timestamp, Date.UTC(2003, 9, 11, 22, 14, 15, 3));
    assert.equal(m.hostname, 'mymachine.example.com');
    assert.equal(m.appName, 'su');
    assert.equal(m.procId, null);
    assert.equal(m.msgId, 'ID47');
    assert.deepEqual(m.structuredData, {});
    assert.equal(m.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  test('example 2: microseconds and an offset', () => {
    const m = parseSyslog("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    assert.equal(m.timestamp, Date.UTC(2003, 7, 24, 12, 14, 15, 0));
    assert.equal(m.procId, '8710');
    assert.equal(m.msgId, null);
    assert.equal(m.message, "%% It's time to make the do-nuts.");
  });

  test('examples 3 and 4: structured data, several elements, no message', () => {
    const m = parseSyslog(`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`);
    assert.deepEqual(m.structuredData, { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
    assert.equal(m.message, 'An application event log entry...');
    const n = parseSyslog('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"][examplePriority@32473 class="high"]');
    assert.deepEqual(n.structuredData, { 'exampleSDID@32473': { iut: '3' }, 'examplePriority@32473': { class: 'high' } });
    assert.equal(n.message, '');
  });

  test('escaped quote, backslash and bracket in SD values; a nil timestamp', () => {
    const m = parseSyslog('<14>1 - host app 1 - [x@1 a="say \\"hi\\" \\\\ [ok\\]" b=""] text');
    assert.equal(m.timestamp, null);
    assert.deepEqual(m.structuredData, { 'x@1': { a: 'say "hi" \\ [ok]', b: '' } });
    assert.equal(m.message, 'text');
  });

  test('what logger --rfc5424 --sd-id sends', () => {
    const m = parseSyslog('<13>1 2026-12-02T10:50:01.123456+00:00 web1 deploy 4242 - [timeQuality tzKnown="1" isSynced="0"][devsmith@53595 key="dsk_x"] done');
    assert.equal(m.appName, 'deploy');
    assert.equal(m.structuredData['devsmith@53595']!.key, 'dsk_x');
    assert.equal(m.timestamp, Date.UTC(2026, 11, 2, 10, 50, 1, 123));
  });

  test('malformed structured data falls back to RFC 3164 reading, keeping the text', () => {
    const m = parseSyslog('<14>1 2026-12-02T10:50:01Z host app - - [broken no end');
    assert.equal(m.format, 'rfc3164');
    assert.ok(m.message.includes('[broken no end'));
  });
});

describe('RFC 3164 and real-world variants', () => {
  const now = new Date(2026, 11, 2, 12, 0, 0).getTime(); // local time, as BSD timestamps are

  test('the RFC\'s example: BSD time without year, host, tag', () => {
    const m = parseSyslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", now);
    assert.equal(m.format, 'rfc3164');
    assert.equal(m.timestamp, new Date(2026, 9, 11, 22, 14, 15).getTime());
    assert.equal(m.hostname, 'mymachine');
    assert.equal(m.appName, 'su');
    assert.equal(m.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  test('rsyslog\'s default forwarding format: space-padded day, TAG[PID]', () => {
    const m = parseSyslog('<30>Dec  2 10:50:01 web1 systemd[1]: Started Session 5 of user root.', now);
    assert.equal(m.facility, 3);
    assert.equal(m.severity, 6);
    assert.equal(m.timestamp, new Date(2026, 11, 2, 10, 50, 1).getTime());
    assert.equal(m.hostname, 'web1');
    assert.equal(m.appName, 'systemd');
    assert.equal(m.procId, '1');
    assert.equal(m.message, 'Started Session 5 of user root.');
  });

  test('rsyslog\'s RSYSLOG_ForwardFormat: an RFC 3339 time in a BSD message', () => {
    const m = parseSyslog('<30>2026-12-02T10:50:01.123456+01:00 web1 nginx[123]: GET / 200', now);
    assert.equal(m.timestamp, Date.UTC(2026, 11, 2, 9, 50, 1, 123));
    assert.equal(m.hostname, 'web1');
    assert.equal(m.appName, 'nginx');
    assert.equal(m.message, 'GET / 200');
  });

  test('no hostname: the tag follows the time', () => {
    const m = parseSyslog('<78>Oct  1 08:00:00 CRON[99]: (root) CMD (run-parts /etc/cron.hourly)', now);
    assert.equal(m.hostname, null);
    assert.equal(m.appName, 'CRON');
    assert.equal(m.procId, '99');
  });

  test('a year in the past when the date would be ahead (December read in January)', () => {
    const january = new Date(2027, 0, 1, 0, 30).getTime();
    const m = parseSyslog('<13>Dec 31 23:59:00 host app: late', january);
    assert.equal(new Date(m.timestamp!).getFullYear(), 2026);
  });

  test('Cisco IOS: sequence number, unsynchronised clock, millis, zone', () => {
    const m = parseSyslog('<189>123: *Mar  1 00:00:12.345 UTC: %SYS-5-CONFIG_I: Configured from console by console', now);
    assert.equal(m.sequence, 123);
    assert.equal(m.facility, 23);
    assert.equal(m.severity, 5);
    assert.equal(m.timestamp, Date.UTC(2026, 2, 1, 0, 0, 12, 345));
    assert.equal(m.message, '%SYS-5-CONFIG_I: Configured from console by console');
  });

  test('Cisco with a year in the time', () => {
    const m = parseSyslog('<187>4567: Jan 10 2025 10:10:10.123 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down', now);
    assert.equal(m.timestamp, Date.UTC(2025, 0, 10, 10, 10, 10, 123));
    assert.equal(m.severity, 3);
  });

  test('no header at all after PRI; a URL is not a tag', () => {
    assert.equal(parseSyslog('<13>myapp: hello', now).appName, 'myapp');
    const m = parseSyslog('<13>http://example.com is down', now);
    assert.equal(m.appName, null);
    assert.equal(m.message, 'http://example.com is down');
  });
});

describe('not syslog', () => {
  test('no PRI, or a PRI out of range: the whole text kept as a raw message at notice', () => {
    const m = parseSyslog('hello world\n');
    assert.equal(m.format, 'raw');
    assert.equal(m.severity, 5);
    assert.equal(m.message, 'hello world');
    assert.equal(parseSyslog('<999>x').parseError, 'invalid PRI');
  });

  test('never throws on any input', () => {
    for (const s of ['', '<', '<1', '<1>', '<1>1', '<1>1 ', '<1>1 - - - - - -', '<1>1 - - - - - [', '<1>1 - - - - - [a b="\\', '<1>Feb 30 99:99:99 x', '<1>1 9999-99-99T99:99:99Z h a p m -']) {
      assert.doesNotThrow(() => parseSyslog(s), s);
    }
  });
});
