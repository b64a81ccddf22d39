/**
 * A throwaway PostgreSQL cluster in a temporary directory, on its own port, that a fault test may stop and
 * start at will without disturbing the shared cluster other tests use. Runs the server binaries as the
 * `postgres` user when we are root (PostgreSQL refuses to run as root).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/server.js';

/** The newest installed server's bin directory, or null when PostgreSQL is not installed. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

export class ThrowawayCluster {
  private constructor(readonly dir: string, readonly port: number, private readonly bin: string) {}

  /** `postgres://postgres@127.0.0.1:<port>/<db>` (trust authentication, loopback only). */
  url(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  static async create(bin: string): Promise<ThrowawayCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-pgfault-'));
    const cluster = new ThrowawayCluster(dir, await freePort(), bin);
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    cluster.run('initdb', ['-D', cluster.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    fs.appendFileSync(path.join(cluster.data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nport = ${cluster.port}\nunix_socket_directories = '${dir}'\nfsync = on\n`);
    cluster.start();
    return cluster;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  private run(tool: string, args: string[]): void {
    const cmd = [path.join(this.bin, tool), ...args];
    if (process.getuid?.() === 0) {
      const quoted = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe', timeout: 60_000 });
    } else {
      execFileSync(cmd[0]!, cmd.slice(1), { stdio: 'pipe', timeout: 60_000 });
    }
  }

  start(): void {
    this.run('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '30', 'start']);
  }

  /** `immediate`: like a crash (no shutdown checkpoint); committed transactions survive through the WAL. */
  stop(mode: 'fast' | 'immediate' = 'immediate'): void {
    this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      /* already stopped */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
