/**
 * Docker's json-file log driver: one JSON object per line, `{"log": "text\n", "stream": "stdout", "time": ...}`.
 * The daemon splits a long output line into 16 KiB pieces whose `log` lacks the trailing newline: pieces are
 * joined until the one that ends the line. The service is the container's name (config.v2.json `Name` beside
 * the log), else its short id.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RawLine } from './line-splitter.js';

/** `/var/lib/docker/containers/<id>/<id>-json.log` */
export const DOCKER_LOG = /(?:^|\/)([0-9a-f]{12,64})\/\1-json\.log$/;

export function isDockerLog(file: string): boolean {
  return DOCKER_LOG.test(file);
}

/** The container name (without Docker's leading slash), else the first 12 characters of its id. */
export function containerService(file: string): string {
  const id = DOCKER_LOG.exec(file)?.[1] ?? path.basename(path.dirname(file));
  try {
    const config = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'config.v2.json'), 'utf8')) as { Name?: unknown };
    if (typeof config.Name === 'string' && config.Name.replace(/^\//, '')) return config.Name.replace(/^\//, '');
  } catch {
    /* not readable (permissions, not Docker's layout): the id names it */
  }
  return id.slice(0, 12);
}

export class DockerDecoder {
  private partial: { text: string; time?: string; stream?: string; start: number; parts: number } | null = null;
  /** Offset where the current json-file line began (just past the previous one). */
  private lineStart: number;

  /** `maxBytes`: a line the daemon split is joined up to this size, then sent in marked pieces (bounded memory). */
  constructor(start: number, private readonly maxBytes: number) {
    this.lineStart = start;
  }

  push(line: RawLine, out: RawLine[]): void {
    const start = this.lineStart;
    this.lineStart = line.end;
    let obj: { log?: unknown; stream?: unknown; time?: unknown };
    try {
      obj = JSON.parse(line.text) as typeof obj;
    } catch {
      out.push(line); // not a json-file line: kept as it is, never dropped
      return;
    }
    if (typeof obj.log !== 'string') {
      out.push(line);
      return;
    }
    const time = typeof obj.time === 'string' ? obj.time : undefined;
    const stream = typeof obj.stream === 'string' ? obj.stream : undefined;
    const p = (this.partial ??= { text: '', time, stream, start, parts: 0 });
    if (p.text && Buffer.byteLength(p.text) + Buffer.byteLength(obj.log) > this.maxBytes) {
      p.parts++;
      out.push({ text: p.text, end: start, time: p.time, stream: p.stream, split: { line_offset: p.start, part: p.parts, last: false } });
      p.text = '';
    }
    p.text += obj.log;
    if (!obj.log.endsWith('\n') && !line.split) return;
    this.partial = null;
    const text = p.text.replace(/\r?\n$/, '');
    const split = p.parts ? { line_offset: p.start, part: p.parts + 1, last: true } : undefined;
    out.push({ text, end: line.end, time: p.time, stream: p.stream, ...(split && { split }) });
  }

  /** The file ended inside a split line: what was read is a line of its own. */
  flush(out: RawLine[], end: number): void {
    if (!this.partial) return;
    out.push({ text: this.partial.text, end, time: this.partial.time, stream: this.partial.stream });
    this.partial = null;
  }
}
