/**
 * `devsmith login` signs in with email and password, creates a `dsu_` token for this machine and stores it
 * (with the URL) for tail/send/run; the session it used is ended at once. `devsmith logout` revokes the token
 * on the server, then deletes the file.
 */
import os from 'node:os';
import { configPath, deleteLogin, readLogin, resolveUrl, writeLogin, type StoredLogin } from './client-config.js';
import { answerText, cannotReach } from './http.js';
import type { CliValues } from './options.js';
import { ask, readSecret } from './prompt.js';

type Env = Record<string, string | undefined>;

async function request(url: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new Error(cannotReach(url, err));
  }
}

const json = { 'content-type': 'application/json' };

function storedOrNull(env: Env): StoredLogin | null {
  try {
    return readLogin(env);
  } catch {
    return null; // a damaged file is about to be replaced
  }
}

export async function loginCommand(env: Env, values: CliValues): Promise<number> {
  const previous = storedOrNull(env);
  const url = resolveUrl(values.url, env, previous);
  let email = values.email;
  if (!email) {
    if (!process.stdin.isTTY) throw new Error('--email is required when stdin is not a terminal');
    email = (await ask('Email: ')).trim();
  }
  const password = await readSecret(`Password for ${email} at ${url}: `);

  const signIn = await request(url, '/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  if (!signIn.ok) throw new Error(`sign-in at ${url} failed: ${await answerText(signIn)}`);
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${url} signed in but set no session cookie: is it a DevSmith server?`);
  const created = await request(url, '/api/auth/tokens', {
    method: 'POST',
    headers: { ...json, cookie },
    body: JSON.stringify({ name: `devsmith CLI on ${os.hostname()}`.slice(0, 100) }),
  });
  if (created.status !== 201) throw new Error(`creating a token at ${url} failed: ${await answerText(created)}`);
  const { id, token } = (await created.json()) as { id: number; token: string };
  await request(url, '/api/auth/logout', { method: 'POST', headers: { cookie } }).catch(() => undefined);

  const file = writeLogin(env, { url, token, tokenId: id, email });
  if (previous && previous.url === url && previous.token !== token) await revoke(previous).catch(() => undefined);
  console.error(`Logged in to ${url} as ${email}; token stored in ${file} (readable by you only).`);
  return 0;
}

/** Revokes the stored token; an already invalid token counts as revoked. */
async function revoke(login: StoredLogin): Promise<void> {
  const auth = { authorization: `Bearer ${login.token}` };
  let id = login.tokenId;
  if (id === undefined) {
    const list = await request(login.url, '/api/auth/tokens', { headers: auth });
    if (list.status === 401) return;
    if (!list.ok) throw new Error(`${login.url} answered ${await answerText(list)}`);
    const { data } = (await list.json()) as { data: Array<{ id: number; prefix: string }> };
    id = data.find((t) => login.token.startsWith(t.prefix))?.id;
    if (id === undefined) return;
  }
  const res = await request(login.url, `/api/auth/tokens/${id}`, { method: 'DELETE', headers: auth });
  if (!res.ok && res.status !== 401 && res.status !== 404) throw new Error(`${login.url} answered ${await answerText(res)}`);
}

export async function logoutCommand(env: Env): Promise<number> {
  const file = configPath(env);
  const login = readLogin(env);
  if (!login) {
    console.error(`Not logged in (no ${file}).`);
    return 0;
  }
  try {
    await revoke(login);
  } catch (err) {
    // Deleting the file now would leave a valid token nobody can find again: keep it for a retry.
    console.error(`devsmith logout: could not revoke the token: ${(err as Error).message}. ${file} is kept; run "devsmith logout" again when the server is reachable (or delete the file to forget the token without revoking it).`);
    return 1;
  }
  deleteLogin(env);
  console.error(`Token revoked at ${login.url}; deleted ${file}.`);
  return 0;
}
