/**
 * Opt-in timings of the writer thread's steps, to find what an ingest commit waited for (issue 13: no ingest
 * stall over 50 ms while retention runs). `DEVSMITH_SQLITE_TRACE_MS=15` writes every step that took 15 ms or
 * more to stderr with the wall-clock time it ended; unset (the default), a step costs one comparison.
 */
const thresholdMs = Number(process.env.DEVSMITH_SQLITE_TRACE_MS ?? 0) || 0;

export const stepTraceMs = thresholdMs;

export function traced<T>(label: string, fn: () => T, detail?: (result: T) => string): T {
  if (!thresholdMs) return fn();
  const started = performance.now();
  let result: T | undefined;
  try {
    result = fn();
    return result;
  } finally {
    const ended = performance.now();
    if (ended - started >= thresholdMs) {
      const more = detail && result !== undefined ? ` ${detail(result)}` : '';
      process.stderr.write(`sqlite step: ${label} ${(ended - started).toFixed(1)} ms, ended ${wallClock(ended)}${more}\n`);
    }
  }
}

/** HH:MM:SS.mmm of a performance.now() reading: lines of several threads sort by it. */
export function wallClock(perfNow: number): string {
  return new Date(performance.timeOrigin + perfNow).toISOString().slice(11, 23);
}
