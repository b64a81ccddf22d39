/**
 * A field of an Elasticsearch document by its dotted path: Elasticsearch treats `{"log.level": "x"}` and
 * `{"log": {"level": "x"}}` as the same field, and shippers send both (Filebeat nests, Fluent Bit and Vector
 * may flatten), so both are read.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` (dotted key first, then nested objects), or undefined. */
export function readPath(doc: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(doc, path)) return doc[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const head = path.slice(0, dot);
  const child = Object.hasOwn(doc, head) ? doc[head] : undefined;
  return isObject(child) ? readPath(child, path.slice(dot + 1)) : undefined;
}

/** Removes the field at `path`, and the objects it leaves empty. */
export function deletePath(doc: Record<string, unknown>, path: string): void {
  if (Object.hasOwn(doc, path)) {
    delete doc[path];
    return;
  }
  const dot = path.indexOf('.');
  if (dot < 0) return;
  const head = path.slice(0, dot);
  const child = Object.hasOwn(doc, head) ? doc[head] : undefined;
  if (!isObject(child)) return;
  deletePath(child, path.slice(dot + 1));
  if (Object.keys(child).length === 0) delete doc[head];
}

/**
 * The first of `paths` holding a string (or number) accepted by `accept`, removed from `doc` when `consume`;
 * its value as a string.
 */
export function takeString(doc: Record<string, unknown>, paths: readonly string[], opts: { consume?: boolean; accept?: (v: string) => boolean } = {}): string | undefined {
  for (const path of paths) {
    const v = readPath(doc, path);
    if ((typeof v !== 'string' && typeof v !== 'number') || v === '') continue;
    const s = String(v);
    if (opts.accept && !opts.accept(s)) continue;
    if (opts.consume ?? true) deletePath(doc, path);
    return s;
  }
  return undefined;
}
