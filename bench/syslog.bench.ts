/**
 * Syslog receiver throughput: the real server (built, as `npm start` runs it; SQLite unless DATABASE_URL)
 * with a TCP listener; C connections send N RFC 5424 messages (octet-counted, the key in structured data) as
 * fast as the socket takes them; prints messages/s until all are stored (received → batched → committed). With
 * `--udp`, the same over UDP, where what the kernel or the receiver could not take is reported as lost.
 *   npm run build:server && npx tsx bench/syslog.bench.ts [--messages 200000] [--connections 4] [--udp]
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { bootstrap, freePort, startServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';

const HELP = 'npm run build:server && npx tsx bench/syslog.bench.ts [--messages 200000] [--connections 4] [--udp]';
const args = flags({ messages: { type: 'string', default: '200000' }, connections: { type: 'string', default: '4' }, udp: { type: 'boolean', default: false } }, HELP);
const total = positiveNumber('messages', args.messages);
const connections = positiveNumber('connections', args.connections);
const port = await freePort();
const env: Record<string, string> = { LOG_LEVEL: 'warn', [args.udp ? 'DEVSMITH_SYSLOG_UDP' : 'DEVSMITH_SYSLOG_TCP']: `127.0.0.1:${port}` };
if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
const server = await startServer({ built: true, env });

async function stored(cookie: string, slug: string): Promise<number> {
  const res = await fetch(`${server.url}/api/logs/count?project=${slug}`, { headers: { cookie } });
  return ((await res.json()) as { count: number }).count;
}

try {
  const { cookie, apiKey, project } = await bootstrap(server.url, 'Syslog Bench');
  const message = (i: number) =>
    `<134>1 ${new Date().toISOString()} bench-host bench ${process.pid} - [devsmith@53595 key="${apiKey}"][req@1 n="${i}"] GET /api/items/${i} 200 in ${i % 97} ms`;
  const per = Math.ceil(total / connections);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async (_, c) => {
    const from = c * per;
    const to = Math.min(total, from + per);
    if (args.udp) {
      const socket = dgram.createSocket('udp4');
      for (let i = from; i < to; i++) {
        await new Promise<void>((r) => socket.send(message(i), port, '127.0.0.1', () => r()));
      }
      socket.close();
      return;
    }
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    for (let i = from; i < to; ) {
      let chunk = '';
      for (let j = 0; j < 1000 && i < to; j++, i++) {
        const m = message(i);
        chunk += `${Buffer.byteLength(m)} ${m}`;
      }
      if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
    }
    await new Promise<void>((r) => socket.end(() => r()));
  }));
  const sent = (performance.now() - t0) / 1000;
  let count = 0;
  let last = -1;
  let stableSince = performance.now();
  // Until every message is stored, or (UDP) the count stops moving for 2 s.
  while (count < total) {
    await new Promise((r) => setTimeout(r, 100));
    count = await stored(cookie, project.slug);
    if (count !== last) {
      last = count;
      stableSince = performance.now();
    } else if (performance.now() - stableSince > 2000) break;
  }
  const seconds = (performance.now() - t0) / 1000 - (count < total ? 2 : 0);
  process.stdout.write(`${args.udp ? 'UDP' : 'TCP'}, ${connections} connection(s), ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}\n`);
  process.stdout.write(`sent ${fmt(total)} messages in ${fmt(sent, 2)} s; stored ${fmt(count)} in ${fmt(seconds, 2)} s: ${fmt(count / seconds)} messages/s\n`);
  if (count < total) process.stdout.write(`lost ${fmt(total - count)} (${fmt((100 * (total - count)) / total, 2)} %)\n`);
} finally {
  await server.stop();
}
