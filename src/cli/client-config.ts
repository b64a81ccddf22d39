/**
 * What `devsmith login` stores for the client commands (tail, send, run): the server URL and a `dsu_` token,
 * in $XDG_CONFIG_HOME/devsmith/config.json (else ~/.config/devsmith/config.json), readable by its owner only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Env = Record<string, string | undefined>;

export interface StoredLogin {
  url: string;
  token: string;
  /** The token's id on the server, so that `logout` can revoke it. */
  tokenId?: number;
  email?: string;
}

export const DEFAULT_URL = 'http://localhost:3000';

export function configPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.config');
  return path.join(base, 'devsmith', 'config.json');
}

/** The stored login, or null when there is none; a damaged file is reported, not silently ignored. */
export function readLogin(env: Env): StoredLogin | null {
  const file = configPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let parsed: Partial<StoredLogin>;
  try {
    parsed = JSON.parse(text) as Partial<StoredLogin>;
  } catch {
    throw new Error(`${file} is not valid JSON: fix it or delete it and run "devsmith login" again`);
  }
  if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string') {
    throw new Error(`${file} lacks "url" or "token": delete it and run "devsmith login" again`);
  }
  return { url: parsed.url, token: parsed.token, tokenId: typeof parsed.tokenId === 'number' ? parsed.tokenId : undefined, email: parsed.email };
}

/** Writes the login with mode 0600 (directory 0700), atomically: a crash never leaves half a token. */
export function writeLogin(env: Env, login: StoredLogin): string {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // writeFileSync's mode is masked by the umask; 0600 must hold regardless
  fs.renameSync(tmp, file);
  return file;
}

export function deleteLogin(env: Env): void {
  fs.rmSync(configPath(env), { force: true });
}

/** --url, then DEVSMITH_URL, then the stored login's URL, then localhost:3000; no trailing slash. */
export function resolveUrl(flag: string | undefined, env: Env, stored: StoredLogin | null): string {
  return (flag ?? env.DEVSMITH_URL ?? stored?.url ?? DEFAULT_URL).replace(/\/+$/, '');
}
