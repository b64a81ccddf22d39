/** `devsmith backup --out FILE` and `devsmith restore --from FILE` (SQLite; PostgreSQL has its own tools). */
import type { Config } from '../config.js';
import { backupSqlite, restoreSqlite } from '../ops/sqlite-backup.js';
import { sqliteFile } from '../store/index.js';
import type { CliValues } from './options.js';

const PG_GUIDANCE = `DATABASE_URL points at PostgreSQL: back it up with PostgreSQL's own tools, which are consistent while
devsmith keeps writing:
  pg_dump --format=custom --file=devsmith.dump "$DATABASE_URL"          (a logical snapshot)
  pg_restore --clean --if-exists --dbname="$DATABASE_URL" devsmith.dump  (into a stopped deployment)
For point-in-time recovery, archive the WAL (archive_mode=on, or pgBackRest / WAL-G) and take base backups
with pg_basebackup. docs/deploy.md, "Backups", has the whole procedure.`;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export async function backupCommand(config: Config, values: CliValues): Promise<number> {
  if (config.databaseUrl) {
    console.error(PG_GUIDANCE);
    return 2;
  }
  if (!values.out) throw new Error('--out FILE is required: where to write the backup');
  const started = Date.now();
  const s = await backupSqlite(sqliteFile(config.dataDir), values.out);
  console.log(`Backup written to ${s.file}: ${size(s.bytes)}, ${s.logs} logs in ${s.projects} projects, schema version ${s.schemaVersion}, integrity ok (${Date.now() - started} ms).`);
  return 0;
}

export async function restoreCommand(config: Config, values: CliValues): Promise<number> {
  if (config.databaseUrl) {
    console.error(PG_GUIDANCE);
    return 2;
  }
  if (!values.from) throw new Error('--from FILE is required: the backup to restore');
  const s = await restoreSqlite(values.from, config.dataDir);
  console.log(`Restored ${values.from} into ${s.file}: ${s.logs} logs in ${s.projects} projects, schema version ${s.schemaVersion}, integrity ok.`);
  if (s.previous) console.log(`The database it replaced is kept as ${s.previous} (delete it when you no longer need it).`);
  console.log('Start the server: it applies any newer migrations on start.');
  return 0;
}
