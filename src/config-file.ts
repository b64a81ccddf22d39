/**
 * The optional configuration file (`--config FILE` or DEVSMITH_CONFIG_FILE): the same NAME=value pairs as the
 * environment, one per line (`#` comments, optional quotes and `export`, as a docker/systemd env file). The
 * environment wins over the file, so a secret can stay out of it and one instance can differ from the rest.
 */
import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

/** Names the server reads; anything else in the file is a typo that would otherwise be ignored in silence. */
const PLAIN_NAMES = new Set(['PORT', 'HOST', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL']);
const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** `env` over the file it names (if any); throws ConfigError naming the file and line of a bad entry. */
export function withConfigFile(env: Env): Env {
  const file = env.DEVSMITH_CONFIG_FILE?.trim();
  if (!file) return env;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('DEVSMITH_CONFIG_FILE', `names ${file}, which cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const name = LINE.exec(line)?.[1];
    if (name === undefined) {
      throw new ConfigError('DEVSMITH_CONFIG_FILE', `${file} line ${i + 1}: expected NAME=value, got "${line.slice(0, 80)}"`);
    }
    if (name === 'DEVSMITH_CONFIG_FILE' || !(PLAIN_NAMES.has(name) || name.startsWith('DEVSMITH_'))) {
      throw new ConfigError('DEVSMITH_CONFIG_FILE', `${file} line ${i + 1}: ${name} is not a devsmith setting (see the README's configuration table)`);
    }
  });
  const fromFile = parseEnv(text);
  const merged: Env = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}
