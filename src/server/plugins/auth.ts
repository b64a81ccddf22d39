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

/** preHandler: the request must carry a valid ingest key; sets `request.project`. */
export function requireIngestKey(services: Services) {
  return async (request: FastifyRequest) => {
    const headerKey = request.headers['x-api-key'];
    const key = bearer(request) ?? (typeof headerKey === 'string' ? headerKey.trim() : null);
    if (!key) {
      throw new AppError('MISSING_API_KEY', 'Send the project key as "Authorization: Bearer dsk_..." or "X-API-Key: dsk_...".', INGEST_CHALLENGE);
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
