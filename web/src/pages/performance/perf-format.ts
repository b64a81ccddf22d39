/** How the performance pages write durations, rates and changes; pure so the rules are tested without a browser. */

/** "0.4 ms", "38 ms", "1.25 s", "2.1 min"; "–" when there is no value (no requests in the range). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** Requests per minute: "0.02/min", "4.5/min", "1.2k/min". */
export function formatRate(perMin: number | null | undefined): string {
  if (perMin === null || perMin === undefined || !Number.isFinite(perMin)) return '–';
  if (perMin === 0) return '0/min';
  if (perMin < 1) return `${perMin.toFixed(2)}/min`;
  if (perMin < 100) return `${perMin.toFixed(1)}/min`;
  if (perMin < 10_000) return `${Math.round(perMin)}/min`;
  return `${(perMin / 1000).toFixed(1)}k/min`;
}

/** A 0..1 ratio as a percentage: "0 %", "0.4 %", "12 %". */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** A change as the API gives it (ratio - 1): "+40%", "−12%"; null → "". */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '';
  const pct = Math.round(change * 100);
  return pct >= 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}

/** Apdex as a score with its usual words (Apdex Alliance bands). */
export function formatApdex(apdex: number | null | undefined): string {
  if (apdex === null || apdex === undefined || !Number.isFinite(apdex)) return '–';
  return apdex.toFixed(2);
}

export function apdexTone(apdex: number | null | undefined): 'ok' | 'warn' | 'bad' | '' {
  if (apdex === null || apdex === undefined) return '';
  if (apdex >= 0.94) return 'ok';
  if (apdex >= 0.7) return 'warn';
  return 'bad';
}

/** Total time spent, the "where does the time go" column: "3.4 s", "12 min", "2.5 h". */
export function formatTotal(ms: number): string {
  if (ms < 3_600_000) return formatMs(ms);
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
