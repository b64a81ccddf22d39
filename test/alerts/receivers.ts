/**
 * Real receivers for the alert channel tests, started by the tests: a webhook receiver that checks the HMAC
 * signature, refuses stale timestamps and validates the body against docs/alerts-webhook.schema.json with
 * ajv; a Slack-shaped HTTPS receiver (self-signed certificate made with openssl) that checks the Block Kit
 * JSON; and helpers for certificates.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../helpers/server.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: unknown;
  /** Why the receiver refused it, or null when it answered 2xx. */
  refused: string | null;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Next answers: status codes to give before going back to 200 (or a function per request). */
  answer: (req: http.IncomingMessage, r: Received) => number | 'hang';
  close(): Promise<void>;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'alerts-webhook.schema.json'), 'utf8'));
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
export const validateWebhookBody = ajv.compile(schema);

/** The receiver a customer would write: the recipe of docs/alerts-channels.md. */
export function checkWebhook(secret: string, headers: http.IncomingHttpHeaders, raw: string, nowS = Math.floor(Date.now() / 1000)): string | null {
  const ts = String(headers['x-devsmith-timestamp'] ?? '');
  const sig = String(headers['x-devsmith-signature'] ?? '');
  if (!/^\d+$/.test(ts)) return 'no timestamp';
  if (Math.abs(nowS - Number(ts)) > 300) return 'stale timestamp';
  const expected = `v1=${crypto.createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
  if (sig.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return 'bad signature';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (!validateWebhookBody(body)) return `schema: ${ajv.errorsText(validateWebhookBody.errors)}`;
  return null;
}

type Check = (headers: http.IncomingHttpHeaders, raw: string) => string | null;

function handler(received: Received[], check: Check, self: { answer: Receiver['answer'] }) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* refused below by the check */
      }
      const r: Received = { headers: req.headers, raw, body, refused: check(req.headers, raw) };
      received.push(r);
      if (r.refused) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(r.refused);
        return;
      }
      const status = self.answer(req, r);
      if (status === 'hang') return; // never answer: the sender's timeout, or a kill, ends it
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/' } : {}).end(status < 300 ? 'ok' : 'no');
    });
  };
}

async function listen(server: http.Server, protocol: string, received: Received[], self: { answer: Receiver['answer'] }): Promise<Receiver> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const r: Receiver = {
    url: `${protocol}://127.0.0.1:${port}`,
    received,
    get answer() {
      return self.answer;
    },
    set answer(fn) {
      self.answer = fn;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return r;
}

export async function webhookReceiver(secret: string): Promise<Receiver> {
  const received: Received[] = [];
  const self = { answer: (() => 200) as Receiver['answer'] };
  return listen(http.createServer(handler(received, (h, raw) => checkWebhook(secret, h, raw), self)), 'http', received, self);
}

export interface Cert {
  key: string;
  cert: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl. */
export function selfSignedCert(): Cert {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  const out = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** Slack's incoming webhook, as far as its contract goes: Block Kit JSON with a text fallback. */
export function checkSlackBlocks(raw: string): string | null {
  let body: { text?: unknown; blocks?: Array<Record<string, any>> };
  try {
    body = JSON.parse(raw);
  } catch {
    return 'invalid_payload';
  }
  if (typeof body.text !== 'string' || !Array.isArray(body.blocks) || body.blocks.length === 0 || body.blocks.length > 50) return 'invalid_blocks';
  for (const b of body.blocks) {
    if (b.type === 'header' && (b.text?.type !== 'plain_text' || b.text.text.length > 150)) return 'invalid_blocks: header';
    if (b.type === 'section' && !b.text && !b.fields) return 'invalid_blocks: section';
    if (b.type === 'section' && b.text && (b.text.type !== 'mrkdwn' || b.text.text.length > 3000)) return 'invalid_blocks: section text';
    if (b.type === 'actions' && !b.elements?.every((e: any) => e.type === 'button' && e.text?.type === 'plain_text' && typeof e.url === 'string')) return 'invalid_blocks: actions';
    if (!['header', 'section', 'actions', 'context', 'divider'].includes(b.type)) return `invalid_blocks: ${b.type}`;
  }
  return null;
}

export async function slackReceiver(cert: Cert): Promise<Receiver> {
  const received: Received[] = [];
  const self = { answer: (() => 200) as Receiver['answer'] };
  const server = https.createServer({ key: cert.key, cert: cert.cert }, handler(received, (_h, raw) => checkSlackBlocks(raw), self));
  return listen(server as unknown as http.Server, 'https', received, self);
}
