/**
 * A real S3-compatible server for the archive tests: moto in server mode (pip install 'moto[server]'), started
 * on a free port of 127.0.0.1 and stopped afterwards. `startMoto()` returns the reason instead when it cannot
 * run, for the test to skip loudly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface Moto {
  endpoint: string;
  client: S3Client;
  /** The environment that points DevSmith's archive at `bucket` on this server. */
  env(bucket: string): Record<string, string>;
  createBucket(bucket: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUp(url: string, child: ChildProcess, output: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${output().slice(-500)}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`moto did not answer on ${url} within ${ms / 1000} s: ${output().slice(-500)}`);
}

export async function startMoto(): Promise<Moto | string> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  if (spawned) return `python3 cannot be started (${spawned.message}): the archive tests need python3 with moto[server]`;
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUp(endpoint, child, () => out);
  } catch (err) {
    child.kill('SIGKILL');
    const missing = /No module named moto/.test(out);
    return missing
      ? "moto is not installed: pip install 'moto[server]' (scripts/test-all.sh installs it from test/archive/requirements.txt)"
      : (err as Error).message;
  }
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  return {
    endpoint,
    client,
    env: (bucket) => ({
      DEVSMITH_ARCHIVE_S3_BUCKET: bucket,
      DEVSMITH_ARCHIVE_S3_ENDPOINT: endpoint,
      DEVSMITH_ARCHIVE_S3_REGION: 'us-east-1',
      DEVSMITH_ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
      DEVSMITH_ARCHIVE_S3_ACCESS_KEY_ID: 'test',
      DEVSMITH_ARCHIVE_S3_SECRET_ACCESS_KEY: 'test',
      DEVSMITH_ARCHIVE_S3_PREFIX: 'archives/',
    }),
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async stop() {
      client.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
