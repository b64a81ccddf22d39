/** `devsmith tail`: the live tail in a terminal, coloured by level. */
import type { CliValues } from './options.js';

const COLOURS: Record<string, string> = {
  TRACE: '\x1b[90m', DEBUG: '\x1b[36m', INFO: '\x1b[32m', WARN: '\x1b[33m', ERROR: '\x1b[31m', FATAL: '\x1b[1;41;97m',
};
const RESET = '\x1b[0m';

export function formatLine(log: { timestamp: string; level: string; service: string; message: string; context?: object }, colour: boolean): string {
  const level = log.level.padEnd(5);
  const ctx = log.context && Object.keys(log.context).length ? ` ${JSON.stringify(log.context)}` : '';
  const lvl = colour ? `${COLOURS[log.level] ?? ''}${level}${RESET}` : level;
  // Control characters from a log never reach the terminal raw: they could rewrite the screen.
  const message = log.message.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${log.timestamp} ${lvl} [${log.service}] ${message}${ctx}`;
}

export async function tailCommand(env: NodeJS.ProcessEnv, values: CliValues): Promise<number> {
  const url = (values.url ?? env.DEVSMITH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = values.token ?? env.DEVSMITH_TOKEN;
  if (!token) throw new Error('--token or DEVSMITH_TOKEN (a dsu_ user token) is required');
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
        const body = (await res.json().catch(() => ({}))) as { detail?: string };
        console.error(`devsmith tail: ${res.status} ${body.detail ?? res.statusText}`);
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
            if (id) lastId = id;
            if (data) console.log(formatLine(JSON.parse(data), colour));
          }
        }
      }
    } catch (err) {
      console.error(`devsmith tail: ${(err as Error).message}; reconnecting`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
