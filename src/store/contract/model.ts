/**
 * A reference model of the query semantics, in plain TypeScript, that the contract cases compare each
 * backend against: filters ANDed, newest first by (ts, id), text as word-prefix phrases.
 */
import type { LogEntry, LogFilter } from '../types.js';

const tokens = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Every whitespace-separated word (with a letter or digit) is a phrase of tokens, the last by prefix. */
export function textMatches(message: string, text: string): boolean {
  const msg = tokens(message);
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.every((w) => {
    const q = tokens(w);
    return msg.some((_, i) =>
      q.every((t, j) => (j === q.length - 1 ? (msg[i + j] ?? '').startsWith(t) : msg[i + j] === t)),
    );
  });
}

function contextValue(ctx: Record<string, unknown>, path: string): string | null {
  let v: unknown = ctx;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return null;
    v = (v as Record<string, unknown>)[k];
  }
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function modelMatches(e: LogEntry, f: LogFilter): boolean {
  const ts = Date.parse(e.timestamp);
  return (
    f.projectIds.includes(e.projectId) &&
    (!f.services?.length || f.services.includes(e.service)) &&
    (!f.levels?.length || f.levels.includes(e.level)) &&
    (f.from === undefined || ts >= f.from) &&
    (f.to === undefined || ts < f.to) &&
    Object.entries(f.context ?? {}).every(([p, v]) => contextValue(e.context, p) === v) &&
    (f.text === undefined || textMatches(e.message, f.text))
  );
}

/** Newest first by (ts, id); ids compared as 64-bit integers. */
export function newestFirst(a: LogEntry, b: LogEntry): number {
  const d = Date.parse(b.timestamp) - Date.parse(a.timestamp);
  if (d !== 0) return d;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x < y ? 1 : -1;
}
