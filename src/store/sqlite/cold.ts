/**
 * Cold rows on SQLite (issue 13's storage target). Once a log is older than `coldAfterMs` and in the text
 * index, its bulky columns (message, context, environment, version, host) move into a compressed block of up
 * to BLOCK_ROWS logs of its project (`log_blocks`: brotli over the columns laid out one after the other,
 * contexts by key). The row keeps what the indexes and the cheap filters need (id, project, time, level,
 * service, trace and span ids, fingerprint) and marks itself cold with a zero-length blob as message (a
 * message is always text).
 *
 * The arrival time goes into the block too (the row holds 0, which SQLite stores in no bytes).
 *
 * Every read names those six columns through `coldColumn`, which gives the block's value for a cold row
 * (`devsmith_cold`, a function of each connection, decoding blocks through a connection of its own: SQLite
 * cannot run a query on a connection inside one of its functions). Answers are the same as before: the
 * context is kept as the text `json()` gave for the row, which is what every read returned. Blocks never
 * change once written; retention deletes a block only an hour after the last of its rows went, so a read
 * that saw a row always finds its block.
 */
import Database from 'better-sqlite3';
import zlib from 'node:zlib';

/** The text columns a cold row keeps in its block, in this order (the `field` argument of `devsmith_cold`). */
export const COLD_FIELDS = ['message', 'context', 'environment', 'version', 'host'] as const;
/** Every column read from the block: the text ones, then the arrival time (a cold row holds 0 instead). */
export type ColdField = (typeof COLD_FIELDS)[number] | 'received_at';
const FIELD_INDEX = new Map<string, number>([...COLD_FIELDS, 'received_at'].map((f, i) => [f, i]));
const RECEIVED_AT = COLD_FIELDS.length;

/** Logs per block at most (one project's, in id order). */
export const BLOCK_ROWS = 8192;
/** Blocks whose rows are all deleted stay this long, for reads that started before the delete. */
export const EMPTY_BLOCK_GRACE_MS = 3_600_000;
/** Quality 6: 1 byte a log smaller than 5 for ~15 % more time, in the thread pool (cold-writer.ts). */
export const brotliOptions = (size: number): zlib.BrotliOptions => ({
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_LGWIN]: 22, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size },
});

/** `l.message`, or the cold block's message for a cold row; same for the other cold columns. */
export function coldColumn(alias: string, column: ColdField): string {
  const a = alias;
  return `(CASE WHEN typeof(${a}.message) = 'blob' THEN devsmith_cold(${a}.project_id, ${a}.id, ${FIELD_INDEX.get(column)}) ELSE ${a}.${column} END)`;
}

/** The SQL of a log column under an alias: the cold expression for the columns kept in blocks, the column otherwise. */
export function logColumn(alias: string, column: string): string {
  return FIELD_INDEX.has(column) ? coldColumn(alias, column as ColdField) : `${alias}.${column}`;
}

/** A row as it goes into a block: ids ascending; the COLD_FIELDS as text (the context as `json()` gives it). */
export interface ColdRow {
  id: number;
  receivedAt: number;
  values: Array<string | null>;
}

function writeVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Signed to unsigned (zigzag) by arithmetic: arrival times are past 2^32. */
const zigzag = (v: number): number => (v < 0 ? -2 * v - 1 : 2 * v);
const unzigzag = (v: number): number => (v % 2 === 1 ? -(v + 1) / 2 : v / 2);

const CONTEXT = 1;

/**
 * A context that JSON.stringify writes back byte for byte from its parse (so any object the ingest made: it
 * stores JSON.stringify's text), as its keys; null when it must be kept as its text.
 */
function splitContext(text: string): { keys: string[]; values: string[] } | null {
  if (text.charCodeAt(0) !== 123 /* { */) return null;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
  const keys = Object.keys(o);
  if (keys.length === 0) return null;
  const values = keys.map((k) => JSON.stringify((o as Record<string, unknown>)[k]));
  const rebuilt = '{' + keys.map((k, i) => JSON.stringify(k) + ':' + values[i]).join(',') + '}';
  return rebuilt === text ? { keys, values } : null;
}

