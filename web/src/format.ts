/** Formatting shared by the pages: times, relative ages, compact numbers. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * "2026-11-25 10:00:00.123" in local time (or UTC with `utc`): sortable, dense, unambiguous to the
 * millisecond. The zone is shown once, in the column head (`zoneLabel`), not on every row.
 */
export function formatTimestamp(iso: string, zone: 'local' | 'utc' = 'local'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (zone === 'utc') return d.toISOString().replace('T', ' ').replace('Z', '');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "UTC", or the local offset and zone name: "UTC+01:00 Europe/Paris" (offset at `at`, for summer time). */
export function zoneLabel(zone: 'local' | 'utc', at = Date.now()): string {
  if (zone === 'utc') return 'UTC';
  const minutes = -new Date(at).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const offset = `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return name && name !== 'UTC' ? `${offset} ${name}` : offset;
}

export function formatClock(ms: number, withDate: boolean): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withDate ? `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()} ${time}` : time;
}

/** "just now", "4m ago", "3h ago", "2d ago"; "never" for null. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const pct = (part / whole) * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** Value of a datetime-local input for an ISO time, and back. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | undefined {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "148 B", "3.4 KB", "12 MB", "1.2 GB" (binary units, as disks and `du -h` count them). */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = Math.max(0, n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // 1023.96 KB rounds up to "1024 KB": say the next unit instead.
  if (Math.round(value) >= 1024 && unit < units.length - 1) return `1.0 ${units[unit + 1]}`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
