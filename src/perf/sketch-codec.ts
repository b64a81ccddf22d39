/**
 * A compact binary form of a sketch (src/perf/sketch.ts) for SQLite's BLOB column: the keys in increasing
 * order as varint gaps, each with its count as a varint. A busy hour of 200 buckets takes ~500 bytes instead
 * of ~2 KB of JSON: the row stays inside its b-tree page (no overflow pages), and a commit that rewrites the
 * current minute and hour of every busy route writes a fifth of the pages to the WAL (the cost that held
 * SQLite ingest with aggregation at ~50 % of ingest without it). Exact: counts and keys are integers.
 *
 * Layout: FORMAT, zero-bucket count, number of other buckets, then per bucket (in increasing key order) the
 * key (the first zigzag-encoded, since keys below 1 ms are negative; the others as the gap to the previous key)
 * and its count. Varints hold up to 2^53 (arithmetic, not 32-bit shifts).
 */
import { ZERO_KEY, type Sketch } from './sketch.js';

const FORMAT = 1;
let scratch = new Uint8Array(4096);

function put(buf: Uint8Array, at: number, v: number): number {
  while (v >= 128) {
    buf[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[at++] = v;
  return at;
}

export function encodeSketch(s: Sketch): Buffer {
  const keys: number[] = [];
  for (const k in s) if (k !== ZERO_KEY && s[k]! > 0) keys.push(Number(k));
  keys.sort((a, b) => a - b);
  const need = 1 + 10 * (2 + 2 * keys.length);
  if (scratch.length < need) scratch = new Uint8Array(need * 2);
  let at = 0;
  scratch[at++] = FORMAT;
  at = put(scratch, at, s[ZERO_KEY] ?? 0);
  at = put(scratch, at, keys.length);
  let prev = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    at = put(scratch, at, i === 0 ? (k >= 0 ? 2 * k : -2 * k - 1) : k - prev);
    at = put(scratch, at, s[k]!);
    prev = k;
  }
  return Buffer.from(scratch.subarray(0, at)); // a copy: the scratch is reused
}

export function decodeSketch(buf: Uint8Array): Sketch {
  const out: Sketch = {};
  decodeSketchInto(buf, {
    addZero: (n) => { if (n > 0) out[ZERO_KEY] = n; },
    add: (k, n) => { out[k] = n; },
  });
  return out;
}

/** Where a decoded sketch goes: the zero bucket's count, then each other bucket in increasing key order. */
export interface SketchSink {
  addZero(n: number): void;
  add(key: number, n: number): void;
}

/** Decodes into `into` (zero count added, buckets added): a read sums stored sketches without an object each. */
export function decodeSketchInto(buf: Uint8Array, into: SketchSink): void {
  // Varints read inline (no closure per call: this runs for every row a read sums).
  if (buf[0] !== FORMAT) throw new Error(`unknown perf sketch format ${buf[0]}`);
  const end = buf.length;
  let at = 1, k = 0, n = -1, i = -2, key = 0;
  while (i < 0 || i < n) {
    let v = 0, scale = 1, b: number;
    do {
      if (at >= end) throw new Error('truncated perf sketch');
      b = buf[at++]!;
      v += (b & 127) * scale;
      scale *= 128;
    } while (b >= 128);
    // The fields in order: zero count (i = -2), number of buckets (i = -1), then key gap and count per bucket.
    if (i === -2) (into.addZero(v), i++);
    else if (i === -1) (n = v, i = 0);
    else if (k % 2 === 0) {
      key = i === 0 ? (v % 2 === 0 ? v / 2 : -(v + 1) / 2) : key + v;
      k++;
    } else {
      into.add(key, v);
      k++;
      i++;
    }
  }
}

/**
 * Decodes a sketch's JSON text (PostgreSQL's jsonb as text: `{"53": 4, "z": 1}`) into `into` without
 * JSON.parse: no object and no key string per bucket. Keys are integers or "z"; counts are numbers.
 */
export function decodeSketchJsonInto(text: string, into: SketchSink): void {
  const len = text.length;
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return;
    const qe = text.indexOf('"', q + 1);
    const colon = text.indexOf(':', qe);
    if (qe < 0 || colon < 0) throw new Error('truncated perf sketch');
    let j = colon + 1;
    while (text.charCodeAt(j) === 32) j++;
    let end = j, v = 0, integer = true;
    for (; end < len; end++) {
      const c = text.charCodeAt(end);
      if (c >= 48 && c <= 57) v = v * 10 + (c - 48);
      else if (c === 44 || c === 125 || c === 32) break; // , } or a space
      else integer = false;
    }
    if (!integer || end === j) v = Number(text.slice(j, end));
    if (qe === q + 2 && text.charCodeAt(q + 1) === 122) into.addZero(v); // "z"
    else {
      const key = Number(text.slice(q + 1, qe));
      if (!Number.isInteger(key) || !Number.isFinite(v)) throw new Error(`bad perf sketch bucket ${text.slice(q, end)}`);
      into.add(key, v);
    }
    i = end;
  }
}
