/**
 * Archive benchmark: bulk-loads N logs over the last 3 days into one project (SQLite), then archives one whole
 * UTC day (about a third of them) to a local moto S3 server and restores it into a fresh store. Prints logs/s,
 * the object's size and this process's RSS (before and peak, sampled every 50 ms): the day is compressed and
 * uploaded in parts as it is read, so the peak must not grow with the day. `npm run bench:archive -- --help`.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { s3Bucket } from '../src/archive/s3-bucket.js';
import { writeDay } from '../src/archive/write-day.js';
import { restoreDay } from '../src/archive/restore-day.js';
import { objectKey } from '../src/archive/format.js';
import { loadConfig } from '../src/config.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { withProject } from '../src/store/contract/harness.js';
import { startMoto } from '../test/helpers/moto.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';

const HELP = 'npm run bench:archive -- [--logs 300000]   (needs python3 with moto[server])';
const args = flags({ logs: { type: 'string', default: '300000' } }, HELP);
const n = positiveNumber('logs', args.logs);
const DAY = 86_400_000;
const mb = (b: number) => b / 1024 / 1024;

async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; rssBefore: number; rssPeak: number }> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const timer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  const value = await fn();
  clearInterval(timer);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  return { value, seconds: (performance.now() - t0) / 1000, rssBefore, rssPeak };
}

const moto = await startMoto();
if (typeof moto === 'string') {
  process.stderr.write(`cannot run: ${moto}\n`);
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-archive-bench-'));
try {
  await moto.createBucket('bench');
  const bucket = s3Bucket(loadConfig(moto.env('bench')).archive!);
  const source = await openSqliteStore({ path: path.join(dir, 'source.db') });
  const { projectId } = await withProject(source, 'bench');
  process.stdout.write(`loading ${fmt(n)} logs over 3 days (SQLite)...\n`);
  await bulkLoad(source, projectId, n, 3);
  const dayStart = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
  const day = new Date(dayStart).toISOString().slice(0, 10);
  const project = (await source.getProject(projectId))!;
  const key = objectKey('bench/', projectId, day);

  const a = await measured(() => writeDay(source, bucket, project, day, dayStart, key, Date.now()));
  const m = a.value;
  process.stdout.write(
    `archive ${day}: ${fmt(m.count)} logs in ${fmt(a.seconds, 1)} s = ${fmt(m.count / a.seconds)} logs/s; ` +
      `NDJSON ${fmt(mb(m.uncompressed_bytes), 1)} MB -> gzip ${fmt(mb(m.bytes), 1)} MB (${fmt(m.bytes / m.count, 1)} B/log); ` +
      `RSS ${fmt(mb(a.rssBefore))} -> peak ${fmt(mb(a.rssPeak))} MB\n`,
  );
  await source.close();

  const target = await openSqliteStore({ path: path.join(dir, 'target.db') });
  await withProject(target, 'bench');
  const r = await measured(() => restoreDay(target, bucket, key, projectId));
  process.stdout.write(
    `restore into an empty store: ${fmt(r.value.inserted)} logs in ${fmt(r.seconds, 1)} s = ${fmt(r.value.inserted / r.seconds)} logs/s; ` +
      `RSS ${fmt(mb(r.rssBefore))} -> peak ${fmt(mb(r.rssPeak))} MB\n`,
  );
  const again = await measured(() => restoreDay(target, bucket, key, projectId));
  process.stdout.write(`restore again (every log present): ${fmt(again.value.present)} skipped in ${fmt(again.seconds, 1)} s\n`);
  await target.close();
} finally {
  await moto.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
