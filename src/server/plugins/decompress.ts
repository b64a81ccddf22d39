/**
 * Request bodies in gzip or deflate, inflated with the size limit checked while inflating: a zip bomb is
 * cut off at the limit instead of filling memory. Every inflated byte (and every byte of a body sent without
 * Content-Length) is charged to the body budget as it arrives; admitBody charged the declared ones already.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../../errors.js';
import { holdBodyBytes, isIdentity, overloaded, TEXT_BYTE_COST, type BodyBudget } from './body-budget.js';

/**
 * Output chunks of 64 KiB, not zlib's 16 KiB: every chunk is one callback on the event loop (through the meter,
 * the string decoder and the parser's concatenation), and under a flood of compressed bodies those callbacks
 * are most of the main thread's work. A quarter as many for the same bytes.
 */
const INFLATE_OPTIONS: zlib.ZlibOptions = { chunkSize: 64 * 1024 };

type Payload = NodeJS.ReadableStream & { receivedEncodedLength?: number };

class BodyMeter extends Transform {
  private seen = 0;
  receivedEncodedLength = 0;
  constructor(
    private readonly limit: number,
    private readonly charge: (bytes: number) => boolean,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${this.limit} bytes once decompressed.`));
      return;
    }
    if (!this.charge(chunk.length * TEXT_BYTE_COST)) {
      done(overloaded());
      return;
    }
    done(null, chunk);
  }
}

/** A `preParsing` hook for routes that accept compressed bodies, charging `budget` for what it reads. */
export function decompressBody(limit: number, budget: BodyBudget) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: Payload) => {
    const declared = request.headers['content-length'] !== undefined;
    const identity = isIdentity(request);
    if (identity && declared) return payload; // charged in full before it was read: the hot path stays a plain stream
    let inflate: Transform | null = null;
    if (!identity) {
      const encoding = String(request.headers['content-encoding']).toLowerCase().trim();
      if (encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}" is not supported: use gzip or deflate.`);
      }
      // Its turn to inflate (inflate-gate.ts): at once, after the bodies ahead of it, or refused when too many wait.
      const ticket = budget.inflate.enter();
      if (!ticket) throw overloaded();
      reply.raw.once('close', ticket.release); // answered or gone, while waiting or inflating: the slot is freed
      if (!(await ticket.ready)) throw overloaded(); // the client left while it waited: nobody reads this answer
      inflate = encoding === 'deflate' ? zlib.createInflate(INFLATE_OPTIONS) : zlib.createGunzip(INFLATE_OPTIONS);
      // Done inflating (or failed): the next body may start while this one is parsed and stored.
      inflate.once('end', ticket.release).once('close', ticket.release);
    }
    return meterBody(payload, inflate, {
      limit,
      // A body without Content-Length was not charged up front: its compressed bytes are charged here.
      chargeEncoded: !identity && !declared,
      charge: (bytes) => holdBodyBytes(budget, request, reply, bytes),
      corrupt: (err) => new AppError('INVALID_ENCODING', `The ${String(request.headers['content-encoding'])} body is corrupt: ${err.message}`),
    });
  };
}

interface MeterOptions {
  limit: number;
  chargeEncoded: boolean;
  charge: (bytes: number) => boolean;
  corrupt: (err: Error) => AppError;
}

function meterBody(payload: Payload, inflate: Transform | null, opts: MeterOptions): BodyMeter {
  const meter = new BodyMeter(opts.limit, opts.charge);
  let failed = false;
  const fail = (err: Error) => {
    if (failed) return;
    failed = true;
    meter.destroy(err instanceof AppError ? err : opts.corrupt(err));
    // The rest of the body is read and dropped, so that the connection neither stalls with a half-read
    // request nor holds what is still in flight.
    if (inflate) {
      payload.unpipe(inflate);
      inflate.destroy();
    } else payload.unpipe(meter);
    payload.resume();
  };
  payload.on('data', (chunk: Buffer) => {
    meter.receivedEncodedLength += chunk.length;
    if (opts.chargeEncoded && !failed && !opts.charge(chunk.length)) fail(overloaded());
  });
  // Fastify listens for errors only while it reads the body; a request refused before that (say, 415) would
  // leave this stream's error unheard, and an unheard 'error' event ends the process.
  meter.on('error', fail);
  payload.on('error', fail);
  if (inflate) {
    inflate.on('error', fail);
    payload.pipe(inflate).pipe(meter);
  } else payload.pipe(meter);
  return meter;
}