/**
 * Block layout before compression: varint count, the ids as varint deltas, the arrival times as zigzag
 * varint deltas, then per field a varint per row (0 = NULL, else 1 + 2 × byte length) followed by the
 * field's UTF-8 bytes, row after row. Contexts are stored by key where they can be rebuilt exactly
 * (`splitContext`): their tag is 2 + 2 × their shape (the list of their keys), and after the fields come the
 * shapes (as indexes into the keys), the keys, and per key its values' lengths and bytes in row order: values
 * of one key sit together, where they compress better (2.6 bytes a log less on the benchmark's logs).
 * Rows are added in batches (the compactor adds each batch it loads, so no step encodes a whole block);
 * `finish` gives the bytes to compress.
 */
export class BlockBuilder {
  readonly ids: number[] = [];
  private readonly receivedAt: number[] = [];
  private readonly lens: number[][] = COLD_FIELDS.map(() => []);
  private readonly bytes: Buffer[][] = COLD_FIELDS.map(() => []);

  get size(): number {
    return this.ids.length;
  }

  private readonly shapes = new Map<string, number>();
  private readonly shapeKeys: number[][] = [];
  private readonly keys = new Map<string, number>();
  private readonly keyLens: number[][] = [];
  private readonly keyTexts: string[] = [];

  add(rows: ColdRow[]): void {
    for (let f = 0; f < COLD_FIELDS.length; f++) {
      const lens = this.lens[f]!;
      let text = '';
      for (const r of rows) {
        const v = r.values[f];
        const split = f === CONTEXT && v ? splitContext(v) : null;
        if (split) writeVarint(lens, 2 + 2 * this.shapeOf(split));
        else if (v === null || v === undefined) lens.push(0);
        else {
          writeVarint(lens, 1 + 2 * Buffer.byteLength(v, 'utf8'));
          text += v;
        }
      }
      this.bytes[f]!.push(Buffer.from(text, 'utf8'));
    }
    for (const r of rows) {
      this.ids.push(r.id);
      this.receivedAt.push(r.receivedAt);
    }
  }

  finish(): Buffer {
    const head: number[] = [];
    writeVarint(head, this.ids.length);
    let prev = 0;
    for (const id of this.ids) {
      writeVarint(head, id - prev);
      prev = id;
    }
    prev = 0;
    for (const at of this.receivedAt) {
      writeVarint(head, zigzag(at - prev));
      prev = at;
    }
    const shapes: number[] = [];
    writeVarint(shapes, this.shapeKeys.length);
    for (const keys of this.shapeKeys) {
      writeVarint(shapes, keys.length);
      for (const k of keys) writeVarint(shapes, k);
    }
    writeVarint(shapes, this.keyTexts.length);
    const keyParts: Buffer[] = [];
    for (const name of this.keys.keys()) {
      const b = Buffer.from(name, 'utf8');
      const lead: number[] = [];
      writeVarint(lead, b.length);
      keyParts.push(Buffer.from(lead), b);
    }
    const valueParts = this.keyLens.flatMap((lens, k) => [Buffer.from(lens), Buffer.from(this.keyTexts[k]!, 'utf8')]);
    return Buffer.concat([
      Buffer.from(head),
      ...COLD_FIELDS.flatMap((_, f) => [Buffer.from(this.lens[f]!), ...this.bytes[f]!]),
      Buffer.from(shapes),
      ...keyParts,
      ...valueParts,
    ]);
  }

  /** The shape's number, the values appended to their keys' columns. */
  private shapeOf(split: { keys: string[]; values: string[] }): number {
    const ks = split.keys.map((name) => {
      let k = this.keys.get(name);
      if (k === undefined) {
        k = this.keyTexts.length;
        this.keys.set(name, k);
        this.keyLens.push([]);
        this.keyTexts.push('');
      }
      return k;
    });
    split.values.forEach((v, i) => {
      const k = ks[i]!;
      writeVarint(this.keyLens[k]!, Buffer.byteLength(v, 'utf8'));
      this.keyTexts[k] += v;
    });
    const id = ks.join(',');
    let shape = this.shapes.get(id);
    if (shape === undefined) {
      shape = this.shapeKeys.length;
      this.shapes.set(id, shape);
      this.shapeKeys.push(ks);
    }
    return shape;
  }
}

export function encodeBlockRaw(rows: ColdRow[]): Buffer {
  const b = new BlockBuilder();
  b.add(rows);
  return b.finish();
}

export function encodeBlock(rows: ColdRow[]): Buffer {
  const raw = encodeBlockRaw(rows);
  return zlib.brotliCompressSync(raw, brotliOptions(raw.length));
}

