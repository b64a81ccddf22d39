/**
 * Store types of the performance aggregates (issue 14, src/perf): per project, service, route or operation,
 * method, version, environment and minute, the count, errors, total and max ms and a latency sketch
 * (src/perf/sketch.ts: bucket key -> count). Both stores keep minutes and hours, written in the commit of
 * the rows; a read takes whole hours from the hours and the rest from the minutes.
 */
import type { Sketch } from '../perf/sketch.js';
import type { PerfKind } from '../perf/conventions.js';

/** What one commit adds to one (project, minute, series); '' for no method, version or environment. */
export interface PerfDelta {
  projectId: number;
  minute: number; // epoch minutes (ts / 60 000)
  service: string;
  kind: PerfKind;
  route: string;
  method: string;
  version: string;
  environment: string;
  n: number;
  errors: number;
  sumMs: number;
  maxMs: number;
  sketch: Sketch;
}

/** One stored minute or hour of one series. */
export interface PerfRow {
  /** Start, epoch ms. */
  t: number;
  /** 60 000 (a minute row) or 3 600 000 (an hour row). */
  grainMs: number;
  service: string;
  kind: PerfKind;
  route: string;
  method: string;
  version: string;
  environment: string;
  n: number;
  errors: number;
  sumMs: number;
  maxMs: number;
  sketch: Sketch;
  /**
   * The sketch as the store returned it, when the store gives it so: binary (SQLite, src/perf/sketch-codec.ts)
   * or JSON text. A read that sums rows adds it without building the `sketch` object (which such a row then
   * makes only when asked).
   */
  encoded?: Uint8Array | string;
}

export interface PerfQuery {
  projectId: number;
  /** Epoch ms, whole minutes: [from, to). */
  from: number;
  to: number;
  service?: string;
  route?: string;
  environment?: string;
  versions?: string[];
  /** Minute rows only (a chart with steps shorter than an hour); else whole hours come from the hour rows. */
  minutesOnly?: boolean;
}

export interface PerfStore {
  /** The stored rows of the series matching the query over [from, to). */
  perfRows(q: PerfQuery): Promise<PerfRow[]>;
}
