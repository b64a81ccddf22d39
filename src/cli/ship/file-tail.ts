/**
 * Ships one file (one device+inode) from its checkpoint: reads it in chunks, turns bytes into records
 * (lines → Docker decoding → multi-line joining → format parsing), cuts batches at record boundaries and
 * hands them to a DeliveryWindow (several in flight, the checkpoint moves past acknowledged prefixes only). Handles rotation by rename (the agent
 * marks the file not live: it is read to its end, then closed), copytruncate (the file shrinks or its first
 * line changes: what was read is finished, then reading restarts at 0) and a partial last line (it waits for
 * its newline; sent as it is only once the file has been idle `partialAfterMs` or rotated away).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { OutgoingLog } from '../log-line.js';
import type { BatchSender } from './batch-sender.js';
import { sleep } from './batch-sender.js';
import { fingerprintOf, replayableRanges, type ByteRange, type Checkpoints } from './checkpoints.js';
import { DeliveryWindow } from './delivery-window.js';
import { DockerDecoder } from './docker.js';
import { parseRecord, type Format } from './formats.js';
import { LineSplitter, type RawLine } from './line-splitter.js';
import { MultilineJoiner, type Multiline, type Record } from './multiline.js';

export interface TailSettings {
  batchLines: number;
  batchBytes: number;
  flushMs: number;
  partialAfterMs: number;
  /** How long a file rotated away stays open after its last write (its writer may still hold it). */
  rotateWaitMs: number;
  pollMs: number;
  maxLineBytes: number;
  /** Batches of one file in flight at once (and held in memory at most). */
  inflight: number;
}

export interface TailSource {
  path: string;
  format: Exclude<Format, 'docker'>;
  docker: boolean;
  service: string;
  multiline: Multiline;
  context?: { [key: string]: unknown };
}

interface Batch {
  logs: OutgoingLog[];
  start: number;
  end: number;
  bytes: number;
  /** The records' text, hashed once at the cut (one native call per batch, not two per line). */
  texts: string[];
}

export interface TailEvents {
  delivered(stored: number, replayed: boolean): void;
  fatal(reason: string): void;
  report(line: string): void;
}

const READ_BYTES = 1 << 20;

export class FileTail {
  /** Set by the agent at each scan: false once no watched path leads to this file (rotated away, deleted). */
  live = true;
  fingerprint: string | null;
  private fd: number;
  private readPos: number;
  /** Offset of the last record handed to a batch. */
  private emitted: number;
  /** Ranges a crash left pending, not cut again yet: batches end at exactly these bytes, so their keys match. */
  private replay: ByteRange[];
  private splitter!: LineSplitter;
  private docker!: DockerDecoder;
  private joiner!: MultilineJoiner;
  private batch: Batch;
  private readonly window: DeliveryWindow;
  private lastData = Date.now();
  private readonly buf = Buffer.allocUnsafe(READ_BYTES);
  private nowMs = 0;
  private nowIso = '';

  constructor(
    readonly id: string,
    readonly source: TailSource,
    start: { offset: number; fingerprint: string | null; pending?: ByteRange[] },
    private readonly settings: TailSettings,
    private readonly checkpoints: Checkpoints,
    private readonly sender: BatchSender,
    private readonly events: TailEvents,
    private readonly stop: AbortSignal,
  ) {
    this.fd = fs.openSync(source.path, 'r');
    this.fingerprint = start.fingerprint;
    this.readPos = this.emitted = start.offset;
    // Pending ranges the file no longer holds (truncated while the agent was down) cannot be re-sent as they were.
    this.replay = replayableRanges(start.offset, start.pending, fs.fstatSync(this.fd).size);
    this.window = new DeliveryWindow(
      settings.inflight,
      start.offset,
      (batch) => sender.deliver(source.service, batch.logs, batch.key, source.path),
      (offset, pending) => this.saveCheckpoint(offset, pending),
      events,
      source.path,
    );
    this.reset(start.offset);
    this.batch = this.newBatch(start.offset);
  }

