/**
 * Writer side of cold rows (cold.ts), on the write connection in the writer worker: moves logs older than
 * `coldAfterMs` into compressed blocks, and removes the blocks retention emptied.
 *
 * Logs go cold in id order, up to the text index's watermark (the indexer reads messages from the rows);
 * `cold_upto` in `meta` is the last id done. The work is cut in steps of a few milliseconds each, so that a
 * commit waits for one step at most (issue 13: no ingest stall over 50 ms):
 * 1. plan: the next CHUNK_ROWS logs after `cold_upto` that are old enough, split by project into blocks;
 * 2. load a block's rows, LOAD_ROWS at a time, and lay them out for the block;
 * 3. compress it in the thread pool (brotli), while commits go on;
 * 4. write the block, then put its rows back without their cold columns, REWRITE_ROWS per transaction.
 * Rows are deleted and inserted again, not updated: SQLite leaves the pages of rows updated smaller as full
 * as they were (measured: 296.7 bytes a log before and after), while deletes free and merge them. Between
 * two steps a block's rows are partly cold, which reads do not see: a cold row's block is always written.
 *
 * Small chunks make poor blocks, so the compactor waits until CHUNK_ROWS logs are old enough, or until the
 * oldest has waited a day longer than `coldAfterMs`. `eager` (tests and benchmarks) takes every indexed log
 * at once and compresses on the calling thread.
 */
import type Database from 'better-sqlite3';
import zlib from 'node:zlib';
import { BLOCK_ROWS, BlockBuilder, COLD_FIELDS, EMPTY_BLOCK_GRACE_MS, brotliOptions } from './cold.js';

const CHUNK_ROWS = 8_192;
const LOAD_ROWS = 1_024;
const REWRITE_ROWS = 512;
const WAIT_FOR_FULL_CHUNK_MS = 86_400_000;
/** The columns a cold row keeps besides id and project (message and context become X'', received_at 0). */
const KEPT = ['ts', 'level', 'service', 'trace_id', 'span_id', 'fingerprint'];

interface Block {
  projectId: number;
  ids: number[];
  rows: BlockBuilder;
  /** Per row, the kept columns (id and project first), in the insert's order. */
  kept: unknown[][];
  loaded: number;
  data: Buffer | null;
  blockWritten: boolean;
  rewritten: number;
}

