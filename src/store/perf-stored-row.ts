/**
 * A performance aggregate row as both stores read it. Its sketch stays encoded (SQLite's binary BLOB, PostgreSQL's
 * bigint[] as `sketch::text` (src/perf/sketch-array.ts), or the JSON text of SQLite rows written before the binary
 * form): src/perf/stats.ts sums it as it decodes (a routes table over 24 h sums thousands of rows), and it
 * becomes an object only when `sketch` is read.
 */
import type { PerfRow } from './perf-types.js';
import { parseSketch, type Sketch } from '../perf/sketch.js';

export class StoredPerfRow implements PerfRow {
  readonly t: number;
  readonly service: string;
  readonly kind: PerfRow['kind'];
  readonly route: string;
  readonly method: string;
  readonly version: string;
  readonly environment: string;
  readonly n: number;
  readonly errors: number;
  readonly sumMs: number;
  readonly maxMs: number;
  readonly encoded: Uint8Array | string | undefined;
  #sketch: Sketch | undefined;

  /** `r`: a row of the perf_minutes/perf_hours columns with the bucket as `t` (PostgreSQL's bigints as strings). */
  constructor(r: any, readonly grainMs: number) {
    this.t = Number(r.t) * grainMs;
    this.service = r.service;
    this.kind = r.kind;
    this.route = r.route;
    this.method = r.method;
    this.version = r.version;
    this.environment = r.environment;
    this.n = Number(r.n);
    this.errors = Number(r.errors);
    this.sumMs = r.sum_ms;
    this.maxMs = r.max_ms;
    this.encoded = r.sketch instanceof Uint8Array || typeof r.sketch === 'string' ? r.sketch : undefined;
  }

  get sketch(): Sketch {
    return (this.#sketch ??= parseSketch(this.encoded));
  }
}