  /** Reads until stopped, or until the file is rotated away and finished. */
  async run(): Promise<void> {
    try {
      let atEnd = false;
      while (!this.stop.aborted) {
        // Checked before reading on from the end: bytes written after a truncation must not be read as the rest of the old file.
        if (atEnd && this.truncated()) {
          await this.restartAfterTruncation();
          atEnd = false;
          continue;
        }
        await this.window.waitForRoom();
        if (this.readChunk()) {
          atEnd = false;
          continue;
        }
        if (this.replay.length && this.readPos >= this.replay[0]!.end) {
          this.endReplay();
          continue;
        }
        atEnd = true;
        const idle = Date.now() - this.lastData;
        if (!this.live && idle >= this.settings.rotateWaitMs) {
          this.settle(true);
          this.cut();
          break;
        }
        if (this.splitter.partialBytes && idle >= this.settings.partialAfterMs) this.settle(true);
        else if (idle >= this.settings.flushMs) this.settle(false);
        if (this.batch.logs.length && idle >= this.settings.flushMs) this.cut();
        await sleep(this.settings.pollMs, this.stop);
      }
      if (this.stop.aborted) {
        // SIGTERM: complete records go out; a partial line stays in the file for the next start.
        this.settle(false);
        this.cut();
      }
      await this.window.drain();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /** Reads one chunk and feeds it through; false at the end of the file. */
  private readChunk(): boolean {
    const want = this.replay.length ? Math.min(READ_BYTES, this.replay[0]!.end - this.readPos) : READ_BYTES;
    if (want <= 0) return false;
    const n = fs.readSync(this.fd, this.buf, 0, want, this.readPos);
    if (n === 0) return false;
    if (this.fingerprint === null) this.fingerprint = this.readFingerprint();
    this.readPos += n;
    this.lastData = Date.now();
    const lines: RawLine[] = [];
    this.splitter.push(this.buf.subarray(0, n), lines);
    this.feed(lines);
    return true;
  }

  /** The batch cut before a crash is cut at the same byte again, so it is re-sent under the same key. */
  private endReplay(): void {
    this.replay.shift();
    this.settle(true);
    this.cut();
  }

  private feed(lines: RawLine[]): void {
    const records: Record[] = [];
    if (this.source.docker) {
      const decoded: RawLine[] = [];
      for (const line of lines) this.docker.push(line, decoded);
      for (const line of decoded) this.joiner.push(line, records);
    } else {
      for (const line of lines) this.joiner.push(line, records);
    }
    for (const record of records) this.add(record);
  }

  /** Ends what is held: the multi-line record, and with `partial` the unterminated last line too. */
  private settle(partial: boolean): void {
    const lines: RawLine[] = [];
    if (partial) this.splitter.flushPartial(lines);
    if (this.source.docker) {
      const decoded: RawLine[] = [];
      for (const line of lines) this.docker.push(line, decoded);
      if (partial) this.docker.flush(decoded, this.readPos);
      lines.splice(0, lines.length, ...decoded);
    }
    const records: Record[] = [];
    for (const line of lines) this.joiner.push(line, records);
    this.joiner.flush(records);
    for (const record of records) this.add(record);
  }

  private add(record: Record): void {
    this.emitted = record.end;
    if (!record.text.trim()) return;
    const now = this.now();
    const log = parseRecord(record.text, this.source.format, record.time ?? now);
    if (record.time && log.timestamp === now) log.timestamp = record.time;
    const context = (log.context ??= {});
    if (this.source.context) Object.assign(context, this.source.context);
    if (record.stream) context.stream = record.stream;
    if (record.split) context.line_split = record.split; // a line longer than one entry: its pieces, in order
    const b = this.batch;
    b.logs.push(log);
    b.end = record.end;
    b.bytes += record.text.length;
    b.texts.push(record.text);
    if (b.logs.length >= this.settings.batchLines || b.bytes >= this.settings.batchBytes) this.cut();
  }

  /** The receive time of lines without their own, one Date per millisecond rather than per line. */
  private now(): string {
    const ms = Date.now();
    if (ms !== this.nowMs) {
      this.nowMs = ms;
      this.nowIso = new Date(ms).toISOString();
    }
    return this.nowIso;
  }

  private newBatch(start: number): Batch {
    return { logs: [], start, end: start, bytes: 0, texts: [] };
  }

  /** Hands the batch to the delivery window, under a key that the same bytes of the same file always get. */
  private cut(): void {
    const batch = this.batch;
    if (!batch.logs.length) return;
    this.batch = this.newBatch(batch.end);
    // The same digest as hashing every record's text and a newline in turn (the keys of earlier agents).
    const content = createHash('sha256').update(`${batch.texts.join('\n')}\n`).digest('hex');
    const key = `ship-${createHash('sha256').update(`${this.id}:${this.fingerprint}:${batch.start}-${batch.end}:`).update(content).digest('hex').slice(0, 48)}`;
    this.window.push({ logs: batch.logs, start: batch.start, end: batch.end, key });
  }

  /** Ranges cut before a crash and not cut again yet stay pending too, so a second crash still replays them. */
  private saveCheckpoint(offset: number, pending: ByteRange[]): void {
    const all = [...pending, ...this.replay];
    this.checkpoints.set(this.id, { path: this.source.path, fingerprint: this.fingerprint, offset, ...(all.length && { pending: all }) });
  }

  private readFingerprint(): string | null {
    return fingerprintOf(this.fd);
  }

  /** Shrunk below what was read, or its first line replaced (copytruncate, then written again quickly). */
  private truncated(): boolean {
    if (this.readPos === 0) return false;
    if (fs.fstatSync(this.fd).size < this.readPos) return true;
    return this.fingerprint !== null && this.readFingerprint() !== this.fingerprint;
  }

  private async restartAfterTruncation(): Promise<void> {
    this.settle(false); // complete records read before the truncation still go out
    this.cut();
    await this.window.drain();
    if (this.window.abandoned) return; // stopping: the checkpoint keeps what is unacknowledged
    // The copy (app.log.1) holds the rest of the old content: a scan reads it from where this file got.
    if (this.fingerprint) this.checkpoints.rememberCopy(this.fingerprint, this.emitted, this.source.path);
    this.events.report(`devsmith ship: ${this.source.path} was truncated; reading it again from the start`);
    this.fingerprint = null;
    this.replay = [];
    this.readPos = this.emitted = 0;
    this.window.reset(0);
    this.reset(0);
    this.batch = this.newBatch(0);
    this.checkpoints.set(this.id, { path: this.source.path, fingerprint: null, offset: 0 });
  }

  private reset(offset: number): void {
    this.splitter = new LineSplitter(offset, this.settings.maxLineBytes);
    this.docker = new DockerDecoder(offset, this.settings.maxLineBytes);
    this.joiner = new MultilineJoiner(this.source.format === 'json' ? 'none' : this.source.multiline);
  }
}
