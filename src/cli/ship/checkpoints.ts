/**
 * Where each file's shipping got to, persisted atomically (write a temporary file, fsync, rename) in
 * `<state-dir>/checkpoints.json`. A file is known by device+inode and a fingerprint of its first line (an inode
 * reused by a new file has another first line). `offset` is just past the last byte before which the server
 * acknowledged everything; `pending` lists the byte ranges of the batches cut after it (in flight, queued, or
 * acknowledged out of order), contiguous from `offset`, written BEFORE they are sent, so a restart re-sends
 * exactly those ranges under the same Idempotency-Keys and the server answers from its replay records instead
 * of storing them twice. `copies` remembers, by fingerprint, how far files that were truncated (copytruncate) had been
 * read, so the rotated copy is read from there rather than from its start.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ByteRange {
  start: number;
  end: number;
}

export interface FileCheckpoint {
  path: string;
  fingerprint: string | null;
  offset: number;
  pending?: ByteRange[];
  /** When this entry was last written (epoch ms): entries of files long gone are pruned. */
  at?: number;
}

interface StateFile {
  version: 1;
  files: Record<string, FileCheckpoint>;
  copies: Array<{ fingerprint: string; offset: number; path: string }>;
}

const MAX_COPIES = 100;
/** Bytes of the first line that make the fingerprint; enough to tell files apart, cheap to read. */
const FINGERPRINT_BYTES = 1024;

/** The fingerprint of an open file's first line; null while that line is incomplete and short. */
export function fingerprintOf(fd: number): string | null {
  const head = Buffer.alloc(FINGERPRINT_BYTES);
  const n = fs.readSync(fd, head, 0, FINGERPRINT_BYTES, 0);
  const nl = head.subarray(0, n).indexOf(10);
  if (nl < 0 && n < FINGERPRINT_BYTES) return null;
  return createHash('sha256').update(head.subarray(0, nl < 0 ? n : nl + 1)).digest('hex').slice(0, 32);
}

export function fingerprintOfFile(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return fingerprintOf(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export class Checkpoints {
  private state: StateFile = { version: 1, files: {}, copies: [] };
  private readonly file: string;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'checkpoints.json');
    try {
      const loaded = JSON.parse(fs.readFileSync(this.file, 'utf8')) as StateFile;
      if (loaded.version === 1 && loaded.files) this.state = { ...loaded, copies: loaded.copies ?? [] };
      // Agents before several batches in flight wrote one range, not a list.
      for (const c of Object.values(this.state.files)) if (c.pending && !Array.isArray(c.pending)) c.pending = [c.pending as ByteRange];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${this.file}: ${(err as Error).message}`);
    }
  }

  get(id: string): FileCheckpoint | undefined {
    return this.state.files[id];
  }

  set(id: string, checkpoint: FileCheckpoint): void {
    this.state.files[id] = { ...checkpoint, at: Date.now() };
    this.save();
  }

  /** Drops entries of files no scan finds any more and untouched for `maxAgeMs` (deleted long ago). */
  prune(found: Set<string>, maxAgeMs: number, now = Date.now()): void {
    const stale = Object.entries(this.state.files).filter(([id, c]) => !found.has(id) && (c.at ?? 0) < now - maxAgeMs);
    if (!stale.length) return;
    for (const [id] of stale) delete this.state.files[id];
    this.save();
  }

  /** A file with this first line was truncated after `offset` bytes had been read. */
  rememberCopy(fingerprint: string, offset: number, file: string): void {
    this.state.copies = [...this.state.copies.filter((c) => c.fingerprint !== fingerprint), { fingerprint, offset, path: file }].slice(-MAX_COPIES);
    this.save();
  }

  /** Where to read a copy of a truncated file from; only for a file named like that one's rotations. */
  copyOffset(fingerprint: string, file: string): number | null {
    return this.state.copies.find((c) => c.fingerprint === fingerprint && isRotationOf(file, c.path))?.offset ?? null;
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}

/** The ranges of `pending` a restart can cut again: contiguous from `offset` and still inside the file. */
export function replayableRanges(offset: number, pending: ByteRange[] | undefined, size: number): ByteRange[] {
  const out: ByteRange[] = [];
  let at = offset;
  for (const r of pending ?? []) {
    if (r.start !== at || r.end <= r.start || r.end > size) break;
    out.push(r);
    at = r.end;
  }
  return out;
}

/** `app.log.1`, `app.log-20240101` and `app.log.1.tmp` are rotations of `app.log` (same directory, longer name). */
export function isRotationOf(file: string, original: string): boolean {
  return file !== original && path.dirname(file) === path.dirname(original) && path.basename(file).startsWith(path.basename(original));
}
