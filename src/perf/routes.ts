/**
 * Raw request paths to route templates, for logs that carry only the path: `/orders/123/items/5f1c...` becomes
 * `/orders/:id/items/:id`, so that every order is one route and the number of routes stays bounded.
 */
const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Hex ids (Mongo ObjectIds, hashes): 8+ hex characters with at least one digit, so words like "deadbeef" stay. */
const HEX = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Long opaque tokens (base64url ids, ULIDs): 20+ characters of letters and digits mixed. */
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

function isId(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || HEX.test(segment) || TOKEN.test(segment);
}

/** The path part of a URL or path (no scheme, host, query or fragment), ids replaced by `:id`. */
export function routeTemplate(raw: string): string {
  let path = raw.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || '/';
  const end = path.search(/[?#]/);
  if (end >= 0) path = path.slice(0, end);
  if (!path) return '/';
  return path
    .split('/')
    .map((s) => (s && isId(s) ? ':id' : s))
    .join('/');
}
