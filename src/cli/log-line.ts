/**
 * One line of program output → one log entry. JSON lines (pino, bunyan, structlog, slog...) keep their
 * fields; plain lines get a level only when one is written as a level (word boundaries, never substrings:
 * "0 errors found" is not an error, "ERROR: x", "[warn]" and "level=error" are).
 */
import { parseLevel } from '../ingest/levels.js';
import type { Level } from '../store/types.js';

export interface OutgoingLog {
  level: Level;
  message: string;
  timestamp: string | number;
  context?: Record<string, unknown>;
  trace_id?: string;
  span_id?: string;
}

const PINO_LEVELS: Record<number, Level> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const MESSAGE_KEYS = ['message', 'msg', 'event'] as const;
const LEVEL_KEYS = ['level', 'severity', 'lvl'] as const;
const TIME_KEYS = ['timestamp', 'time', 'ts', '@timestamp'] as const;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const KEY_VALUE = /\b(?:level|lvl|severity|loglevel)\s*[=:]\s*["']?([A-Za-z]+)/i;
const BRACKETED = /[[(<]\s*([A-Za-z]+)\s*[\])>]/g;
// A whole word: letters with no letter, digit, underscore or hyphen on either side ("error-free" is not one).
const WORD = /(?<![\w-])[A-Za-z]+(?![\w-])/g;
/** Words that name a level in running text; "log", "http" or "alert" are level aliases but ordinary words too. */
const TEXT_WORDS = new Set(['trace', 'debug', 'dbg', 'info', 'notice', 'warn', 'warning', 'error', 'err', 'severe', 'fatal', 'critical', 'crit', 'panic']);
/** In lower case mid-sentence, only these still count: they raise severity, the others would hide it. */
const PROSE_WORDS = new Set(['error', 'warning', 'warn', 'fatal', 'critical', 'panic']);

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

/**
 * The level a plain line states, or null. In order: `level=x`; `[x]`; a first word that is shouted or ends
 * in a colon (`ERROR x`, `warning: x`, `INFO:root:x`); a shouted level word anywhere; error/warning/fatal... as
 * a word anywhere.
 */
export function detectLevel(line: string): Level | null {
  const kv = KEY_VALUE.exec(line);
  if (kv && parseLevel(kv[1])) return parseLevel(kv[1]);
  for (const m of line.matchAll(BRACKETED)) {
    const level = parseLevel(m[1]);
    if (level) return level;
  }
  let first = true;
  for (const m of line.matchAll(WORD)) {
    const word = m[0];
    const lower = word.toLowerCase();
    const shouted = word.length >= 3 && word === word.toUpperCase();
    const colon = line[m.index + word.length] === ':';
    if (TEXT_WORDS.has(lower) && (shouted || (first && colon) || PROSE_WORDS.has(lower))) return parseLevel(lower);
    first = false;
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function levelValue(v: unknown): Level | null {
  return typeof v === 'number' ? (PINO_LEVELS[v] ?? null) : parseLevel(v);
}

function firstKey(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return keys.find((k) => obj[k] !== undefined && obj[k] !== null);
}

// One pass over the keys, no copies or deletes: the file agent parses every line of a file with this.
function fromJson(obj: Record<string, unknown>, raw: string, fallback: Level, now: string): OutgoingLog {
  const messageKey = MESSAGE_KEYS.find((k) => typeof obj[k] === 'string');
  const levelKey = firstKey(obj, LEVEL_KEYS);
  const level = levelKey ? levelValue(obj[levelKey]) : null;
  const timeKey = TIME_KEYS.find((k) => typeof obj[k] === 'string' || typeof obj[k] === 'number');
  const out: OutgoingLog = {
    level: level ?? fallback,
    message: messageKey ? (obj[messageKey] as string) : raw,
    timestamp: timeKey ? (obj[timeKey] as string | number) : now,
  };
  let context: Record<string, unknown> | undefined;
  let nested: Record<string, unknown> | undefined;
  for (const key in obj) {
    if (key === messageKey || key === timeKey || (level !== null && key === levelKey)) continue;
    const value = obj[key];
    if ((key === 'trace_id' || key === 'span_id') && typeof value === 'string') out[key] = value;
    else if (key === 'context' && isObject(value)) nested = value;
    else if (key === '__proto__') Object.defineProperty((context ??= {}), key, { value, enumerable: true, writable: true, configurable: true });
    else (context ??= {})[key] = value;
  }
  if (nested) context = { ...context, ...nested };
  if (context && Object.keys(context).length) out.context = context;
  return out;
}

/** `fallback` is the level of a line that states none (INFO for stdout, WARN for stderr under `run`). */
export function toLog(line: string, fallback: Level, now = new Date().toISOString()): OutgoingLog {
  const text = stripAnsi(line).replace(/\r$/, '');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (isObject(parsed)) return fromJson(parsed, trimmed, fallback, now);
    } catch {
      /* not JSON after all: a plain line */
    }
  }
  return { level: detectLevel(text) ?? fallback, message: text, timestamp: now };
}
