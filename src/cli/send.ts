/** `devsmith send`: stdin lines become logs (JSON lines keep their fields), delivered by the Shipper. */
import readline from 'node:readline';
import { parseLevel } from '../ingest/levels.js';
import type { Level } from '../store/types.js';
import { readLogin, resolveUrl } from './client-config.js';
import { logs } from './http.js';
import { toLog } from './log-line.js';
import type { CliValues } from './options.js';
import { Shipper } from './shipper.js';

type Env = Record<string, string | undefined>;

export interface ShipperSetup {
  url: string;
  key: string;
  retryForMs: number;
}

/** URL, key and retry budget shared by `send` and `run`, validated before anything runs. */
export function shipperSetup(env: Env, values: CliValues): ShipperSetup {
  const url = resolveUrl(values.url, env, readLogin(env));
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new Error(`--url must be an http(s) URL, got "${url}"`);
  const key = values.key ?? env.DEVSMITH_API_KEY;
  if (!key) throw new Error('--key or DEVSMITH_API_KEY (the project\'s dsk_ ingest key) is required');
  const raw = values['retry-for'] ?? env.DEVSMITH_RETRY_FOR ?? '60';
  if (!/^\d+$/.test(raw)) throw new Error(`--retry-for must be a whole number of seconds, got "${raw}"`);
  return { url, key, retryForMs: Number(raw) * 1000 };
}

export function levelFlag(raw: string | undefined, name: string, fallback: Level): Level {
  if (raw === undefined) return fallback;
  const level = parseLevel(raw);
  if (!level) throw new Error(`${name} must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL, got "${raw}"`);
  return level;
}

/** The closing line; the exit status is non-zero when any log was lost. */
export function lossSummary(label: string, shipper: Shipper): string {
  const lost = shipper.lost ? `, ${shipper.lost} lost (${shipper.lastLoss})` : '';
  return `${label}: ${logs(shipper.sent)} sent${lost}`;
}

export async function sendCommand(env: Env, values: CliValues): Promise<number> {
  const setup = shipperSetup(env, values);
  const service = values.service?.[0] ?? env.DEVSMITH_SERVICE;
  if (!service) throw new Error('--service or DEVSMITH_SERVICE is required');
  const level = levelFlag(values.level?.[0], '--level', 'INFO');
  const shipper = new Shipper({ ...setup, service, label: 'devsmith send' });
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    await shipper.room(); // backpressure: a pipe into send slows down rather than losing lines
    shipper.push(toLog(line, level));
  }
  await shipper.close();
  console.error(lossSummary('devsmith send', shipper));
  return shipper.lost ? 1 : 0;
}
