/**
 * The message normaliser: the variable parts of a log line become readable placeholders, so that
 * "Payment for order 8812 failed" and "Payment for order 9 failed" share the template
 * `Payment for order <num> failed`. One regular expression, one pass; the alternatives are tried in order at
 * each position, so the more specific shapes (URL, email, timestamp, UUID, IP) come before the generic token.
 */

const MAX_INPUT = 1000;

const HEX = '[0-9a-fA-F]';
const PARTS = [
  /* 1 url    */ String.raw`\b([a-zA-Z][a-zA-Z0-9+.-]{1,15}://[^\s"'<>()[\]{}|\\^]+)`,
  /* 2 email  */ String.raw`(?<![\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,})\b`,
  /* 3 ts     */ String.raw`\b(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}\b)?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)(?![\w:])`,
  /* 4 uuid   */ `\\b(${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12})\\b`,
  /* 5 ipv4   */ String.raw`(?<![\w.])((?:\d{1,3}\.){3}\d{1,3})(?![\w.]*\w)`,
  /* 6 ipv6   */ `(?<![\\w:.])((?=[0-9a-fA-F:.]*\\d)(?=[0-9a-fA-F:.]*::|(?:[0-9a-fA-F]{1,4}:){7})(?:${HEX}{0,4}:){2,7}(?:${HEX}{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?)(?![\\w:])`,
  /* 7 str    */ String.raw`((?<!\w)"[^"\n]{0,300}"|(?<![\w'])'[^'\n]{0,300}'(?![\w']))`,
  /* 8 path   */ String.raw`((?<![\w.:/~\\-])(?:~|\.\.?)?(?:/[\w.@%+~=,-]+)+/?)`,
  /* 9 winpath*/ String.raw`(?<!\w)([A-Za-z]:\\[^\s"'<>|*?]*)`,
  /* 10 hex   */ String.raw`\b(0[xX][0-9a-fA-F]+)\b`,
  /* 11 dur   */ String.raw`(?<![\w.-])(\d+(?:\.\d+)?(?:ms|us|µs|ns|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?))\b`,
  /* 12 token */ String.raw`(?<![\w-])([\w-]*\d[\w-]*)`,
];
// Every alternative starts after a non-word character: saying it once up front lets the engine skip the
// inside of words with one check instead of twelve (most of a log line is words).
const PATTERN = new RegExp(`(?<!\\w)(?:${PARTS.join('|')})`, 'g');

/**
 * `normalizeMessage('Payment for order 8812 failed after 250ms')` → `Payment for order <num> failed after <duration>`.
 * Only the first line counts (a multi-line message carries its details below), at most 1,000 characters.
 */
export function normalizeMessage(message: string): string {
  let text = message;
  const nl = text.indexOf('\n');
  if (nl >= 0) text = text.slice(0, nl);
  if (text.length > MAX_INPUT) text = text.slice(0, MAX_INPUT);
  if (text.includes('"') || text.includes("'")) text = text.replace(QUOTED, '<str>');
  return normalizeChunks(text).trim();
}

// Quoted strings may hold spaces, so they go first, over the whole line. Then only the space-separated chunks
// that hold a digit, a slash, a backslash or an @ (every shape above has one) meet the full pattern: most of
// a log line is plain words, and a loop that skips them is most of the speed.
// (`like this' is how Ruby before 3.4 and many C tools quote)
const QUOTED = /(?<!\w)"[^"\n]{0,300}"|(?<![\w'])'[^'\n]{0,300}'(?![\w'])|(?<!\w)`[^`'\n]{0,300}['`](?!\w)/g;

function normalizeChunks(text: string): string {
  let out = '';
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    if (start > 0) out += ' ';
    if (end > start) out += normalizeChunk(text.slice(start, end));
    start = end + 1;
  }
  return out;
}

