/** The one line a person reads at start: where to open the dashboard and which store it uses (no password). */
import type { AddressInfo } from 'node:net';
import { sqliteFile } from '../store/index.js';
import type { Config } from '../config.js';

export function startupLine(config: Config, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const wildcard = ['0.0.0.0', '::', ''].includes(config.host);
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `DevSmith Logs is ready: open http://${host}:${port} (store: ${storeName(config)}; Redis: ${redisName(config.redisUrl)})`;
}

function storeName(config: Config): string {
  if (!config.databaseUrl) return `SQLite ${sqliteFile(config.dataDir)}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname || 'localhost'}${url.port ? `:${url.port}` : ''}/${decodeURIComponent(url.pathname.slice(1))}`;
}

function redisName(redisUrl: string | null): string {
  if (!redisUrl) return 'no';
  const url = new URL(redisUrl);
  return `${url.hostname}${url.port ? `:${url.port}` : ''}`;
}
