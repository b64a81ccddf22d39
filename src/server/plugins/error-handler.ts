/** One error handler: every error becomes RFC 9457 problem+json with a stable code and the request id. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from '../../store/types.js';
import { AppError, ERRORS, problemType, type ErrorCode } from '../../errors.js';
import { OncePer } from '../request-log.js';

/** Maps Fastify's own error codes (body parsing, limits) to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  detail: string,
  headers: Record<string, string> = {},
  extra: Record<string, string | number> = {},
) {
  const { status, title } = ERRORS[code];
  return reply
    .code(status)
    .headers(headers)
    .type('application/problem+json')
    .send({ ...extra, type: problemType(code), title, status, detail, code, request_id: String(request.id) });
}

/** Any error as an AppError when it is one we know (the OTLP routes answer them in their own shape); else null. */
export function toAppError(err: FastifyError | Error): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof StoreUnavailableError) {
    // Unreachable, or cannot commit (disk full, I/O error, lock wait): nothing was stored; a retry may succeed.
    return new AppError('STORE_UNAVAILABLE', 'The store is unreachable or cannot write right now (is its disk full?); retry shortly.', { 'Retry-After': '2' });
  }
  const fe = err as FastifyError & { validationContext?: string };
  if (fe.validation) return new AppError('VALIDATION_FAILED', `${fe.validationContext ?? 'request'} ${fe.message.replace(/^(body|querystring|params|headers)\s*/, '')}`.trim());
  if (fe.code && Object.hasOwn(FASTIFY_CODES, fe.code)) return new AppError(FASTIFY_CODES[fe.code]!, fe.message);
  if (err instanceof SyntaxError || fe.code === 'Z_DATA_ERROR' || fe.code === 'Z_BUF_ERROR') {
    return new AppError(err instanceof SyntaxError ? 'INVALID_JSON' : 'INVALID_ENCODING', `The body could not be read: ${err.message}`);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST', fe.message);
  }
  return null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Refused because the server is over its body budget (503 OVERLOADED): not a failure to log one by one. */
    refusedForLoad: boolean;
  }
}

/** Load shedding says so once a minute, with how many requests it refused since. */
const shedding = new OncePer(60_000);

/**
 * Logs a known error answered with a 5xx at warn. 503 OVERLOADED is the server shedding load as designed: a
 * line for each was 775 lines (300 KB) per flood of 400 requests, a flood of its own, so once a minute with a count.
 */
export function warnServerError(request: FastifyRequest, known: AppError): void {
  if (known.status < 500) return;
  if (known.code !== 'OVERLOADED') {
    request.log.warn({ code: known.code }, known.detail);
    return;
  }
  request.refusedForLoad = true;
  const held = shedding.pass();
  if (held !== null) request.log.warn({ code: known.code, refused_since_last_line: held }, 'refusing request bodies: too many in flight (DEVSMITH_MAX_INFLIGHT_BODY_BYTES, DEVSMITH_INFLATE_CONCURRENCY); said once a minute');
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.decorateRequest('refusedForLoad', false);
  app.setErrorHandler((err, request, reply) => {
    const known = toAppError(err as FastifyError);
    if (known) {
      warnServerError(request, known);
      return sendProblem(reply, request, known.code, known.detail, known.headers, known.extra);
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, request, 'INTERNAL', `Something went wrong on our side (request ${request.id}).`);
  });
}