function normalizeChunk(chunk: string): string {
  let digitsOnly = true;
  let interesting = false;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (!digit) digitsOnly = false;
    if (digit || c === 47 /* / */ || c === 92 /* \ */ || c === 64 /* @ */) interesting = true;
  }
  if (!interesting) return chunk;
  if (digitsOnly) return '<num>';
  // the common shapes without the full pattern: "137)" "(9414," "user_22621" "worker-3:" (same results)
  const m = SIMPLE_CHUNK.exec(chunk);
  if (m) {
    const [, before, core, after] = m;
    if (isDigits(core)) return `${before}<num>${after}`;
    if (core.length !== 36 || !UUID.test(core)) return before + normalizeToken(core) + after;
  }
  return chunk.replace(PATTERN, replacePart);
}

const SIMPLE_CHUNK = /^([([{#]?)(\d+|[A-Za-z_][\w-]*)([)\]},;:.!?]?)$/;

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

type Group = string | undefined;
function replacePart(
  match: string, url: Group, email: Group, ts: Group, uuid: Group, ip4: Group, ip6: Group, str: Group,
  path: Group, winpath: Group, hex: Group, dur: Group, token: Group,
): string {
  if (token !== undefined) return normalizeToken(token);
  if (url !== undefined) return normalizeUrl(url);
  if (email !== undefined) return '<email>';
  if (ts !== undefined) return '<ts>';
  if (uuid !== undefined) return '<uuid>';
  if (ip4 !== undefined || ip6 !== undefined) return '<ip>';
  if (str !== undefined) return '<str>';
  if (path !== undefined) return normalizePath(path);
  if (winpath !== undefined) return '<path>';
  if (hex !== undefined) return '<hex>';
  if (dur !== undefined) return '<duration>';
  return match;
}

const NUMBER = /^-?\d+(?:\.\d+)*$/;
const HEX_ID = /^(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}$/;
const LETTER_NEXT_TO_DIGIT = /[a-zA-Z]\d|\d[a-zA-Z]/;
const DIGIT_RUN = /(?<![a-zA-Z\d])\d+/g;

/**
 * A word holding a digit: a number, a hex id, a mixed id (`ch_3MqL8x2eZvKY`, `req-8f2k3j9`), or a word with a
 * counter (`worker-3` → `worker-<num>`). Digits glued after letters stay (`v1`, `utf8`, `E11000`): they name
 * things rather than count them.
 */
export function normalizeToken(token: string): string {
  if (NUMBER.test(token)) return '<num>';
  if (HEX_ID.test(token)) return '<hex>';
  if (token.length >= 8 && LETTER_NEXT_TO_DIGIT.test(token) && countDigits(token) >= 2) return '<id>';
  return token.replace(DIGIT_RUN, '<num>');
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** A path with a file name (a dot in it) or under the home/current directory is one placeholder; a route-like path keeps its words. */
function normalizePath(path: string): string {
  const last = path.slice(path.lastIndexOf('/', path.length - 2) + 1);
  if (path[0] === '~' || path[0] === '.' || last.includes('.')) return '<path>';
  return normalizeSegments(path);
}

const SEGMENT = /[^/]+/g;
function normalizeSegments(path: string): string {
  return path.replace(SEGMENT, (segment) => {
    if (UUID.test(segment)) return '<uuid>';
    return /\d/.test(segment) ? normalizeToken(segment) : segment;
  });
}
const UUID = new RegExp(`^${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}$`);

/** Scheme and host name stay (they say which dependency failed); IPs, ports, ids in the path and query values do not. */
function normalizeUrl(url: string): string {
  const m = /^([^:]+:\/\/)(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)(:\d+)?([^?#]*)(\?[^#]*)?/.exec(url);
  if (!m) return '<url>';
  const [, scheme, host, port, path, query] = m;
  const hostText = /^\[|^[\d.]+$/.test(host) ? '<ip>' : host.replace(/(?<![a-zA-Z])\d+/g, '<num>');
  let out = scheme + hostText + (port ? ':<num>' : '') + normalizeSegments(path);
  if (query) out += query.replace(/=([^&]*)/g, (_, v: string) => (NUMBER.test(v) ? '=<num>' : '=<str>'));
  return out;
}

/** The full pattern on one chunk, without the shortcuts: the tests hold the shortcuts to the same answers. */
export const normalizeChunkWithPattern = (chunk: string): string => chunk.replace(PATTERN, replacePart);
