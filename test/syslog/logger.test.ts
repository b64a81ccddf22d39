/**
 * The syslog receiver with the real util-linux `logger` over UDP and TCP, RFC 5424 and RFC 3164, on SQLite and
 * PostgreSQL: the project comes from the key in the structured data, the key as the first word, or the
 * listener's project; unknown keys and garbled input are counted, never crash anything.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { backends, createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { logger, logsOf, logsUntil, metric, syslogApp } from './support.js';

for (const backend of backends()) {
  describe(`syslog with logger (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let ports: Record<string, number>;
    let keyed: { id: number; slug: string; key: string };
    let fallback: { id: number; slug: string; key: string };
    before(async () => {
      // The listener's project is created after the app starts: it is looked up when messages come.
      ({ app, ports } = await syslogApp(backend, { DEVSMITH_SYSLOG_PROJECT: 'network-devices' }));
      admin = await setupAdmin(app);
      keyed = await createProject(app, admin, 'Keyed');
      fallback = await createProject(app, admin, 'Network Devices');
      assert.equal(fallback.slug, 'network-devices');
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    for (const transport of ['udp', 'tcp'] as const) {
      test(`${transport}: RFC 5424 with the key in structured data, level, service, host and SD params mapped`, async () => {
        const sd = ['--sd-id', 'devsmith@53595', '--sd-param', `key="${keyed.key}"`, '--sd-param', 'environment="prod"', '--sd-id', 'order@32473', '--sd-param', 'id="42"'];
        await logger(ports[transport]!, transport, ['--rfc5424', '-t', `billing-${transport}`, '-p', 'local3.err', '--msgid', 'PAY', ...sd], `payment failed over ${transport}`);
        const [log] = await logsOf(app, admin, keyed.slug, 1, `&service=billing-${transport}`);
        assert.ok(log, 'the message was not stored');
        assert.equal(log.message, `payment failed over ${transport}`);
        assert.equal(log.level, 'ERROR');
        assert.equal(log.environment, 'prod');
        assert.ok(log.host, 'hostname kept');
        assert.equal(log.context.syslog.facility, 'local3');
        assert.equal(log.context.syslog.severity, 'err');
        assert.equal(log.context.syslog.msgid, 'PAY');
        assert.equal(log.context.syslog.format, 'rfc5424');
        assert.equal(log.context.syslog.transport, transport);
        assert.deepEqual(log.context.sd['order@32473'], { id: '42' });
        assert.ok(!JSON.stringify(log).includes(keyed.key), 'the key must not be stored');
        assert.ok(Math.abs(Date.parse(log.timestamp) - Date.now()) < 60_000, `timestamp ${log.timestamp}`);
      });

      test(`${transport}: RFC 3164 with the key as the first word`, async () => {
        await logger(ports[transport]!, transport, ['--rfc3164', '-t', `cron-${transport}`, '-p', 'cron.warning'], `${keyed.key} job took too long`);
        const [log] = await logsOf(app, admin, keyed.slug, 1, `&service=cron-${transport}`);
        assert.ok(log, 'the message was not stored');
        assert.equal(log.message, 'job took too long');
        assert.equal(log.level, 'WARN');
        assert.equal(log.context.syslog.format, 'rfc3164');
        assert.equal(log.context.syslog.facility, 'cron');
      });

      test(`${transport}: no key: the listener's project`, async () => {
        await logger(ports[transport]!, transport, ['--rfc3164', '-t', `router-${transport}`, '-p', 'local7.notice'], 'link up');
        const [log] = await logsOf(app, admin, fallback.slug, 1, `&service=router-${transport}`);
        assert.ok(log, 'the message was not stored under the listener\'s project');
        assert.equal(log.message, 'link up');
        assert.equal(log.level, 'INFO');
      });
    }

    test('TCP with octet counting (logger --octet-count), many messages on one connection, batched', async () => {
      const lines = Array.from({ length: 300 }, (_, i) => `${keyed.key} bulk line ${i}`).join('\n');
      const child = spawn('logger', ['-n', '127.0.0.1', '-P', String(ports.tcp), '-T', '--octet-count', '--rfc5424', '-t', 'bulk'], { stdio: ['pipe', 'ignore', 'inherit'] });
      child.stdin.end(lines);
      await new Promise((resolve) => child.once('exit', resolve));
      const logs = await logsOf(app, admin, keyed.slug, 300, '&service=bulk');
      assert.equal(logs.length, 300);
      assert.deepEqual(new Set(logs.map((l) => l.message)).size, 300);
    });

    test('an unknown key is dropped and counted, never filed under the listener\'s project', async () => {
      const before = await metric(app, 'devsmith_syslog_messages_dropped_total{reason="unknown_key"}');
      await logger(ports.udp!, 'udp', ['--rfc5424', '-t', 'stranger', '--sd-id', 'devsmith@53595', '--sd-param', `key="dsk_${'Z'.repeat(43)}"`], 'who am I');
      const deadline = Date.now() + 5000;
      while ((await metric(app, 'devsmith_syslog_messages_dropped_total{reason="unknown_key"}')) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await metric(app, 'devsmith_syslog_messages_dropped_total{reason="unknown_key"}'), before + 1);
      const stray = await logsOf(app, admin, fallback.slug, 0, '&service=stranger');
      assert.equal(stray.length, 0);
    });

    test('the project\'s rate limit counts one request per batch; a deactivated project\'s messages are dropped, counted', async () => {
      const limited = await createProject(app, admin, 'Limited');
      const patch = async (payload: object) => {
        const res = await app.app.inject({ method: 'PATCH', url: `/api/logs/projects/${limited.id}`, headers: { cookie: admin.cookie }, payload });
        assert.equal(res.statusCode, 200, res.body);
      };
      await patch({ rate_limit_per_minute: 1 });
      const sd = ['--sd-id', 'devsmith@53595', '--sd-param', `key="${limited.key}"`];
      await logger(ports.tcp!, 'tcp', ['--rfc5424', '-t', 'limited', ...sd], 'first batch');
      assert.equal((await logsOf(app, admin, limited.slug, 1)).length, 1);
      const rateLimited = 'devsmith_syslog_messages_dropped_total{reason="rate_limited"}';
      const before = await metric(app, rateLimited);
      await logger(ports.tcp!, 'tcp', ['--rfc5424', '-t', 'limited', ...sd], 'second batch, same minute');
      const deadline = Date.now() + 5000;
      while ((await metric(app, rateLimited)) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await metric(app, rateLimited), before + 1);
      await patch({ rate_limit_per_minute: null, active: false });
      const inactive = 'devsmith_syslog_messages_dropped_total{reason="project_inactive"}';
      await logger(ports.udp!, 'udp', ['--rfc5424', '-t', 'limited', ...sd], 'after deactivation');
      const until = Date.now() + 5000;
      while ((await metric(app, inactive)) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await metric(app, inactive), 1);
      assert.equal((await logsOf(app, admin, limited.slug, 0)).length, 1);
    });

    test('garbage over UDP and TCP: kept as raw text when it is text, counted, the listeners keep working', async () => {
      const udp = dgram.createSocket('udp4');
      await new Promise<void>((r) => udp.send(Buffer.from('not syslog at all'), ports.udp!, '127.0.0.1', () => r()));
      await new Promise<void>((r) => udp.send(Buffer.from([0xff, 0xfe, 0x3c, 0x31, 0x33, 0x3e, 0xe9, 0x74, 0xe9]), ports.udp!, '127.0.0.1', () => r()));
      udp.close();
      const sock = net.connect(ports.tcp!, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      sock.write(`999999999999 <13>${'x'.repeat(70_000)}\n<13>Dec  2 10:00:00 h tail: after the flood\n\0\0\n`);
      sock.end();
      await new Promise((r) => sock.once('close', r));
      // The project holds earlier tests' logs too: wait for these ones (the TCP lines may land after the UDP ones).
      const logs = await logsUntil(app, admin, fallback.slug, (all) =>
        ['not syslog at all', 'after the flood'].every((m) => all.some((l) => l.message === m)) && all.some((l) => l.context.syslog?.encoding === 'latin1') && all.some((l) => l.context.syslog?.truncated),
      );
      const raw = logs.find((l) => l.message === 'not syslog at all');
      assert.ok(raw, 'raw text kept');
      assert.equal(raw.context.syslog.format, 'raw');
      assert.ok(logs.find((l) => l.context.syslog.encoding === 'latin1'), 'non-UTF-8 kept as Latin-1');
      const cut = logs.find((l) => l.context.syslog.truncated);
      assert.ok(cut, 'the oversized line kept, cut');
      assert.ok(logs.find((l) => l.message === 'after the flood'), 'the message after an oversized one');
      assert.ok((await metric(app, 'devsmith_syslog_messages_degraded_total{reason="not_syslog"}')) >= 1);
      assert.ok((await metric(app, 'devsmith_syslog_messages_degraded_total{reason="truncated"}')) >= 1);
      // Still listening.
      await logger(ports.tcp!, 'tcp', ['--rfc3164', '-t', 'alive'], 'still here');
      assert.equal((await logsOf(app, admin, fallback.slug, 1, '&service=alive')).length, 1);
    });
  });
}