/** Reads varints from a position that moves on. */
class Reader {
  constructor(private readonly buf: Buffer, public pos: number) {}

  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  }
}

/** A decoded block: the row index of an id, and each field's value at a row. */
export class ColdBlock {
  readonly ids: number[] = [];
  private readonly receivedAt: number[] = [];
  private readonly raw: Buffer;
  /** Per field and row: start offset and byte length (-1 for NULL, -2 for a context stored by key). */
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  /** The row's context shape when it is stored by key, else -1. */
  private readonly shapeOfRow: Int32Array;
  /** Where the contexts stored by key begin in `raw`. */
  private readonly keyed: number;
  private contexts: ReturnType<ColdBlock['keyedContexts']> | null = null;
  private lastContext: { row: number; text: string } | null = null;

  constructor(data: Buffer) {
    const raw = zlib.brotliDecompressSync(data);
    this.raw = raw;
    const r = new Reader(raw, 0);
    const varint = () => r.varint();
    const n = varint();
    let id = 0;
    for (let i = 0; i < n; i++) this.ids.push((id += varint()));
    let at = 0;
    for (let i = 0; i < n; i++) this.receivedAt.push((at += unzigzag(varint())));
    const cells = n * COLD_FIELDS.length;
    this.starts = new Int32Array(cells);
    this.lengths = new Int32Array(cells);
    const shapeOfRow = new Int32Array(n).fill(-1);
    for (let f = 0; f < COLD_FIELDS.length; f++) {
      for (let i = 0; i < n; i++) {
        const tag = varint();
        const c = f * n + i;
        if (tag === 0) this.lengths[c] = -1;
        else if (tag % 2 === 1) this.lengths[c] = (tag - 1) / 2;
        else (this.lengths[c] = -2), (shapeOfRow[i] = (tag - 2) / 2); // a context stored by key
      }
      for (let i = 0; i < n; i++) {
        const c = f * n + i;
        this.starts[c] = r.pos;
        if (this.lengths[c]! > 0) r.pos += this.lengths[c]!;
      }
    }
    this.keyed = r.pos;
    this.shapeOfRow = shapeOfRow;
  }

  /**
   * The contexts stored by key, read at the first one asked for (a search on other columns never pays for
   * them): each row's values as offsets, in its keys' order.
   */
  private keyedContexts(): { names: string[]; shapes: number[][]; first: Int32Array; starts: Int32Array; lengths: Int32Array } {
    if (this.contexts) return this.contexts;
    const raw = this.raw;
    const r = new Reader(raw, this.keyed);
    const varint = () => r.varint();
    const shapes: number[][] = [];
    for (let s = varint(); s > 0; s--) {
      const keys: number[] = [];
      for (let k = varint(); k > 0; k--) keys.push(varint());
      shapes.push(keys);
    }
    const names: string[] = [];
    for (let k = varint(); k > 0; k--) {
      const len = varint();
      names.push(JSON.stringify(raw.toString('utf8', r.pos, r.pos + len)) + ':');
      r.pos += len;
    }
    // Each key's values, in row order: how many there are follows from the rows' shapes.
    const n = this.ids.length;
    const counts = new Array<number>(names.length).fill(0);
    let cells = 0;
    for (let i = 0; i < n; i++) {
      const shape = this.shapeOfRow[i]!;
      if (shape < 0) continue;
      for (const k of shapes[shape]!) counts[k]!++;
      cells += shapes[shape]!.length;
    }
    const keyStarts: Int32Array[] = [];
    const keyLengths: Int32Array[] = [];
    for (let k = 0; k < names.length; k++) {
      const lens = new Int32Array(counts[k]!);
      for (let j = 0; j < lens.length; j++) lens[j] = varint();
      const starts = new Int32Array(lens.length);
      for (let j = 0; j < lens.length; j++) (starts[j] = r.pos), (r.pos += lens[j]!);
      keyStarts.push(starts);
      keyLengths.push(lens);
    }
    if (r.pos !== raw.length) throw new Error(`cold block is corrupt (${r.pos} of ${raw.length} bytes read)`);
    const first = new Int32Array(n);
    const starts = new Int32Array(cells);
    const lengths = new Int32Array(cells);
    const next = new Array<number>(names.length).fill(0);
    let c = 0;
    for (let i = 0; i < n; i++) {
      first[i] = c;
      const shape = this.shapeOfRow[i]!;
      if (shape < 0) continue;
      for (const k of shapes[shape]!) {
        const j = next[k]!++;
        starts[c] = keyStarts[k]![j]!;
        lengths[c++] = keyLengths[k]![j]!;
      }
    }
    return (this.contexts = { names, shapes, first, starts, lengths });
  }

