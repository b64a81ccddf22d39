/** The last queries run, newest first, kept in localStorage for the query bar's suggestions. */
const KEY = 'devsmith.recentQueries';
const MAX = 15;

export function recentQueries(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((q): q is string => typeof q === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberQuery(q: string): void {
  const text = q.trim();
  if (!text) return;
  try {
    localStorage.setItem(KEY, JSON.stringify([text, ...recentQueries().filter((r) => r !== text)].slice(0, MAX)));
  } catch {
    // private mode or full storage: suggestions just have no history
  }
}
