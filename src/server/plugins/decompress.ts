/**
 * Request bodies in gzip or deflate, inflated with the size limit checked while inflating: a zip bomb is
 * cut off at the limit instead of filling memory.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../errors.js';

class LimitStream extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${this.limit} bytes once decompressed.`));
      return;
    }
    done(null, chunk);
  }
}

/** A `preParsing` hook for routes that accept compressed bodies. */
export function decompressBody(limit: number) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream & { receivedEncodedLength?: number }) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding === 'identity' || encoding === '') return payload;
    let inflate: Transform;
    if (encoding === 'gzip' || encoding === 'x-gzip') inflate = zlib.createGunzip();
    else if (encoding === 'deflate') inflate = zlib.createInflate();
    else throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}" is not supported: use gzip or deflate.`);
    const limiter = new LimitStream(limit);
    const out = limiter as Transform & { receivedEncodedLength?: number };
    out.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      out.receivedEncodedLength! += chunk.length;
    });
    const fail = (err: Error) => {
      const e = err instanceof AppError ? err : new AppError('INVALID_ENCODING', `The ${encoding} body is corrupt: ${err.message}`);
      limiter.destroy(e);
    };
    inflate.on('error', fail);
    payload.on('error', fail);
    // Fastify listens for errors only while it reads the body; a request refused before that (say, 415) would
    // leave this stream's error unheard, and an unheard 'error' event ends the process.
    limiter.on('error', () => {});
    payload.pipe(inflate).pipe(limiter);
    return out;
  };
}
