/**
 * The real syslog-ng forwarding to the receiver with its `syslog()` destination (RFC 5424, octet counting) and
 * the project key set in structured data by a rewrite: over TCP, and over TLS checking the server's
 * certificate. These are the configs of docs/integrations/shippers.md, "syslog-ng". Debian's syslog-ng and
 * rsyslog packages exclude each other, so scripts/test-all.sh unpacks syslog-ng's into $SYSLOG_NG_ROOT.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { freePort, tempDir } from '../helpers/server.js';
import { logger, logsOf, run, syslogApp } from './support.js';

const ROOT = process.env.SYSLOG_NG_ROOT ?? '/tmp/devsmith-syslog-ng/root';
const onPath = spawnSync('sh', ['-c', 'command -v syslog-ng']).stdout.toString().trim();
const binary = onPath || path.join(ROOT, 'usr/sbin/syslog-ng');
const unpacked = !onPath;
const missing = fs.existsSync(binary) ? false : `syslog-ng NOT FOUND on PATH nor in ${ROOT}: run scripts/test-all.sh (it unpacks Debian's syslog-ng-core there)`;

function config(dir: string, inPort: number, tcpPort: number, tlsPort: number, key: string): string {
  return `@version: 3.38
options { use-dns(no); keep-hostname(yes); };
source s_in { network(ip("127.0.0.1") port(${inPort}) transport("udp") flags(syslog-protocol)); };
rewrite r_devsmith { set("${key}" value(".SDATA.devsmith@53595.key")); };
destination d_tcp { syslog("127.0.0.1" transport("tcp") port(${tcpPort})); };
destination d_tls { syslog("localhost" transport("tls") port(${tlsPort})
                    tls(peer-verify(required-trusted) ca-file("${dir}/cert.pem"))); };
filter f_tcp { program("^via-tcp"); };
filter f_tls { program("^via-tls"); };
log { source(s_in); filter(f_tcp); rewrite(r_devsmith); destination(d_tcp); };
log { source(s_in); filter(f_tls); rewrite(r_devsmith); destination(d_tls); };
`;
}

describe('syslog-ng forwarding to the receiver', { skip: missing }, () => {
  const backend = sqliteBackend();
  let app: App;
  let admin: Session;
  let daemon: ChildProcess;
  let output = '';
  let inPort: number;
  let keyed: { slug: string; key: string };

  before(async () => {
    const dir = tempDir('devsmith-syslog-ng-');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    // "localhost" may resolve to ::1 first: the TLS listener takes both.
    ({ app } = await syslogApp(backend, {
      DEVSMITH_SYSLOG_UDP: '',
      DEVSMITH_SYSLOG_TLS: '[::]:0',
      DEVSMITH_SYSLOG_TLS_CERT: path.join(dir, 'cert.pem'),
      DEVSMITH_SYSLOG_TLS_KEY: path.join(dir, 'key.pem'),
    }));
    const ports = Object.fromEntries(app.syslog!.addresses().map((b) => [b.config.transport, b.port]));
    admin = await setupAdmin(app);
    keyed = await createProject(app, admin, 'Syslog NG');
    inPort = await freePort();
    const conf = path.join(dir, 'syslog-ng.conf');
    fs.writeFileSync(conf, config(dir, inPort, ports.tcp!, ports.tls!, keyed.key));
    const args = ['-F', '-f', conf, '-R', path.join(dir, 'persist'), '-p', path.join(dir, 'pid'), '-c', path.join(dir, 'ctl')];
    if (unpacked) args.push(`--module-path=${path.join(ROOT, 'usr/lib/syslog-ng/3.38')}`);
    const env = unpacked ? { ...process.env, LD_LIBRARY_PATH: path.join(ROOT, 'usr/lib/syslog-ng') } : process.env;
    daemon = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    daemon.stdout!.on('data', (d) => (output += d));
    daemon.stderr!.on('data', (d) => (output += d));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(daemon.exitCode, null, `syslog-ng exited: ${output}`);
  });

  after(async () => {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
    await app?.shutdown();
    await backend.cleanup();
  });

  for (const via of ['tcp', 'tls'] as const) {
    test(`syslog() over ${via.toUpperCase()}, the key set in structured data by a rewrite`, async () => {
      for (let i = 0; i < 10; i++) await logger(inPort, 'udp', ['--rfc3164', '-t', `via-${via}`, '-p', 'local1.warning'], `syslog-ng ${via} ${i}`);
      const logs = await logsOf(app, admin, keyed.slug, 10, `&service=via-${via}`);
      assert.equal(logs.length, 10, `syslog-ng said: ${output}`);
      const one = logs.find((l) => l.message === `syslog-ng ${via} 4`);
      assert.ok(one, JSON.stringify(logs.slice(0, 2)));
      assert.equal(one.level, 'WARN');
      assert.equal(one.context.syslog.format, 'rfc5424');
      assert.equal(one.context.syslog.facility, 'local1');
      assert.equal(one.context.syslog.transport, via);
      assert.ok(!JSON.stringify(logs).includes(keyed.key));
    });
  }
});
