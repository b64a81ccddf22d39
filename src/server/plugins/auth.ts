/** Request authentication: user sessions and tokens for the management API, ingest keys for ingestion. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Credential } from '../../auth/accounts.js';
import { isWellFormed } from '../../auth/secrets.js';
import type { Project, User } from '../../store/types.js';
import { AppError } from '../../errors.js';
import type { Services } from '../services.js';

export const SESSION_COOKIE = 'devsmith_session';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    /** What `user` signed in with: the live tail re-checks it while it stays open. */
    credential?: Credential;
    project?: Project;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

const INGEST_CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="devsmith-ingest"' };

/**
 * The ingest key in every form a log shipper can send it: `Authorization: Bearer <key>` (our clients, OTLP
 * exporters, Vector), `X-API-Key: <key>`, `Authorization: Basic base64(user:<key>)` (Loki and Elasticsearch
 * outputs of Fluent Bit, Promtail, Logstash, Filebeat: any user name, the key as the password; a key as the user
 * name with no password works too), and `Authorization: ApiKey <key>` or `ApiKey base64(id:<key>)`
 * (Elasticsearch clients' API-key form).
 */
export function ingestKeyOf(request: FastifyRequest): string | null {
  const token = bearer(request);
  if (token) return token;
  const headerKey = request.headers['x-api-key'];
  if (typeof headerKey === 'string' && headerKey.trim()) return headerKey.trim();
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^(Basic|ApiKey)\s+(\S+)\s*$/i.exec(header);
  if (!m) return null;
  const value = m[2]!;
  if (m[1]!.toLowerCase() === 'apikey' && value.startsWith('dsk_')) return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return decoded || null;
  const secret = decoded.slice(colon + 1);
  return secret || decoded.slice(0, colon) || null;
}

/** preHandler: the request must carry a valid ingest key; sets `request.project`. */
export function requireIngestKey(services: Services) {
  return async (request: FastifyRequest) => {
    const key = ingestKeyOf(request);
    if (!key) {
      throw new AppError('MISSING_API_KEY', 'Send the project key as "Authorization: Bearer dsk_...", "X-API-Key: dsk_..." or as the password of Basic authentication.', INGEST_CHALLENGE);
    }
    if (!isWellFormed('dsk', key)) {
      throw new AppError('INVALID_API_KEY', 'That is not a DevSmith ingest key: they start with "dsk_" followed by 43 characters.', {
        'WWW-Authenticate': 'Bearer realm="devsmith-ingest", error="invalid_token"',
      });
    }
    const project = await services.keys.lookup(key);
    if (!project) {
      throw new AppError('INVALID_API_KEY', 'The API key is unknown or was regenerated: copy the current key from the project page.', {
        'WWW-Authenticate': 'Bearer realm="devsmith-ingest", error="invalid_token"',
      });
    }
    request.project = project;
  };
}

/** preHandler: a signed-in user (session cookie or `dsu_` token); sets `request.user`. */
export function requireUser(services: Services, opts: { admin?: boolean } = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const credential = credentialOf(request);
    const user = credential ? await services.accounts.resolve(credential) : null;
    if (!user || !credential) {
      throw new AppError('UNAUTHENTICATED', 'Sign in again: the session is missing or expired, or the token is invalid.', {
        'WWW-Authenticate': 'Bearer realm="devsmith"',
      });
    }
    if (opts.admin && user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can do this.');
    request.user = user;
    request.credential = credential;
  };
}

/** A bearer token wins over the session cookie. */
function credentialOf(request: FastifyRequest): Credential | null {
  const token = bearer(request);
  if (token) return { kind: 'token', secret: token };
  const sessionId = request.cookies[SESSION_COOKIE];
  return sessionId ? { kind: 'session', secret: sessionId } : null;
}
