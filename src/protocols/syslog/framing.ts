/**
 * Splits a TCP (or TLS) byte stream into syslog messages, RFC 6587: octet counting (`LEN SP MSG`, what rsyslog
 * and syslog-ng send with their RFC 5424 outputs) or non-transparent framing (each message ends with LF, CRLF or
 * NUL). The method is decided per message, as rsyslog's receiver does: a digit starts octet counting. A message
 * longer than `maxBytes` is cut to it (the rest of it skipped), so one sender cannot make the buffer grow.
 */

export interface Frame {
  bytes: Buffer;
  /** The message was longer than the limit: these are its first `maxBytes`. */
  truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;
const LT = 0x3c; // '<': every syslog message starts with <PRI>
const MAX_LENGTH_DIGITS = 10;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function delimiterIndex(buf: Buffer): number {
  const lf = buf.indexOf(LF);
  const nul = buf.indexOf(NUL);
  if (lf < 0) return nul;
  return nul < 0 ? lf : Math.min(lf, nul);
}

export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted message still to skip. */
  private skipBytes = 0;
  /** Skipping the rest of an oversized line, up to its delimiter. */
  private skipLine = false;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held of a message not complete yet. */
  get pending(): number {
    return this.buf.length;
  }

  /** The messages completed by `chunk`. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      if (!this.skip()) break;
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
    }
    return frames;
  }

  /** The connection ended: an unterminated last message (newline framing) is still a message. */
  end(): Frame[] {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    if (this.skipLine || this.skipBytes) return [];
    const text = trimTrailing(rest);
    return text.length ? [{ bytes: text.subarray(0, this.maxBytes), truncated: text.length > this.maxBytes }] : [];
  }

  /** Discards what an oversized message left; false when the buffer ran out doing so. */
  private skip(): boolean {
    if (this.skipBytes) {
      const n = Math.min(this.skipBytes, this.buf.length);
      this.skipBytes -= n;
      this.buf = this.buf.subarray(n);
      if (this.skipBytes) return false;
    }
    if (this.skipLine) {
      const at = delimiterIndex(this.buf);
      if (at < 0) {
        this.buf = Buffer.alloc(0);
        return false;
      }
      this.skipLine = false;
      this.buf = this.buf.subarray(at + 1);
    }
    // Delimiters between messages (an LF after an octet-counted one, CRLF, keep-alive blank lines).
    let i = 0;
    while (i < this.buf.length && (this.buf[i] === LF || this.buf[i] === CR || this.buf[i] === NUL)) i++;
    if (i) this.buf = this.buf.subarray(i);
    return this.buf.length > 0;
  }

  private next(): Frame | null {
    const buf = this.buf;
    if (isDigit(buf[0])) {
      let i = 0;
      while (i < buf.length && i <= MAX_LENGTH_DIGITS && isDigit(buf[i])) i++;
      // Wait for the space after the length and the first byte of the message before deciding.
      if (i <= MAX_LENGTH_DIGITS && (i === buf.length || (buf[i] === SP && i + 1 === buf.length))) return null;
      if (buf[i] === SP && buf[i + 1] === LT) return this.counted(Number(buf.toString('latin1', 0, i)), i + 1);
    }
    const at = delimiterIndex(buf);
    if (at >= 0) {
      this.buf = buf.subarray(at + 1);
      const line = buf.subarray(0, at);
      if (line.length > this.maxBytes) return { bytes: line.subarray(0, this.maxBytes), truncated: true };
      return { bytes: trimTrailing(line), truncated: false };
    }
    if (buf.length <= this.maxBytes) return null;
    this.buf = Buffer.alloc(0);
    this.skipLine = true;
    return { bytes: buf.subarray(0, this.maxBytes), truncated: true };
  }

  private counted(length: number, start: number): Frame | null {
    const buf = this.buf;
    const kept = Math.min(length, this.maxBytes);
    if (buf.length < start + kept) return null;
    const bytes = Buffer.from(buf.subarray(start, start + kept)); // a copy: the stream's chunk is let go
    const available = buf.length - start;
    if (length <= available) {
      this.buf = buf.subarray(start + length);
    } else {
      this.skipBytes = length - available;
      this.buf = Buffer.alloc(0);
    }
    return { bytes: length > kept ? bytes : trimTrailing(bytes), truncated: length > kept };
  }
}

function trimTrailing(buf: Buffer): Buffer {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === CR || buf[end - 1] === LF || buf[end - 1] === NUL)) end--;
  return buf.subarray(0, end);
}
