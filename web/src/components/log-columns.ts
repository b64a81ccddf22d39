/** Extra list columns (context fields) and the permalink of a log line. */
import type { LogEntry } from '../api/types';

const BASE_COLUMNS = ['176px', '58px', '140px'];

/** The list's grid: time, level, service, one column per chosen field, then the message. */
export function gridColumns(extra: number): string {
  return [...BASE_COLUMNS, ...Array.from({ length: extra }, () => 'minmax(60px, 130px)'), 'minmax(0, 1fr)'].join(' ');
}

/** A field of the log as text: `ctx.a.b` walks the context; objects are shown as JSON; absent is undefined. */
export function columnValue(log: LogEntry, path: string): string | undefined {
  if (!path.startsWith('ctx.')) {
    const value = (log as unknown as Record<string, unknown>)[path === 'env' ? 'environment' : path];
    return value === null || value === undefined ? undefined : String(value);
  }
  let value: unknown = log.context;
  for (const key of path.slice(4).split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === null || value === undefined) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function permalink(id: string): string {
  return `${window.location.origin}/explore/log/${encodeURIComponent(id)}`;
}
