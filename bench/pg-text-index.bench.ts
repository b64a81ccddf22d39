/**
 * What the GIN text index costs PostgreSQL ingestion, and whether filling it asynchronously pays: the raw
 * store insert rate (no HTTP; 4 connections, groups of 4 batches of 100 rows, as the server's group commit
 * forms them) with the schema as shipped, without the text index, and with the rows indexed by a background
 * copier into a side table. Each phase gets a throwaway database. Run `npm run bench:pg-text-index -- --help`.
 */
import pg from 'pg';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { rng, rows as genRows } from './lib/logs.js';
import { openFreshStore, rawInsertRate } from './lib/raw-store.js';
import { MESSAGE_TSV } from '../src/store/postgres/text-search.js';

const HELP = `DATABASE_URL=postgres://... npm run bench:pg-text-index -- [--duration 10] [--chunk 20000]
DATABASE_URL names a role allowed to CREATE DATABASE.`;
const args = flags({ duration: { type: 'string', default: '10' }, chunk: { type: 'string', default: '20000' } }, HELP);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  process.stderr.write('DATABASE_URL is required (a PostgreSQL role allowed to CREATE DATABASE)\n');
  process.exit(2);
}
const durationMs = positiveNumber('duration', args.duration) * 1000;
const chunk = positiveNumber('chunk', args.chunk);
const pool = genRows(rng(7), 1, 100_000);
const shape = { batchSize: 100, batchesPerGroup: 4, parallel: 4 };

/** One phase: a fresh store, `prepare` run on its database, a warm-up, then the measured inserts. */
async function phase(name: string, prepare: (c: pg.Client) => Promise<void>, during?: (c: pg.Client) => Promise<() => Promise<string>>) {
  const opened = await openFreshStore('postgres', { adminUrl });
  const c = new pg.Client({ connectionString: opened.url });
  await c.connect();
  try {
    await opened.store.commitBatches([{ rows: pool.slice(0, 10) }]); // creates today's partition
    await prepare(c);
    await rawInsertRate(opened.store, pool, { ...shape, durationMs: 2000 });
    const finish = await during?.(c);
    const res = await rawInsertRate(opened.store, pool, { ...shape, durationMs });
    const extra = finish ? await finish() : '';
    console.log(`${name.padEnd(44)} ${fmt(res.rowsPerSec).padStart(8)} rows/s${extra}`);
  } finally {
    await c.end();
    await opened.dispose();
  }
}

console.log(`PostgreSQL text index cost: raw store inserts, ${durationMs / 1000} s per phase`);
await phase('as shipped (GIN on logs)', async () => {});
await phase('without the GIN text index', (c) => c.query('DROP INDEX logs_message_tsv').then(() => {}));
// The asynchronous design: rows go into logs without the GIN; one connection copies them in id-ordered
// chunks into a side table that carries the GIN. (A real one would also need a watermark that never passes
// a transaction still in flight; this one measures only whether the copier can keep up.)
await phase(
  `async: side table indexed in chunks of ${fmt(chunk)}`,
  async (c) => {
    await c.query('DROP INDEX logs_message_tsv');
    await c.query('CREATE TABLE log_text (id bigint NOT NULL, project_id int NOT NULL, ts bigint NOT NULL, message text NOT NULL)');
    await c.query(`CREATE INDEX log_text_tsv ON log_text USING gin (${MESSAGE_TSV})`);
  },
  async (c) => {
    let stop = false;
    // The warm-up's rows count as indexed: the copier is measured on the rows written while it runs.
    let watermark = Number((await c.query('SELECT coalesce(max(id), 0)::text AS max FROM logs')).rows[0].max);
    let indexed = 0;
    const t0 = performance.now();
    const copier = (async () => {
      while (!stop) {
        const { rows } = await c.query(
          `WITH moved AS (INSERT INTO log_text SELECT id, project_id, ts, message FROM logs WHERE id > $1 AND id <= $1 + $2 RETURNING id)
           SELECT count(*)::int AS n, coalesce(max(id), 0)::text AS last FROM moved`,
          [watermark, chunk],
        );
        if (rows[0].n === 0) await new Promise((r) => setTimeout(r, 100));
        else {
          watermark = Number(rows[0].last);
          indexed += rows[0].n;
        }
      }
    })();
    return async () => {
      stop = true;
      await copier;
      const seconds = (performance.now() - t0) / 1000;
      const { rows } = await c.query('SELECT coalesce(max(id), 0)::text AS max FROM logs');
      const lag = Number(rows[0].max) - watermark;
      return `; copier indexed ${fmt(indexed / seconds)} rows/s, ${fmt(lag)} rows behind at the end (+${fmt(lag / seconds)}/s)`;
    };
  },
);
