/** The object storage client against a real S3-compatible server (moto): multipart uploads, reads, errors. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { ArchiveStorageError, PART_BYTES, s3Bucket, type ArchiveBucket } from '../../src/archive/s3-bucket.js';
import { loadConfig } from '../../src/config.js';
import { startMoto, type Moto } from '../helpers/moto.js';

let moto: Moto | string;
let bucket: ArchiveBucket;
const name = `bucket-${process.pid}`;
before(async () => {
  moto = await startMoto();
  if (typeof moto === 'string') return;
  await moto.createBucket(name);
  bucket = s3Bucket(loadConfig(moto.env(name)).archive!);
});
after(async () => {
  if (typeof moto !== 'string') await moto.stop();
});

async function* chunks(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
async function readAll(key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of await bucket.read(key)) parts.push(b as Buffer);
  return Buffer.concat(parts);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('an object larger than two parts goes up in parts and reads back byte for byte', async (t) => {
  if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
  const data = randomBytes(2 * PART_BYTES + 12345);
  await bucket.upload('big.bin', chunks(data, 64 * 1024), 'application/octet-stream');
  assert.equal(sha(await readAll('big.bin')), sha(data));
  const open = await moto.client.send(new ListMultipartUploadsCommand({ Bucket: name }));
  assert.equal(open.Uploads?.length ?? 0, 0, 'no upload left unfinished');
});

test('small and empty objects are one PUT', async (t) => {
  if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
  await bucket.upload('small.bin', chunks(Buffer.from('hello'), 2), 'text/plain');
  assert.equal((await readAll('small.bin')).toString(), 'hello');
  await bucket.upload('empty.bin', chunks(Buffer.alloc(0), 1), 'text/plain');
  assert.equal((await readAll('empty.bin')).length, 0);
});

test('a stream that fails mid-upload aborts the multipart upload and reports the error', async (t) => {
  if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
  async function* failing() {
    yield randomBytes(PART_BYTES + 1);
    yield randomBytes(1000);
    throw new Error('source broke');
  }
  await assert.rejects(bucket.upload('broken.bin', failing(), 'application/octet-stream'), /source broke/);
  const open = await moto.client.send(new ListMultipartUploadsCommand({ Bucket: name }));
  assert.equal(open.Uploads?.length ?? 0, 0, 'the unfinished upload was aborted');
  await assert.rejects(bucket.read('broken.bin'), ArchiveStorageError);
});

test('a missing object or bucket is an ArchiveStorageError naming the key and the storage\'s code', async (t) => {
  if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
  await assert.rejects(bucket.read('nope.ndjson.gz'), (err: Error) => err instanceof ArchiveStorageError && /get nope\.ndjson\.gz: NoSuchKey/.test(err.message));
  const elsewhere = s3Bucket(loadConfig(moto.env('no-such-bucket')).archive!);
  await assert.rejects(elsewhere.putText('x', 'y', 'text/plain'), (err: Error) => err instanceof ArchiveStorageError && /NoSuchBucket/.test(err.message));
});
