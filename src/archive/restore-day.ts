/**
 * Reads an archived day back into the store: the object is streamed, unzipped, split into lines and restored
 * in chunks (each one transaction) with the logs' own ids, so the day reads exactly as before. Logs already
 * there are skipped, which makes a restore safe to repeat or to resume after a failure.
 */
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { RestoredLog } from '../store/archive-types.js';
import type { Store } from '../store/types.js';
import type { ArchiveBucket } from './s3-bucket.js';
import { parseArchivedLine } from './format.js';

/** Logs per restore transaction: short enough not to hold SQLite's write lock for long. */
export const RESTORE_CHUNK = 1000;

export interface RestoreOutcome {
  /** Lines in the object, logs written, logs that were already there. */
  count: number;
  inserted: number;
  present: number;
  sha256: string;
}

async function* lines(stream: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const piece of stream) {
    const text = rest + piece;
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const p of parts) yield p;
  }
  if (rest) yield rest;
}

export async function restoreDay(store: Store, bucket: ArchiveBucket, key: string, projectId: number, grouping = true): Promise<RestoreOutcome> {
  const body = await bucket.read(key);
  const hash = createHash('sha256');
  body.on('data', (b: Buffer) => hash.update(b));
  const gunzip = body.pipe(createGunzip());
  body.on('error', (err) => gunzip.destroy(err));
  const out: RestoreOutcome = { count: 0, inserted: 0, present: 0, sha256: '' };
  let chunk: RestoredLog[] = [];
  const flush = async () => {
    const r = await store.restoreLogs(chunk);
    out.inserted += r.inserted;
    out.present += r.present;
    chunk = [];
  };
  // Splitting on raw bytes would cut a character in two: decode each chunk with the remainder carried over.
  gunzip.setEncoding('utf8');
  for await (const line of lines(gunzip as AsyncIterable<string>)) {
    out.count++;
    chunk.push(parseArchivedLine(line, out.count, projectId, grouping));
    if (chunk.length >= RESTORE_CHUNK) await flush();
  }
  if (chunk.length) await flush();
  out.sha256 = hash.digest('hex');
  return out;
}