export class ColdCompactor {
  private readonly upto: Database.Statement;
  private readonly ftsUpto: Database.Statement;
  private readonly plan: Database.Statement;
  private readonly load: Database.Statement;
  private readonly insertBlock: Database.Statement;
  private readonly deleteRows: Database.Statement;
  private readonly insertCold: Database.Statement;
  private readonly save: Database.Statement;
  private readonly markEmpty: Database.Statement;
  private readonly dropEmpty: Database.Statement;
  private blocks: Block[] = [];
  private chunkFrom = 0;
  private chunkUpto = 0;
  private compressing: Promise<void> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly coldAfterMs: number | null,
    private readonly eager = false,
    private readonly now: () => number = Date.now,
  ) {
    this.upto = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cold_upto'").pluck();
    this.ftsUpto = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto'").pluck();
    this.plan = db.prepare("SELECT id, project_id, received_at, typeof(message) = 'blob' FROM logs WHERE id > ? AND id <= ? ORDER BY id LIMIT ?").raw();
    this.load = db.prepare(
      `SELECT id, project_id, received_at, message, json(context), environment, version, host, ${KEPT.join(', ')}
       FROM logs WHERE id IN (SELECT value FROM json_each(?)) AND typeof(message) = 'text' ORDER BY id`,
    ).raw();
    this.insertBlock = db.prepare('INSERT INTO log_blocks (project_id, first_id, last_id, n, data) VALUES (?, ?, ?, ?, ?)');
    this.deleteRows = db.prepare("DELETE FROM logs WHERE id IN (SELECT value FROM json_each(?)) AND typeof(message) = 'text' RETURNING id").pluck();
    this.insertCold = db.prepare(
      `INSERT INTO logs (id, project_id, ${KEPT.join(', ')}, received_at, message, context) VALUES (?, ?, ${KEPT.map(() => '?').join(', ')}, 0, X'', X'')`,
    );
    // Unless an archive restore moved it back meanwhile (archives.ts): the chunk is then planned again from there.
    this.save = db.prepare("UPDATE meta SET value = ? WHERE key = 'cold_upto' AND value = ?");
    // NOT INDEXED: by the rowid range of the block. With the project's time index SQLite read every log of the
    // project for each block (measured: 260 ms at 300,000 logs, all of it holding commits back).
    this.markEmpty = db.prepare(
      `UPDATE log_blocks SET empty_since = ? WHERE empty_since IS NULL AND project_id = ?
         AND NOT EXISTS (SELECT 1 FROM logs l NOT INDEXED WHERE l.id BETWEEN log_blocks.first_id AND log_blocks.last_id AND l.project_id = log_blocks.project_id)`,
    );
    this.dropEmpty = db.prepare('DELETE FROM log_blocks WHERE empty_since <= ?');
  }

  /** False when logs never go cold (DEVSMITH_SQLITE_COLD_AFTER_HOURS=0); retention still drops emptied blocks. */
  get enabled(): boolean {
    return this.coldAfterMs !== null;
  }

  /**
   * One step. True while there is more to do now, false when nothing is old enough; a promise while the
   * current block is compressed in the thread pool (the caller steps again once it settles).
   */
  step(): boolean | Promise<void> {
    if (this.coldAfterMs === null) return false;
    if (this.compressing) return this.compressing;
    const b = this.blocks[0];
    if (!b) return this.planChunk();
    if (b.loaded < b.ids.length) {
      this.loadRows(b);
      return true;
    }
    if (b.rows.size === 0) return this.finish();
    if (!b.data) return this.compress(b);
    const part = b.kept.slice(b.rewritten, b.rewritten + REWRITE_ROWS);
    const done = b.rewritten + part.length >= b.kept.length;
    this.db.transaction(() => {
      if (!b.blockWritten) this.insertBlock.run(b.projectId, b.rows.ids[0], b.rows.ids.at(-1), b.rows.size, b.data);
      // Only rows still there come back: retention may have deleted some since they were loaded.
      const there = new Set(this.deleteRows.all(JSON.stringify(part.map((k) => k[0]))) as number[]);
      for (const k of part) if (there.has(k[0] as number)) this.insertCold.run(...k);
      if (done && this.blocks.length === 1) this.save.run(String(this.chunkUpto), String(this.chunkFrom));
    }).immediate();
    b.blockWritten = true;
    b.rewritten += part.length;
    if (done) this.blocks.shift();
    return true;
  }

  /** The block had no row left to load (all deleted, or already cold after a restart). */
  private finish(): boolean {
    this.blocks.shift();
    if (this.blocks.length === 0) this.save.run(String(this.chunkUpto), String(this.chunkFrom));
    return true;
  }

  private planChunk(): boolean {
    const from = this.upto.get() as number;
    const to = this.ftsUpto.get() as number;
    if (to <= from) return false;
    const cutoff = this.eager ? Infinity : this.now() - this.coldAfterMs!;
    const rows = this.plan.all(from, to, CHUNK_ROWS) as Array<[number, number, number, number]>;
    let old = 0;
    while (old < rows.length && rows[old]![2] <= cutoff) old++;
    if (old === 0) return false;
    if (old < CHUNK_ROWS && !this.eager && cutoff - rows[0]![2] < WAIT_FOR_FULL_CHUNK_MS) return false;
    const byProject = new Map<number, number[]>();
    for (let i = 0; i < old; i++) {
      const [id, projectId, , cold] = rows[i]!;
      if (cold === 1) continue; // already cold: a chunk planned again after a restart
      let ids = byProject.get(projectId);
      if (!ids) byProject.set(projectId, (ids = []));
      ids.push(id);
    }
    this.chunkFrom = from;
    this.chunkUpto = rows[old - 1]![0];
    for (const [projectId, ids] of byProject) {
      for (let i = 0; i < ids.length; i += BLOCK_ROWS) {
        this.blocks.push({ projectId, ids: ids.slice(i, i + BLOCK_ROWS), rows: new BlockBuilder(), kept: [], loaded: 0, data: null, blockWritten: false, rewritten: 0 });
      }
    }
    if (this.blocks.length === 0) this.save.run(String(this.chunkUpto), String(this.chunkFrom));
    return true;
  }

  private loadRows(b: Block): void {
    const ids = b.ids.slice(b.loaded, b.loaded + LOAD_ROWS);
    b.loaded += ids.length;
    const rows = this.load.all(JSON.stringify(ids)) as unknown[][];
    b.rows.add(rows.map((r) => ({ id: r[0] as number, receivedAt: r[2] as number, values: r.slice(3, 3 + COLD_FIELDS.length) as Array<string | null> })));
    for (const r of rows) b.kept.push([r[0], r[1], ...r.slice(3 + COLD_FIELDS.length)]);
  }

  private compress(b: Block): boolean | Promise<void> {
    const raw = b.rows.finish();
    if (this.eager) {
      b.data = zlib.brotliCompressSync(raw, brotliOptions(raw.length));
      return true;
    }
    this.compressing = new Promise<void>((resolve) => {
      zlib.brotliCompress(raw, brotliOptions(raw.length), (err, out) => {
        this.compressing = null;
        if (err) this.blocks = []; // planned again from cold_upto at the next turn
        else b.data = out;
        resolve();
      });
    });
    return this.compressing;
  }

  /**
   * After retention deleted a project's logs: its blocks left without a row are marked, and blocks marked
   * EMPTY_BLOCK_GRACE_MS ago are deleted (a read that started before the delete may still decode them).
   */
  dropEmptyBlocks(projectId: number): void {
    const now = this.now();
    this.db.transaction(() => {
      this.markEmpty.run(now, projectId);
      this.dropEmpty.run(now - EMPTY_BLOCK_GRACE_MS);
    }).immediate();
  }
}
