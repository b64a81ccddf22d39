/** Error rows for the error group contract cases: a row carrying a grouping as ingest computes it. */
import type { Grouping } from '../../grouping/index.js';
import type { Level, LogRow } from '../types.js';
import { row } from './harness.js';

export const FP_A = 'a'.repeat(32);
export const FP_B = 'b'.repeat(32);
export const FP_C = 'c'.repeat(32);
export const HOUR = 3_600_000;

export function grouping(fingerprint: string, over: Partial<Grouping> = {}): Grouping {
  return { fingerprint, legacy: [], title: `TypeError: failure ${fingerprint.slice(0, 4)}`, culprit: 'src/cart.js in addItem', type: 'TypeError', ...over };
}

export function errorRow(projectId: number, fingerprint: string, over: Partial<LogRow> & { level?: Level } = {}): LogRow {
  return row(projectId, { level: 'ERROR', message: 'boom', group: grouping(fingerprint), ...over });
}
