/**
 * What `devsmith ship` reads: flags for one source (`--path` globs with `--format`, `--service`,
 * `--multiline`), and/or a JSON config file (`--config`) with several sources, each with its own format and
 * service, plus tuning. Checked before anything runs; every mistake names the field and what it accepts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliValues } from '../options.js';
import { shipperSetup } from '../send.js';
import type { AgentConfig, SourceConfig } from './agent.js';
import type { TailSettings } from './file-tail.js';
import { FORMATS, type Format } from './formats.js';
import { MULTILINE, type Multiline } from './multiline.js';

type Env = Record<string, string | undefined>;

export const DEFAULT_SETTINGS: TailSettings = {
  batchLines: 5000,
  batchBytes: 2 * 1024 * 1024,
  flushMs: 1000,
  partialAfterMs: 10_000,
  rotateWaitMs: 5_000,
  pollMs: 250,
  // Under the server's default 64 KiB message limit (DEVSMITH_MAX_MESSAGE_BYTES), so pieces are never truncated.
  maxLineBytes: 60 * 1024,
  // Four requests per file keep a local server busy while the agent parses the next batch (issue 16).
  inflight: 4,
};
const TUNING: Record<string, keyof TailSettings | 'scanMs'> = {
  batch_lines: 'batchLines',
  batch_bytes: 'batchBytes',
  flush_ms: 'flushMs',
  partial_after_ms: 'partialAfterMs',
  rotate_wait_ms: 'rotateWaitMs',
  poll_ms: 'pollMs',
  max_line_bytes: 'maxLineBytes',
  scan_ms: 'scanMs',
  inflight: 'inflight',
};

interface FileConfig {
  url?: unknown;
  key?: unknown;
  state_dir?: unknown;
  sources?: unknown;
  tuning?: unknown;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function sourceOf(raw: unknown, where: string): SourceConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where} must be an object like {"path": "/var/log/app/*.log", "format": "auto"}`);
  const r = raw as Record<string, unknown>;
  const paths = typeof r.path === 'string' ? [r.path] : r.path;
  if (!Array.isArray(paths) || !paths.length || !paths.every((p) => typeof p === 'string' && p)) throw new Error(`${where}.path must be a glob or a list of globs`);
  if (r.service !== undefined && (typeof r.service !== 'string' || !r.service)) throw new Error(`${where}.service must be a non-empty string`);
  return {
    paths: paths as string[],
    format: oneOf<Format>(r.format, FORMATS, `${where}.format`, 'auto'),
    service: r.service as string | undefined,
    multiline: oneOf<Multiline>(r.multiline, MULTILINE, `${where}.multiline`, 'auto'),
  };
}

function readConfigFile(file: string): FileConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read --config ${file}: ${(err as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as FileConfig;
  } catch (err) {
    throw new Error(`--config ${file} is not valid: ${(err as Error).message}`);
  }
}

/** systemd's StateDirectory= sets STATE_DIRECTORY; otherwise the XDG state directory of the user. */
function defaultStateDir(env: Env): string {
  if (env.STATE_DIRECTORY) return env.STATE_DIRECTORY.split(':')[0]!;
  return path.join(env.XDG_STATE_HOME ?? path.join(env.HOME ?? os.homedir(), '.local', 'state'), 'devsmith', 'ship');
}

export function agentConfig(env: Env, values: CliValues): AgentConfig {
  const file = values.config ? readConfigFile(values.config) : {};
  if (file.url !== undefined && typeof file.url !== 'string') throw new Error('"url" in the config file must be a string');
  if (file.key !== undefined && typeof file.key !== 'string') throw new Error('"key" in the config file must be a string');
  const setup = shipperSetup(env, { ...values, url: values.url ?? (file.url as string | undefined), key: values.key ?? (file.key as string | undefined) });
  const sources: SourceConfig[] = [];
  if (values.path?.length) {
    sources.push(sourceOf({ path: values.path, format: values.format, service: values.service?.[0], multiline: values.multiline }, 'flags'));
  }
  if (file.sources !== undefined) {
    if (!Array.isArray(file.sources)) throw new Error('"sources" in the config file must be a list');
    file.sources.forEach((s, i) => sources.push(sourceOf(s, `sources[${i}]`)));
  }
  if (!sources.length) throw new Error('name the files to ship: --path GLOB (repeatable) or "sources" in --config');
  const settings = { ...DEFAULT_SETTINGS };
  let scanMs = 1000;
  if (file.tuning !== undefined) {
    for (const [key, value] of Object.entries(file.tuning as Record<string, unknown>)) {
      const field = TUNING[key];
      if (!field) throw new Error(`unknown tuning "${key}": use ${Object.keys(TUNING).join(', ')}`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`tuning.${key} must be a whole number ≥ 1`);
      if (field === 'scanMs') scanMs = value;
      else settings[field] = value;
    }
  }
  const stateDir = values['state-dir'] ?? (typeof file.state_dir === 'string' ? file.state_dir : defaultStateDir(env));
  return { target: { url: setup.url, key: setup.key }, stateDir, sources, settings, scanMs };
}
