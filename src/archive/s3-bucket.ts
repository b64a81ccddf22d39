/**
 * The object storage archives go to, through the AWS SDK v3 S3 client: AWS S3 itself, or any S3-compatible
 * service given an endpoint (MinIO, Cloudflare R2, GCS interoperability, Ceph). Large objects go up in parts
 * (multipart upload), so a day of any size is held in memory one part at a time.
 */
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArchiveConfig } from '../config.js';

/** Parts of 8 MiB: S3's minimum is 5 MiB (but the last), its maximum 10,000 parts: up to 78 GiB compressed. */
export const PART_BYTES = 8 * 1024 * 1024;

export interface ArchiveBucket {
  /** Writes the object from a stream of bytes; in parts once it outgrows one part. */
  upload(key: string, body: AsyncIterable<Buffer>, contentType: string): Promise<void>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  /** The object's bytes as a stream; ArchiveStorageError when it cannot be read (missing, denied). */
  read(key: string): Promise<Readable>;
}

/** The storage refused or could not be reached; the message names the operation, never a credential. */
export class ArchiveStorageError extends Error {
  constructor(operation: string, key: string, cause: unknown) {
    const e = cause as { name?: string; message?: string; Code?: string };
    super(`${operation} ${key}: ${e.Code ?? e.name ?? 'Error'}: ${e.message ?? String(cause)}`, { cause });
    this.name = 'ArchiveStorageError';
  }
}

type Sdk = typeof import('@aws-sdk/client-s3');

/** The SDK is loaded on first use: a server that never archives does not pay for it (nor hear its warnings). */
export function s3Bucket(cfg: ArchiveConfig): ArchiveBucket {
  let loaded: Promise<{ sdk: Sdk; client: S3Client }> | null = null;
  const connect = () => (loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: clientFor(sdk, cfg) })));
  return bucketOn(cfg.bucket, connect);
}

function clientFor(sdk: Sdk, cfg: ArchiveConfig): S3Client {
  return new sdk.S3Client({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    forcePathStyle: cfg.forcePathStyle,
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    // GCS interoperability and some S3-compatible services reject the newer default CRC32 checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function bucketOn(Bucket: string, connect: () => Promise<{ sdk: Sdk; client: S3Client }>): ArchiveBucket {
  const guard = async <T>(operation: string, key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof ArchiveStorageError ? err : new ArchiveStorageError(operation, key, err);
    }
  };

  async function multipart(Key: string, first: Buffer, rest: AsyncIterator<Buffer>, ContentType: string): Promise<void> {
    const { sdk, client } = await connect();
    const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand } = sdk;
    const { UploadId } = await guard('create upload', Key, () => client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType })));
    const parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];
    try {
      let part: Buffer | null = first;
      while (part) {
        const PartNumber = parts.length + 1;
        const Body = part;
        const { ETag } = await guard('upload part', Key, () => client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body })));
        parts.push({ ETag, PartNumber });
        part = await nextPart(rest);
      }
      await guard('complete upload', Key, () =>
        client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } })),
      );
    } catch (err) {
      // Parts of an unfinished upload are stored (and billed) until aborted.
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => {});
      throw err;
    }
  }

  return {
    async upload(Key, body, ContentType) {
      const it = body[Symbol.asyncIterator]();
      const first = await nextPart(it);
      if (first === null || first.length < PART_BYTES) {
        const Body = first ?? Buffer.alloc(0);
        const { sdk, client } = await connect();
        const { PutObjectCommand } = sdk;
        await guard('put', Key, () => client.send(new PutObjectCommand({ Bucket, Key, Body, ContentType })));
        return;
      }
      await multipart(Key, first, it, ContentType);
    },
    async putText(Key, text, ContentType) {
      const { sdk, client } = await connect();
      const { PutObjectCommand } = sdk;
      await guard('put', Key, () => client.send(new PutObjectCommand({ Bucket, Key, Body: text, ContentType })));
    },
    async read(Key) {
      const { sdk, client } = await connect();
      const { GetObjectCommand } = sdk;
      const res = await guard('get', Key, () => client.send(new GetObjectCommand({ Bucket, Key })));
      if (!(res.Body instanceof Readable)) throw new ArchiveStorageError('get', Key, new Error('no body in the answer'));
      return res.Body;
    },
  };
}

/** Up to PART_BYTES of the stream in one buffer, or null at its end. */
async function nextPart(it: AsyncIterator<Buffer>): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < PART_BYTES) {
    const { value, done } = await it.next();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  return size === 0 ? null : Buffer.concat(chunks, size);
}