  private context(row: number): string {
    if (this.lastContext?.row === row) return this.lastContext.text; // a context clause reads it twice
    const { names, shapes, first, starts, lengths } = this.keyedContexts();
    let text = '{';
    let c = first[row]!;
    const keys = shapes[this.shapeOfRow[row]!]!;
    for (let i = 0; i < keys.length; i++, c++) {
      if (i > 0) text += ',';
      text += names[keys[i]!]! + this.raw.toString('utf8', starts[c]!, starts[c]! + lengths[c]!);
    }
    text += '}';
    this.lastContext = { row, text };
    return text;
  }

  /** The row of an id, or -1. */
  indexOf(id: number): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  value(row: number, field: number): string | number | null {
    if (field === RECEIVED_AT) return this.receivedAt[row]!;
    const c = field * this.ids.length + row;
    const len = this.lengths[c]!;
    if (len === -2) return this.context(row);
    if (len < 0) return null;
    const start = this.starts[c]!;
    return this.raw.toString('utf8', start, start + len);
  }
}

interface CachedBlock {
  key: number;
  projectId: number;
  firstId: number;
  lastId: number;
  block: ColdBlock;
}

/** Decoded blocks kept per reading connection (each up to ~2.5 MB decoded). */
const CACHE_BLOCKS = 16;

/** The block-reading connection of each connection that has one, closed with it (closeColdReader). */
const loaders = new WeakMap<Database.Database, () => void>();

/** Closes the connection `registerColdReader` opened for `db`, if any: call before closing `db`. */
export function closeColdReader(db: Database.Database): void {
  loaders.get(db)?.();
  loaders.delete(db);
}

/**
 * Registers `devsmith_cold(project_id, id, field)` on a connection. Blocks are read through a read-only
 * connection of their own, opened at the first cold row, and the last CACHE_BLOCKS decoded are kept: a scan
 * in time order decodes each block once.
 */
export function registerColdReader(db: Database.Database, file: string): void {
  let loader: Database.Statement | null = null;
  let conn: Database.Database | null = null;
  loaders.set(db, () => conn?.close());
  const cache: CachedBlock[] = [];
  const remember = (entry: CachedBlock): void => {
    if (cache.length >= CACHE_BLOCKS) cache.pop();
    cache.unshift(entry);
  };
  // Blocks of a project hold disjoint ranges of ids, except after an archive restore (restored logs go into
  // blocks of their own, whose ranges span the blocks made meanwhile): the block that holds the id is found
  // among those whose range covers it, nearest start first.
  const find = (projectId: number, id: number): { entry: CachedBlock; row: number } => {
    for (let i = 0; i < cache.length; i++) {
      const c = cache[i]!;
      if (c.projectId !== projectId || c.firstId > id || id > c.lastId) continue;
      const row = c.block.indexOf(id);
      if (row < 0) continue;
      if (i > 0) (cache.splice(i, 1), cache.unshift(c));
      return { entry: c, row };
    }
    if (!loader) {
      conn = new Database(file, { readonly: true, fileMustExist: true });
      conn.pragma('busy_timeout = 5000');
      loader = conn.prepare(
        'SELECT id, first_id, last_id, data FROM log_blocks WHERE project_id = ? AND first_id <= ? AND last_id >= ? ORDER BY first_id DESC',
      );
    }
    for (const r of loader.iterate(projectId, id, id) as IterableIterator<{ id: number; first_id: number; last_id: number; data: Buffer }>) {
      if (cache.some((c) => c.key === r.id)) continue; // looked at above
      const entry = { key: r.id, projectId, firstId: r.first_id, lastId: r.last_id, block: new ColdBlock(r.data) };
      remember(entry);
      const row = entry.block.indexOf(id);
      if (row >= 0) return { entry, row };
    }
    throw new Error(`the cold block of log ${id} (project ${projectId}) is missing`);
  };
  db.function('devsmith_cold', (projectId, id, field) => {
    const { entry, row } = find(Number(projectId), Number(id));
    return entry.block.value(row, Number(field));
  });
}
