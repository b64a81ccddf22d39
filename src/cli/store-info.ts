/**
 * Which store an admin command opens, in words, so that a command run from the wrong directory (the
 * default ./data) is noticed instead of quietly writing to a database the server does not read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** One line for stderr; never includes a password. */
export function describeStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, env: Record<string, string | undefined>): string {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    const user = u.username ? ` as ${decodeURIComponent(u.username)}` : '';
    return `using PostgreSQL database "${db}" on ${u.host || 'localhost'}${user}`;
  }
  const file = path.join(config.dataDir, 'devsmith.db');
  const notes = [];
  if (!env.DEVSMITH_DATA_DIR?.trim()) notes.push('DEVSMITH_DATA_DIR is not set, so ./data under the current directory');
  if (!fs.existsSync(file)) notes.push('a new database: none existed there');
  return `using SQLite database ${file}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
