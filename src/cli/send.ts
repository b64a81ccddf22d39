/** `devsmith send`: stdin lines become logs, sent in batches of 100 (or every second). */
import readline from 'node:readline';
import type { CliValues } from './options.js';

export async function sendCommand(env: NodeJS.ProcessEnv, values: CliValues): Promise<number> {
  const url = (values.url ?? env.DEVSMITH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const key = values.key ?? env.DEVSMITH_API_KEY;
  const service = values.service?.[0] ?? env.DEVSMITH_SERVICE;
  const level = values.level?.[0] ?? 'INFO';
  if (!key) throw new Error('--key or DEVSMITH_API_KEY is required');
  if (!service) throw new Error('--service or DEVSMITH_SERVICE is required');
  let buffer: Array<{ timestamp: string; level: string; message: string }> = [];
  let sent = 0;
  let failed = false;

  const flush = async () => {
    if (!buffer.length) return;
    const logs = buffer;
    buffer = [];
    const res = await fetch(`${url}/api/logs/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ service_name: service, logs }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { detail?: string };
      console.error(`devsmith send: ${res.status} ${body.detail ?? res.statusText}`);
      failed = true;
      return;
    }
    sent += logs.length;
  };

  const timer = setInterval(() => void flush(), 1000);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    buffer.push({ timestamp: new Date().toISOString(), level, message: line });
    if (buffer.length >= 100) await flush();
  }
  clearInterval(timer);
  await flush();
  console.error(`devsmith send: ${sent} logs sent`);
  return failed ? 1 : 0;
}
