/**
 * The real rsyslog (Debian's rsyslogd) forwarding to the receiver with omfwd: TCP with octet counting and our
 * RFC 5424 template carrying the key in structured data, and TLS (the gnutls driver, rsyslog-gnutls) with
 * rsyslog's default BSD forwarding format, filed under the TLS listener's project. These are the configs of
 * docs/integrations/shippers.md, "Syslog".
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { freePort, tempDir } from '../helpers/server.js';
import { logger, logsOf, run, syslogApp } from './support.js';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const GTLS = '/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so';
const missing = !fs.existsSync(RSYSLOGD)
  ? 'rsyslogd NOT INSTALLED: apt-get install rsyslog rsyslog-gnutls (scripts/test-all.sh does)'
  : !fs.existsSync(GTLS) ? 'rsyslog-gnutls NOT INSTALLED: apt-get install rsyslog-gnutls' : false;

function rsyslogConfig(dir: string, inPort: number, tcpPort: number, tlsPort: number, key: string): string {
  return `
global(workDirectory="${dir}")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="${inPort}")

# RFC 5424 with the project key in DevSmith's structured-data element (sp-if-no-1st-sp: exactly one space
# before the message, whether or not rsyslog kept the one after the tag).
template(name="DevSmith" type="string"
  string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% [devsmith@53595 key=\\"${key}\\"]%msg:::sp-if-no-1st-sp%%msg%\\n")

if $programname startswith "via-tcp" then {
  action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp" TCP_Framing="octet-counted" template="DevSmith")
}
if $programname startswith "via-tls" then {
  action(type="omfwd" target="127.0.0.1" port="${tlsPort}" protocol="tcp"
         StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="anon")
}
`;
}

describe('rsyslog forwarding to the receiver', { skip: missing }, () => {
  const backend = sqliteBackend();
  let app: App;
  let admin: Session;
  let rsyslog: ChildProcess;
  let rsyslogOut = '';
  let inPort: number;
  let keyed: { slug: string; key: string };
  let tlsProject: { slug: string };

  before(async () => {
    const dir = tempDir('devsmith-rsyslog-');
    // A self-signed certificate for the TLS listener (rsyslog's anon mode checks none).
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    ({ app } = await syslogApp(backend, {
      DEVSMITH_SYSLOG_UDP: '',
      DEVSMITH_SYSLOG_TLS: '127.0.0.1:0',
      DEVSMITH_SYSLOG_TLS_CERT: path.join(dir, 'cert.pem'),
      DEVSMITH_SYSLOG_TLS_KEY: path.join(dir, 'key.pem'),
      DEVSMITH_SYSLOG_TLS_PROJECT: 'tls-hosts',
    }));
    const ports = Object.fromEntries(app.syslog!.addresses().map((b) => [b.config.transport, b.port]));
    admin = await setupAdmin(app);
    keyed = await createProject(app, admin, 'Rsyslog Keyed');
    tlsProject = await createProject(app, admin, 'TLS Hosts');
    inPort = await freePort();
    const conf = path.join(dir, 'rsyslog.conf');
    fs.writeFileSync(conf, rsyslogConfig(dir, inPort, ports.tcp!, ports.tls!, keyed.key));
    rsyslog = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
    rsyslog.stdout!.on('data', (d) => (rsyslogOut += d));
    rsyslog.stderr!.on('data', (d) => (rsyslogOut += d));
    await new Promise((r) => setTimeout(r, 1000)); // imudp binds
    assert.equal(rsyslog.exitCode, null, `rsyslogd exited: ${rsyslogOut}`);
  });

  after(async () => {
    if (rsyslog && rsyslog.exitCode === null) {
      rsyslog.kill('SIGTERM');
      await new Promise((r) => rsyslog.once('exit', r));
    }
    await app?.shutdown();
    await backend.cleanup();
  });

  test('omfwd over TCP, octet-counted, RFC 5424 with the key in structured data', async () => {
    for (let i = 0; i < 20; i++) await logger(inPort, 'udp', ['--rfc3164', '-t', 'via-tcp', '-p', 'daemon.err'], `rsyslog tcp ${i}`);
    const logs = await logsOf(app, admin, keyed.slug, 20, '&service=via-tcp');
    assert.equal(logs.length, 20, `rsyslogd said: ${rsyslogOut}`);
    const one = logs.find((l) => l.message === 'rsyslog tcp 7');
    assert.ok(one, JSON.stringify(logs.slice(0, 2)));
    assert.equal(one.level, 'ERROR');
    assert.equal(one.context.syslog.format, 'rfc5424');
    assert.equal(one.context.syslog.facility, 'daemon');
    assert.ok(!JSON.stringify(logs).includes(keyed.key));
  });

  test('omfwd over TLS (gtls), rsyslog\'s default format, the TLS listener\'s project', async () => {
    for (let i = 0; i < 5; i++) await logger(inPort, 'udp', ['--rfc3164', '-t', 'via-tls', '-p', 'auth.warning'], `rsyslog tls ${i}`);
    const logs = await logsOf(app, admin, tlsProject.slug, 5, '&service=via-tls');
    assert.equal(logs.length, 5, `rsyslogd said: ${rsyslogOut}`);
    const one = logs.find((l) => l.message === 'rsyslog tls 3');
    assert.ok(one, JSON.stringify(logs.slice(0, 2)));
    assert.equal(one.level, 'WARN');
    assert.equal(one.context.syslog.format, 'rfc3164');
    assert.equal(one.context.syslog.transport, 'tls');
  });
});
