/** User passwords: argon2id (OWASP parameters), the opposite case from ingest keys. */

// The native addon loads with the first password hashed or checked, not at start (cold start, issue 18).
const argon2 = () => import('@node-rs/argon2');

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const MIN_LENGTH = 8;

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular: verifying against it keeps unknown-email logins as slow as real ones. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-just-timing');
  return dummyHash;
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_LENGTH) return `must be at least ${MIN_LENGTH} characters`;
  if (password.length > 1024) return 'must be at most 1024 characters';
  return null;
}
