/**
 * What a Loki push is answered with when some lines were refused. Loki itself stores the valid streams and
 * answers 400 with a plain-text reason; Promtail, Alloy, Fluent Bit and Vector log that text and do not resend
 * a 4xx push, which is right here too: the valid lines are committed and a resend would duplicate them.
 */
import type { LokiEntries, Place } from './to-entries.js';

const LISTED = 50;

export interface Refusal extends Place {
  reason: string;
}

/** Refusals of the ingest pipeline (by envelope index) joined to those of decoding, in push order. */
export function refusalsOf(batch: LokiEntries, rejected: Array<{ index: number; reason: string }>): Refusal[] {
  const all: Refusal[] = [...batch.refused];
  for (const r of rejected) {
    const place = batch.places[r.index];
    if (place) all.push({ ...place, reason: r.reason });
  }
  return all.sort((a, b) => a.stream - b.stream || a.line - b.line);
}

/** The plain-text body of a partly refused push: a count, then one line per refused line (the first 50). */
export function refusalText(refusals: Refusal[], stored: number, total: number): string {
  const head = `Stored ${stored} of ${total} lines; ${refusals.length} refused (do not resend this push, the stored lines would be duplicated):`;
  const lines = refusals.slice(0, LISTED).map((r) => `stream ${r.stream} line ${r.line}: ${r.reason}`);
  if (refusals.length > LISTED) lines.push(`... and ${refusals.length - LISTED} more`);
  return `${[head, ...lines].join('\n')}\n`;
}
