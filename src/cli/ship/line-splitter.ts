/**
 * Bytes of a file → lines with the byte offset just past each one (the offset a checkpoint may name). A line
 * waits for its newline; one longer than `maxLineBytes` is cut into pieces at UTF-8 character boundaries, each
 * marked with its part number and the offset where the line began, so a 10 MB line reaches the server whole,
 * in order, within the entry limit, and memory stays bounded.
 */

export interface RawLine {
  text: string;
  /** Offset just past this line (its newline included) or piece. */
  end: number;
  /** Set on the pieces of a line that was too long for one entry. */
  split?: { line_offset: number; part: number; last: boolean };
  /** Docker json-file: the time and stream the runtime recorded. */
  time?: string;
  stream?: string;
}

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Offset of the first pending byte. */
  private pendingStart: number;
  /** Pieces already emitted for the line being read (0 when none). */
  private parts = 0;
  private lineStart: number;

  constructor(start: number, private readonly maxLineBytes: number) {
    this.pendingStart = start;
    this.lineStart = start;
  }

  /** Bytes read but not yet part of a complete line. */
  get partialBytes(): number {
    return this.pendingBytes;
  }

  /** `chunk` holds the bytes that follow everything pushed so far. */
  push(chunk: Buffer, out: RawLine[]): void {
    let pos = 0;
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      const line = this.pendingBytes ? Buffer.concat([...this.pending, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl);
      const end = this.pendingStart + this.pendingBytes + (nl - pos) + 1;
      this.emit(line, end, true, out);
      this.pending = [];
      this.pendingBytes = 0;
      this.pendingStart = end;
      this.lineStart = end;
      this.parts = 0;
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      const rest = chunk.subarray(pos);
      this.pending.push(Buffer.from(rest)); // a copy: the caller reuses its read buffer
      this.pendingBytes += rest.length;
    }
    while (this.pendingBytes > this.maxLineBytes) this.cutPiece(out);
  }

  /** Emits the unterminated rest as a line (the file is idle or rotated away: the newline is not coming). */
  flushPartial(out: RawLine[]): void {
    if (!this.pendingBytes) return;
    const end = this.pendingStart + this.pendingBytes;
    this.emit(Buffer.concat(this.pending), end, true, out);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingStart = end;
    this.lineStart = end;
    this.parts = 0;
  }

  private cutPiece(out: RawLine[]): void {
    const all = Buffer.concat(this.pending);
    let cut = this.maxLineBytes;
    while (cut > 0 && (all[cut]! & 0xc0) === 0x80) cut--; // never split a UTF-8 character
    const end = this.pendingStart + cut;
    this.emit(all.subarray(0, cut), end, false, out);
    this.pending = [all.subarray(cut)];
    this.pendingBytes = all.length - cut;
    this.pendingStart = end;
  }

  private emit(bytes: Buffer, end: number, last: boolean, out: RawLine[]): void {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!last || this.parts > 0) {
      this.parts++;
      out.push({ text, end, split: { line_offset: this.lineStart, part: this.parts, last } });
      return;
    }
    out.push({ text, end });
  }
}
