/** Quotas and usage count by UTC day: day numbers are floor(epoch ms / 86,400,000). */
export const DAY_MS = 86_400_000;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Milliseconds from `ms` to the next UTC midnight (never 0: at midnight itself, a whole day). */
export const msToMidnight = (ms: number): number => (dayOf(ms) + 1) * DAY_MS - ms;

/** `2026-12-02` for a day number. */
export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
