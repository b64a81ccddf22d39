/** Helpers for the `devsmith ship` tests: a config file with fast tuning, the agent as a child, read-back. */
import fs from 'node:fs';
import path from 'node:path';
import { spawnCli, type CliProcess } from './cli.js';
import type { Bootstrapped } from './server.js';

export interface StoredLog {
  level: string;
  message: string;
  service: string;
  timestamp: string;
  context: Record<string, unknown>;
}

/** Short timings so a test sees flushes, rotations and partial lines in well under a second. */
export const FAST_TUNING = { poll_ms: 50, scan_ms: 200, flush_ms: 200, partial_after_ms: 1500, rotate_wait_ms: 600, batch_lines: 100 };

export function writeShipConfig(dir: string, sources: unknown[], tuning: Record<string, number> = {}): string {
  const file = path.join(dir, 'ship.json');
  fs.writeFileSync(file, JSON.stringify({ state_dir: path.join(dir, 'state'), sources, tuning: { ...FAST_TUNING, ...tuning } }));
  return file;
}

export function startShip(url: string, key: string, configFile: string): CliProcess {
  return spawnCli(['ship', '--config', configFile], { env: { DEVSMITH_URL: url, DEVSMITH_API_KEY: key } });
}

/** Every stored log of a service, oldest first (all pages of the query API). */
export async function allLogs(url: string, boot: Bootstrapped, service: string): Promise<StoredLog[]> {
  const out: StoredLog[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ project: boot.project.slug, service, limit: '1000', ...(cursor && { cursor }) });
    const res = await fetch(`${url}/api/logs?${qs}`, { headers: { cookie: boot.cookie } });
    if (res.status !== 200) throw new Error(`query answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { data: StoredLog[]; next_cursor: string | null };
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out.reverse();
}

/** Polls until the service has at least `count` logs (or `ms` pass); returns them. */
export async function waitForLogs(url: string, boot: Bootstrapped, service: string, count: number, ms = 30_000): Promise<StoredLog[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const logs = await allLogs(url, boot, service).catch(() => []);
    if (logs.length >= count || Date.now() > deadline) return logs;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asserts-friendly summary: which expected messages are missing and which are stored more than once. */
export function lostAndDuplicated(expected: string[], stored: string[]): { lost: string[]; duplicated: string[] } {
  const counts = new Map<string, number>();
  for (const m of stored) counts.set(m, (counts.get(m) ?? 0) + 1);
  return { lost: expected.filter((m) => !counts.has(m)), duplicated: [...counts].filter(([, n]) => n > 1).map(([m]) => m) };
}
