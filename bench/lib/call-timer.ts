/**
 * Times calls of a store's methods on the calling (main) thread: calls, total and longest wait per method. Used
 * to see where a job beside ingestion spends the main thread's time (e.g. the pattern upkeep's reads and saves,
 * synchronous on SQLite) and how long each ingest round trip waits. `reset()` starts a new tally.
 */
/** `rows`: the array lengths the calls returned (e.g. the rows the upkeep read). */
export interface CallTally { calls: number; ms: number; maxMs: number; rows: number }

export function timeCalls<T extends object>(target: T, names: Array<keyof T & string>): { tally: Map<string, CallTally>; reset(): void } {
  const tally = new Map<string, CallTally>();
  for (const name of names) {
    const original = (target[name] as (...a: unknown[]) => Promise<unknown>).bind(target);
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: async (...args: unknown[]) => {
        const t0 = performance.now();
        let rows = 0;
        try {
          const result = await original(...args);
          if (Array.isArray(result)) rows = result.length;
          return result;
        } finally {
          const ms = performance.now() - t0;
          const t = tally.get(name) ?? { calls: 0, ms: 0, maxMs: 0, rows: 0 };
          t.rows += rows;
          t.calls++;
          t.ms += ms;
          t.maxMs = Math.max(t.maxMs, ms);
          tally.set(name, t);
        }
      },
    });
  }
  return { tally, reset: () => tally.clear() };
}

export const describeTally = (tally: Map<string, CallTally>): string =>
  [...tally].map(([name, t]) => `${name} ${t.calls}x${t.rows ? ` ${t.rows} rows` : ''} ${Math.round(t.ms)} ms (max ${Math.round(t.maxMs)})`).join(', ');
