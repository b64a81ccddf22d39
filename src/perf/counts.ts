/**
 * A sketch being summed on a read (src/perf/stats.ts): the counts of consecutive integer bucket keys in one
 * Float64Array, so that merging thousands of stored minutes and hours is an add per key (no object per
 * merged sketch, no string keys), and a stored binary sketch (sketch-codec.ts) is added without being decoded
 * into an object first. Exact: counts are integers (a double holds them exactly up to 2^53).
 */
import { decodeSketchInto, decodeSketchJsonInto } from './sketch-codec.js';
import { decodeSketchArrayInto, isSketchArrayText } from './sketch-array.js';
import { bucketValueOfKey, ZERO_KEY, type Sketch } from './sketch.js';

/** Room added on each side when the array grows: a route's keys span a few hundred buckets at most. */
const SLACK = 64;

export class Counts {
  /** Durations in the zero bucket (< 1 µs). */
  zero = 0;
  /** Key of counts[0]. */
  private lo = 0;
  private counts = new Float64Array(0);

  addZero(n: number): void {
    this.zero += n;
  }

  add(key: number, n: number): void {
    let i = key - this.lo;
    if (i < 0 || i >= this.counts.length) i = this.grow(key);
    this.counts[i]! += n;
  }

  addSketch(s: Sketch): this {
    for (const k in s) {
      if (k === ZERO_KEY) this.zero += s[k]!;
      else this.add(Number(k), s[k]!);
    }
    return this;
  }

  /** A stored sketch, summed as it is read: binary (SQLite), array text (PostgreSQL) or JSON text (older SQLite rows). */
  addEncoded(encoded: Uint8Array | string): this {
    if (typeof encoded !== 'string') decodeSketchInto(encoded, this);
    else if (isSketchArrayText(encoded)) decodeSketchArrayInto(encoded, this);
    else decodeSketchJsonInto(encoded, this);
    return this;
  }

  addCounts(o: Counts): this {
    this.zero += o.zero;
    for (let i = 0; i < o.counts.length; i++) if (o.counts[i]) this.add(o.lo + i, o.counts[i]!);
    return this;
  }

  /** Returns the index of key after making room for it. */
  private grow(key: number): number {
    const empty = this.counts.length === 0;
    // Sketches are added lowest key first: a new array leaves most room above.
    const hi = empty ? key + 1 + 4 * SLACK : Math.max(this.lo + this.counts.length, key + 1 + SLACK);
    const lo = empty ? key - SLACK : Math.min(this.lo, key - SLACK);
    const next = new Float64Array(hi - lo);
    if (!empty) next.set(this.counts, this.lo - lo);
    this.lo = lo;
    this.counts = next;
    return key - lo;
  }

  total(): number {
    let t = this.zero;
    for (let i = 0; i < this.counts.length; i++) t += this.counts[i]!;
    return t;
  }

  /** As sketch.ts's quantiles (same ranks, same bucket values), on the summed counts. */
  quantiles(qs: readonly number[]): Array<number | null> {
    const total = this.total();
    if (total === 0) return qs.map(() => null);
    return qs.map((q) => {
      const rank = q * (total - 1);
      let seen = this.zero;
      if (seen > rank) return 0;
      let last = -1;
      for (let i = 0; i < this.counts.length; i++) {
        if (!this.counts[i]) continue;
        seen += this.counts[i]!;
        last = i;
        if (seen > rank) return bucketValueOfKey(this.lo + i);
      }
      return last < 0 ? 0 : bucketValueOfKey(this.lo + last);
    });
  }

  /** As sketch.ts's apdexCounts. */
  apdexCounts(t: number): { satisfied: number; tolerating: number; total: number } {
    let satisfied = this.zero, tolerating = 0, total = this.zero;
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts[i]!;
      if (!n) continue;
      const v = bucketValueOfKey(this.lo + i);
      total += n;
      if (v <= t) satisfied += n;
      else if (v <= 4 * t) tolerating += n;
    }
    return { satisfied, tolerating, total };
  }

  toSketch(): Sketch {
    const out: Sketch = {};
    if (this.zero > 0) out[ZERO_KEY] = this.zero;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) out[this.lo + i] = this.counts[i]!;
    return out;
  }
}
