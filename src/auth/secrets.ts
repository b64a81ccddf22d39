/**
 * Ingest keys (`dsk_`), user tokens (`dsu_`) and session ids: 32 random bytes from the CSPRNG, shown once,
 * stored only as SHA-256. A fast hash is right here: the secrets are 256-bit random, so there is nothing to
 * brute-force, and a hash that can be looked up by a unique index keeps ingestion at full speed (BRIEF §2).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'dsk' | 'dsu';

const SECRET_RE = { dsk: /^dsk_[A-Za-z0-9_-]{43}$/, dsu: /^dsu_[A-Za-z0-9_-]{43}$/ } as const;

/** A new secret: `dsk_` + base64url of 32 random bytes (43 characters). */
export function generateSecret(kind: SecretKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

/** A new opaque session id (never stored; its hash is). */
export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The part of a secret safe to show again: kind prefix plus 8 characters. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 12);
}

export function isWellFormed(kind: SecretKind, secret: string): boolean {
  return SECRET_RE[kind].test(secret);
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
