/** The multi-line strings of a context (error stacks, SQL, payloads), to show as text rather than one escaped line. */
export function multilineValues(value: unknown, path = '', depth = 0, out: Array<{ path: string; text: string }> = []) {
  if (depth > 8 || out.length >= 10) return out;
  if (typeof value === 'string') {
    if (value.includes('\n') && path) out.push({ path, text: value });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) multilineValues(item, path ? `${path}.${key}` : key, depth + 1, out);
  }
  return out;
}
