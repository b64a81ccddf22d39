/**
 * Pre-masking before Drain (like VictoriaLogs `collapse_nums`): values that vary between lines of the same
 * event (numbers, hex, uuids, ips, quoted strings, durations, times) become `<*>` before the tree sees them,
 * so Drain spends its similarity budget on words, not on ids.
 */
export const WILDCARD = '<*>';

// Order matters: the longer shapes go first, so that a uuid is not cut into numbers and hex.
const MASKS: RegExp[] = [
  // Quoted single values ("bob", 'psql'); a quoted phrase stays words ("GET /api HTTP/1.1" tells events apart).
  // A quoted JSON key ("msg":) is not a value.
  /(?<=^|[\s=:(\[,{])"(?:[^"\\\s]|\\.){0,200}"(?!\s*:)/g,
  /(?<=^|[\s=:(\[,{])'(?:[^'\\\s]|\\.){0,200}'(?!\s*:)/g,
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, // ISO times
  /\b\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?/g, // nginx/apache times
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, // uuids
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, // IPv4 (with port)
  /\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b/g, // IPv6 (full forms)
  /\b0x[0-9a-fA-F]+\b/g, // 0x hex
  /\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, // hex ids, hashes (a digit and a letter)
  /\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|KB|MB|GB|kB|B|%)(?![A-Za-z])/g, // durations and sizes
  /(?<![A-Za-z])[-+]?\d+(?:\.\d+)?(?![A-Za-z])/g, // numbers not glued to letters (v2, sha1 stay)
];

/** The message with its variable values replaced by `<*>`; runs of wildcards stay apart per token. */
export function maskMessage(message: string): string {
  const s = message.length > 2_000 ? message.slice(0, 2_000) : message;
  // One pass of one alternation (the shapes in order) instead of one pass per shape.
  return s.replace(ALL, WILDCARD);
}

// The lookahead is where any shape can start: a quote, a digit or a sign, or a hex letter at a word start (every
// shape that starts with a letter starts with \b). At every other position (most of a line, the inside of
// words included) the engine fails at once instead of trying eleven alternatives.
const ALL = new RegExp(`(?=["'0-9+-]|\\b[a-fA-F])(?:${MASKS.map((re) => `(?:${re.source})`).join('|')})`, 'g');
const SPACES = /\s+/;
const OTHER_SPACE = /[^\S ]/;
const WILD_ONLY = /^(?:<\*>[^A-Za-z<]{0,2})+$/;

/** Masked message split on whitespace; a token made only of wildcards and punctuation is one wildcard. */
export function tokenize(message: string): string[] {
  const out: string[] = [];
  const masked = maskMessage(message);
  // Splitting on ' ' is several times cheaper than on /\s+/; the same tokens unless other whitespace is there.
  for (const t of OTHER_SPACE.test(masked) ? masked.split(SPACES) : masked.split(' ')) {
    if (!t) continue;
    // includes() first: most tokens are words, and the test is the costly part.
    out.push(t.includes(WILDCARD) && WILD_ONLY.test(t) ? normalizeWild(t) : t);
  }
  return out;
}

// "<*>," keeps its comma (it separates words), "<*>.<*>" collapses to one "<*>".
function normalizeWild(t: string): string {
  const m = /^<\*>([^A-Za-z<]?)$/.exec(t);
  return m ? t : WILDCARD;
}
