/**
 * One guarded HTTP(S) POST for webhook and Slack deliveries: the connect-time SSRF check (an IP literal is
 * checked before connecting, a name through `guardedLookup`), a timeout over the whole exchange, redirects
 * never followed (a 3xx to http://127.0.0.1 would walk around the guard), and the answer mapped to a
 * SendResult with "should we retry" decided here, once.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { assertAllowedAddress, bareHost, ForbiddenTargetError, guardedLookup } from './ssrf.js';
import type { SenderOptions, SendResult } from './types.js';

const MAX_ERROR_BODY = 300;

export async function postJson(url: string, body: string, headers: Record<string, string>, opts: SenderOptions): Promise<SendResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return fail(null, 'the target URL is not valid', false);
  }
  const host = bareHost(target.hostname);
  if (net.isIP(host)) {
    try {
      assertAllowedAddress(host, host, opts.allowPrivateTargets);
    } catch (err) {
      return fail(null, (err as Error).message, false);
    }
  }
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!client) return fail(null, `unsupported protocol ${target.protocol}`, false);
  return new Promise<SendResult>((resolve) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'DevSmith-Logs-Alerts/1', ...headers },
      lookup: guardedLookup(opts.allowPrivateTargets, opts.resolver),
      // A fresh connection each time: a pooled socket would skip the lookup, and with it the check.
      agent: false,
      timeout: opts.timeoutMs,
      signal: opts.signal,
      ...(opts.extraCa && target.protocol === 'https:' ? { ca: [...tls.rootCertificates, opts.extraCa] } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_ERROR_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('error', (err) => resolve(fail(res.statusCode ?? null, err.message, true)));
      res.on('end', () => resolve(answer(res.statusCode ?? 0, res.headers.location, Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY))));
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve(transportError(err)));
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

function answer(status: number, location: string | undefined, text: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null, retryable: false };
  if (status >= 300 && status < 400) return fail(status, `redirect not followed${location ? ` (to ${location.slice(0, 200)})` : ''}`, false);
  // 408 and 429 say "later"; other 4xx say the request itself is wrong, and it will not change.
  const retryable = status >= 500 || status === 408 || status === 429;
  return fail(status, `HTTP ${status}${text ? `: ${text.trim()}` : ''}`, retryable);
}

function transportError(err: Error): SendResult {
  if (err instanceof ForbiddenTargetError) return fail(null, err.message, false);
  const code = (err as NodeJS.ErrnoException).code;
  if (err.name === 'AbortError') return fail(null, 'delivery aborted (server shutting down)', true);
  return fail(null, code ? `${code}: ${err.message}` : err.message, true);
}

function fail(statusCode: number | null, error: string, retryable: boolean): SendResult {
  return { ok: false, statusCode, error, retryable };
}
