/**
 * The `devsmith ship` agent: every `scanMs` it expands the sources' globs (new files are picked up), starts a
 * FileTail for each file not yet read (known by device+inode, resumed from its checkpoint) and marks the
 * files no watched path leads to any more (rotated away, deleted) so their tails finish and close. It only
 * opens outbound connections. `stop()` (SIGTERM) lets every tail send what it holds and checkpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { BatchTarget } from '../post-batch.js';
import { BatchSender, sleep } from './batch-sender.js';
import { Checkpoints, fingerprintOfFile, isRotationOf, type ByteRange } from './checkpoints.js';
import { containerService, isDockerLog } from './docker.js';
import { FileTail, type TailSettings } from './file-tail.js';
import type { Format } from './formats.js';
import type { Multiline } from './multiline.js';

export interface SourceConfig {
  paths: string[];
  format: Format;
  service?: string;
  multiline: Multiline;
}

export interface AgentConfig {
  target: BatchTarget;
  stateDir: string;
  sources: SourceConfig[];
  settings: TailSettings;
  scanMs: number;
}

// Rotated files that logrotate compressed: their lines were read before compression, under the plain name.
const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4)$/;

const PRUNE_EVERY_MS = 3_600_000;
/** A file no glob has found for a week (and whose checkpoint did not move) is taken as deleted. */
const FORGET_AFTER_MS = 7 * 86_400_000;

type Start = { offset: number; fingerprint: string | null; pending?: ByteRange[] };

export class ShipAgent {
  sent = 0;
  replayed = 0;
  fatalReason: string | null = null;
  private readonly tails = new Map<string, { tail: FileTail; done: Promise<void> }>();
  private readonly controller = new AbortController();
  private readonly checkpoints: Checkpoints;
  private readonly sender: BatchSender;
  private lastPrune = 0;

  constructor(private readonly config: AgentConfig, private readonly report: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
    this.checkpoints = new Checkpoints(config.stateDir);
    this.sender = new BatchSender(config.target, this.controller.signal, report);
  }

  stop(): void {
    this.controller.abort();
  }

  async run(): Promise<void> {
    while (!this.controller.signal.aborted) {
      this.scan();
      await sleep(this.config.scanMs, this.controller.signal);
    }
    await Promise.all([...this.tails.values()].map((t) => t.done));
  }

  /** Files currently being read (for status lines and tests). */
  get reading(): number {
    return this.tails.size;
  }

  private scan(): void {
    const seen = new Set<string>();
    for (const source of this.config.sources) {
      let files: string[];
      try {
        files = listFiles(source.paths);
      } catch (err) {
        this.report(`devsmith ship: cannot list ${source.paths.join(', ')}: ${(err as Error).message}`);
        continue;
      }
      for (const file of files.sort()) {
        if (COMPRESSED.test(file)) continue;
        let st: fs.Stats;
        try {
          st = fs.statSync(file);
        } catch {
          continue; // gone between listing and stat
        }
        const id = `${st.dev}:${st.ino}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const existing = this.tails.get(id);
        if (existing) {
          existing.tail.live = true;
          continue;
        }
        const start = this.startOf(id, file, st.size);
        if (start) this.startTail(id, file, source, start);
      }
    }
    for (const [id, { tail }] of this.tails) if (!seen.has(id)) tail.live = false;
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      this.checkpoints.prune(seen, FORGET_AFTER_MS);
    }
  }

  /** Where to start reading a file not being read: its checkpoint, the copy rule, or 0; null to skip it. */
  private startOf(id: string, file: string, size: number): Start | null {
    const fingerprint = fingerprintOfFile(file);
    const saved = this.checkpoints.get(id);
    if (saved && saved.offset <= size && (saved.fingerprint === fingerprint || saved.fingerprint === null)) {
      return { offset: saved.offset, fingerprint, pending: saved.pending };
    }
    if (fingerprint) {
      // A rotated copy (copytruncate) of a file still being read: that file delivers these lines.
      for (const { tail } of this.tails.values()) if (tail.fingerprint === fingerprint && isRotationOf(file, tail.source.path)) return null;
      const copied = this.checkpoints.copyOffset(fingerprint, file);
      if (copied !== null && copied <= size) return { offset: copied, fingerprint };
    }
    return { offset: 0, fingerprint };
  }

  private startTail(id: string, file: string, source: SourceConfig, start: Start): void {
    const docker = source.format === 'docker' || (source.format === 'auto' && isDockerLog(file));
    const service = source.service ?? (docker ? containerService(file) : serviceOfFile(file));
    const context = docker ? { container: { id: path.basename(path.dirname(file)).slice(0, 12), name: service } } : { file };
    let tail: FileTail;
    try {
      tail = new FileTail(
        id,
        { path: file, format: source.format === 'docker' ? 'auto' : source.format, docker, service, multiline: source.multiline, context },
        start,
        this.config.settings,
        this.checkpoints,
        this.sender,
        {
          delivered: (stored, replayed) => (replayed ? (this.replayed += stored) : (this.sent += stored)),
          fatal: (reason) => this.fatal(reason),
          report: this.report,
        },
        this.controller.signal,
      );
    } catch (err) {
      this.report(`devsmith ship: cannot open ${file}: ${(err as Error).message}`);
      return;
    }
    const done = tail.run().then(
      () => void this.tails.delete(id),
      (err: Error) => {
        this.tails.delete(id);
        this.report(`devsmith ship: ${file}: ${err.message}; it is read again from its checkpoint at the next scan`);
      },
    );
    this.tails.set(id, { tail, done });
  }

  private fatal(reason: string): void {
    if (this.fatalReason) return;
    this.fatalReason = reason;
    this.report(`devsmith ship: ${reason}; stopping (checkpoints kept: nothing read is lost)`);
    this.stop();
  }
}

/** The files the globs match; a plain path is checked with one stat, not a directory crawl (every scan_ms). */
function listFiles(patterns: string[]): string[] {
  const literal = patterns.filter((p) => !isDynamicPattern(p));
  const dynamic = patterns.filter((p) => isDynamicPattern(p));
  const files = dynamic.length ? globSync(dynamic, { absolute: true, onlyFiles: true, dot: true }) : [];
  for (const p of literal) {
    const file = path.resolve(p);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) files.push(file);
  }
  return files;
}

/** `app.log`, `app.log.1` and `app.log-20240101` are all "app": rotations keep the service of their file. */
export function serviceOfFile(file: string): string {
  const base = path.basename(file);
  return /^(.+?)\.log(?![a-z])/.exec(base)?.[1] ?? (base.replace(/\.[^.]*$/, '') || base);
}
