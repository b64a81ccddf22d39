/**
 * Writes one project's UTC day to object storage: the export's NDJSON, gzip-compressed as it is read, hashed
 * and uploaded in parts as it is compressed (memory stays at about one part), then the manifest.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { encoderFor } from '../query/export-format.js';
import { exportBody } from '../query/export.js';
import type { Project, Store } from '../store/types.js';
import type { ArchiveBucket } from './s3-bucket.js';
import { DAY_MS } from './day.js';
import { ARCHIVE_SCHEMA_VERSION, manifestKey, type ArchiveManifest } from './format.js';

interface Tally {
  count: number;
  uncompressed: number;
  bytes: number;
}

async function* counted(text: AsyncIterable<string>, tally: Tally): AsyncGenerator<Buffer> {
  for await (const chunk of text) {
    const buf = Buffer.from(chunk, 'utf8');
    tally.uncompressed += buf.length;
    // One log per line, and JSON escapes every newline inside a value.
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) tally.count++;
    yield buf;
  }
}

export async function writeDay(store: Store, bucket: ArchiveBucket, project: Project, day: string, dayStart: number, key: string, now: number): Promise<ArchiveManifest> {
  const filter = { projectIds: [project.id], from: dayStart, to: dayStart + DAY_MS };
  const upto = await store.maxLogId();
  const text = exportBody(store, filter, upto, encoderFor('ndjson', undefined), new Map([[project.id, project.slug]]));
  const tally: Tally = { count: 0, uncompressed: 0, bytes: 0 };
  const hash = createHash('sha256');
  const gzip = createGzip();
  const compressing = pipeline(Readable.from(counted(text, tally)), gzip);
  compressing.catch(() => {}); // its error also destroys `gzip`, which the upload below reads and reports
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const buf of gzip as AsyncIterable<Buffer>) {
      hash.update(buf);
      tally.bytes += buf.length;
      yield buf;
    }
  }
  await bucket.upload(key, hashed(), 'application/gzip');
  await compressing;
  const manifest: ArchiveManifest = {
    format: 'devsmith-logs-archive',
    schema_version: ARCHIVE_SCHEMA_VERSION,
    project_id: project.id,
    project_slug: project.slug,
    day,
    object_key: key,
    content_type: 'application/x-ndjson',
    compression: 'gzip',
    order: 'newest first',
    count: tally.count,
    bytes: tally.bytes,
    uncompressed_bytes: tally.uncompressed,
    sha256: hash.digest('hex'),
    created_at: new Date(now).toISOString(),
  };
  await bucket.putText(manifestKey(key), `${JSON.stringify(manifest, null, 2)}\n`, 'application/json');
  return manifest;
}
