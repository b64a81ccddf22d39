/** `devsmith tail`: the live tail in a terminal, coloured by level. */
import { readLogin, resolveUrl } from './client-config.js';
import { answerText, cannotReach } from './http.js';
import type { CliValues } from './options.js';

// A Map: a level the server sends is data, and must not find Object.prototype ("constructor").
const COLOURS = new Map(Object.entries({
  TRACE: '\x1b[90m', DEBUG: '\x1b[36m', INFO: '\x1b[32m', WARN: '\x1b[33m', ERROR: '\x1b[31m', FATAL: '\x1b[1;41;97m',
}));
const RESET = '\x1b[0m';

export function formatLine(log: { timestamp: string; level: string; service: string; message: string; context?: object }, colour: boolean): string {
  const level = log.level.padEnd(5);
  const ctx = log.context && Object.keys(log.context).length ? ` ${JSON.stringify(log.context)}` : '';
  const lvl = colour ? `${COLOURS.get(log.level) ?? ''}${level}${RESET}` : level;
  // Control characters from a log never reach the terminal raw: they could rewrite the screen.
  const message = log.message.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${log.timestamp} ${lvl} [${log.service}] ${message}${ctx}`;
}

/** --token, DEVSMITH_TOKEN, else the stored login's token, but only for the server it was issued by. */
export function resolveToken(values: CliValues, env: Record<string, string | undefined>) {
  const stored = readLogin(env);
  const url = resolveUrl(values.url, env, stored);
  const explicit = values.token ?? env.DEVSMITH_TOKEN;
  if (explicit) return { url, token: explicit, fromLogin: false };
  if (stored && resolveUrl(stored.url, {}, null) === url) return { url, token: stored.token, fromLogin: true };
  const why = stored ? ` (the stored login is for ${stored.url}, not ${url})` : '';
  throw new Error(`no token${why}: run "devsmith login", or pass --token / DEVSMITH_TOKEN (a dsu_ user token, e.g. from "devsmith token create")`);
}

export async function tailCommand(env: Record<string, string | undefined>, values: CliValues): Promise<number> {
  const { url, token, fromLogin } = resolveToken(values, env);
  const qs = new URLSearchParams();
  for (const p of values.project ?? []) qs.append('project', p);
  for (const s of values.service ?? []) qs.append('service', s);
  for (const l of values.level ?? []) qs.append('level', l);
  if (values.q) qs.set('q', values.q);
  const colour = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
  let lastId: string | undefined;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/logs/stream?${qs}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...(lastId && { 'Last-Event-ID': lastId }) },
      });
      if (!res.ok || !res.body) {
        const hint = res.status === 401 && fromLogin ? ' (the stored login no longer works: run "devsmith login" again)' : '';
        console.error(`devsmith tail: ${url} answered ${await answerText(res)}${hint}`);
        if (res.status >= 400 && res.status < 500) return 1;
      } else {
        let pending = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          pending += Buffer.from(chunk).toString('utf8');
          let end;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const event = pending.slice(0, end);
            pending = pending.slice(end + 2);
            const id = /^id: (.*)$/m.exec(event)?.[1];
            const data = /^data: (.*)$/m.exec(event)?.[1];
            // The server ended the tail because access ended (docs/api.md): reconnecting would be refused.
            if (/^event: end$/m.test(event)) {
              console.error(`devsmith tail: the server ended the stream (${data ? (JSON.parse(data) as { reason?: string }).reason : 'no reason'})`);
              return 1;
            }
            if (id) lastId = id;
            if (data) console.log(formatLine(JSON.parse(data), colour));
          }
        }
      }
    } catch (err) {
      console.error(`devsmith tail: ${cannotReach(url, err)}; reconnecting`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
