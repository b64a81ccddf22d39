/**
 * PostgreSQL's form of a sketch (src/perf/sketch.ts): a bigint[] whose subscripts are the bucket keys, as its
 * text `[70:74]={3,NULL,1,2,5}` (key 70 holds 3, key 71 none, ...; the bounds are left out when the lowest
 * key is 1). The server adds a commit's delta into the stored array in place, key by key
 * (devsmith_sketch_add, migration 13), and a read sums the text as it scans it: no object per row.
 * Keys of durations >= 1 µs are >= -172; the zero bucket (< 1 µs) is kept at subscript ZERO_SUBSCRIPT, just
 * below them, so that it costs no gap of NULLs.
 */
import type { SketchSink } from './sketch-codec.js';
import { ZERO_KEY, type Sketch } from './sketch.js';

/** The zero bucket's subscript (migration 13 uses the same number). */
export const ZERO_SUBSCRIPT = -173;

/** The array literal of a sketch; gaps between keys are NULLs. */
export function sketchArrayLiteral(s: Sketch): string {
  let lo = Infinity, hi = -Infinity;
  for (const k in s) {
    const sub = k === ZERO_KEY ? ZERO_SUBSCRIPT : Number(k);
    if (sub < lo) lo = sub;
    if (sub > hi) hi = sub;
  }
  if (lo > hi) return '{}';
  let out = `[${lo}:${hi}]={`;
  for (let i = lo; i <= hi; i++) {
    const n = i === ZERO_SUBSCRIPT ? s[ZERO_KEY] : s[i];
    if (i > lo) out += ',';
    out += n === undefined ? 'NULL' : String(n);
  }
  return out + '}';
}

/** Whether a sketch's text is this array form, not JSON (`{"53": 4}`: SQLite rows of older versions). */
export function isSketchArrayText(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 91 || (c === 123 && text.charCodeAt(1) !== 34); // '[', or '{' not followed by '"'
}

/** Adds the array text's buckets into `into`, in increasing key order, without splitting the text. */
export function decodeSketchArrayInto(text: string, into: SketchSink): void {
  let i = 0, key = 1;
  if (text.charCodeAt(0) === 91) {
    const colon = text.indexOf(':');
    key = Number(text.slice(1, colon));
    i = text.indexOf('=', colon);
    if (!Number.isInteger(key) || i < 0) throw new Error(`bad perf sketch ${text.slice(0, 40)}`);
    i++;
  }
  if (text.charCodeAt(i) !== 123) throw new Error(`bad perf sketch ${text.slice(0, 40)}`);
  i++;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 125) return; // }
    if (c === 78) i += 4; // NULL: no count for this key
    else {
      let v = 0, j = i;
      for (; j < len; j++) {
        const d = text.charCodeAt(j);
        if (d < 48 || d > 57) break;
        v = v * 10 + (d - 48);
      }
      if (j === i) throw new Error(`bad perf sketch ${text.slice(0, 40)}`);
      if (key === ZERO_SUBSCRIPT) into.addZero(v);
      else into.add(key, v);
      i = j;
    }
    if (text.charCodeAt(i) === 44) (i++, key++); // ,
  }
  throw new Error('truncated perf sketch');
}
