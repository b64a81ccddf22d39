/**
 * `context.fingerprint` overrides the computed fingerprint, as in Sentry: a string or an array of strings,
 * where `{{ default }}` stands for the fingerprint the algorithm computed (so `["{{ default }}", tenant]`
 * splits a group per tenant, and `["payment-gateway-down"]` puts every such log in one group).
 */

const DEFAULT = /\{\{\s*default\s*\}\}/g;
const MAX_PARTS = 32;
const MAX_PART_LENGTH = 1000;

/** The parts of a valid custom fingerprint, or null when the log has none (or an unusable one, which is ignored). */
export function customParts(value: unknown): string[] | null {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!list || list.length === 0 || list.length > MAX_PARTS) return null;
  const parts: string[] = [];
  for (const item of list) {
    if (typeof item === 'number' && Number.isFinite(item)) parts.push(String(item));
    else if (typeof item === 'string' && item.length <= MAX_PART_LENGTH) parts.push(item);
    else return null;
  }
  return parts.some((p) => p.trim() !== '') ? parts : null;
}

/** The hash input of a custom fingerprint: the parts with `{{ default }}` replaced by the computed fingerprint. */
export function customHashInput(parts: readonly string[], computed: string): string {
  return 'custom\u0000' + parts.map((p) => p.replace(DEFAULT, computed)).join('\u0000');
}
