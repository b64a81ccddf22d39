/**
 * Ingest latency while retention deletes on SQLite (issue 13: no ingest stall over 50 ms while it runs):
 * `--rows` logs on expired days, then a batch of `--batch` logs committed every `--interval` ms through the
 * store's writer, timed alone and then during the retention run that deletes the old logs (chunks of one
 * transaction each, commits in between; the text index's entries go too). Run `npm run bench:retention -- --help`.
 */
import { flags, fmt, positiveNumber } from './lib/args.js';
import { waitForSqliteFts } from './lib/bulk-load.js';
import { openFreshStore } from './lib/raw-store.js';
import { makeCold } from './lib/make-cold.js';
import { describeFigures, ingestDuringRetention } from './lib/retention-load.js';

const HELP = `npm run bench:retention -- [--rows 500000] [--batch 20] [--interval 5] [--cold]
Prints commit latency (p50, p99, max) of steady ingest alone and during a SQLite retention run.
--cold: the old logs are moved into compressed blocks before the run (src/store/sqlite/cold.ts).`;
const args = flags({
  rows: { type: 'string', default: '500000' },
  batch: { type: 'string', default: '20' },
  interval: { type: 'string', default: '5' },
  cold: { type: 'boolean', default: false },
}, HELP);

const opened = await openFreshStore('sqlite', {});
const { store } = opened;
try {
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: owner.id, name: 'api', slug: 'api', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
  const rows = positiveNumber('rows', args.rows);
  const result = await ingestDuringRetention(store, {
    projectId: project.id,
    oldRows: rows,
    loaded: async () => {
      await waitForSqliteFts(opened.path!);
      if (args.cold) makeCold(opened.path!); // through a connection of its own, beside the idle store
    },
    batchRows: positiveNumber('batch', args.batch),
    intervalMs: positiveNumber('interval', args.interval),
    baselineMs: 5000,
  });
  process.stdout.write(`retention (SQLite${args.cold ? ', cold logs' : ''}): deleted ${fmt(result.deleted)} logs in ${fmt(result.runMs / 1000, 1)} s (${fmt(result.deleted / (result.runMs / 1000))} logs/s)\n`);
  process.stdout.write(`  ingest alone:          ${describeFigures(result.baseline)}\n`);
  process.stdout.write(`  ingest during the run: ${describeFigures(result.during)}\n`);
} finally {
  await opened.dispose();
}
