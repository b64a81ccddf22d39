/**
 * One text line of a log file → one log entry, by format: JSON lines keep their fields (log-line.ts), logfmt
 * pairs become fields, nginx/Apache combined access lines become `context.http`, plain lines get the level
 * they state and their leading timestamp. `auto` picks per line, in that order.
 */
import type { Level } from '../../store/types.js';
import { detectLevel, stripAnsi, toLog, type OutgoingLog } from '../log-line.js';

export const FORMATS = ['auto', 'json', 'logfmt', 'nginx', 'apache', 'plain', 'docker'] as const;
export type Format = (typeof FORMATS)[number];

// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ["$http_referer" "$http_user_agent"]
const COMBINED = /^(\S+) \S+ (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$/;
const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };
const CLF_TIME = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;
const LOGFMT_PAIR = /([\w.@/-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;
const LOGFMT_LINE = /^\s*(?:[\w.@/-]+=(?:"(?:[^"\\]|\\.)*"|\S*)\s*)+$/;
const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s+/;

/** `10/Oct/2000:13:55:36 -0700` → ISO 8601, or null. */
function clfTime(raw: string): string | null {
  const m = CLF_TIME.exec(raw);
  if (!m || !MONTHS[m[2]!]) return null;
  return `${m[3]}-${MONTHS[m[2]!]}-${m[1]}T${m[4]}${m[5]}:${m[6]}`;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** nginx or Apache "combined" (or "common") access line → entry with `context.http`; null when it is not one. */
export function parseCombined(line: string, now: string): OutgoingLog | null {
  const m = COMBINED.exec(line);
  if (!m) return null;
  const [, addr, user, time, request, status, bytes, referer, agent, rest] = m;
  const [method, target, protocol] = unescape(request!).split(' ');
  const code = Number(status);
  const http: Record<string, unknown> = { status: code, bytes: bytes === '-' ? 0 : Number(bytes), remote_addr: addr };
  if (method && target) {
    http.method = method;
    http.path = target;
    http.route = target.split('?')[0];
  }
  if (protocol) http.protocol = protocol;
  if (user !== '-') http.remote_user = user;
  if (referer !== undefined && referer !== '-') http.referer = unescape(referer);
  if (agent !== undefined && agent !== '-') http.user_agent = unescape(agent);
  const context: Record<string, unknown> = { http };
  if (rest?.trim()) context.extra = rest.trim(); // log_format additions after the combined fields (request_time...)
  const level: Level = code >= 500 ? 'ERROR' : code >= 400 ? 'WARN' : 'INFO';
  const message = method && target ? `${method} ${target} ${code}` : `"${request}" ${code}`;
  return { level, message, timestamp: clfTime(time!) ?? now, context };
}

function logfmtValue(raw: string): unknown {
  const v = raw.startsWith('"') ? unescape(raw.slice(1, -1)) : raw;
  if (raw.startsWith('"')) return v;
  if (/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** `level=info msg="started" port=8080` → entry; null unless the line is all key=value pairs. */
export function parseLogfmt(line: string, now: string, fallback: Level): OutgoingLog | null {
  if (!LOGFMT_LINE.test(line)) return null;
  const fields: Record<string, unknown> = {};
  for (const m of line.matchAll(LOGFMT_PAIR)) fields[m[1]!] = logfmtValue(m[2]!);
  if (!('msg' in fields) && !('message' in fields) && !('level' in fields)) return null;
  // Same field conventions as a JSON line: msg/message, level/severity, time/ts.
  const log = toLog(JSON.stringify(fields), fallback, now);
  if (log.message.startsWith('{')) log.message = line; // no message field: the line itself
  return log;
}

export function parsePlain(line: string, now: string, fallback: Level): OutgoingLog {
  const text = stripAnsi(line);
  const t = LEADING_TIME.exec(text);
  const timestamp = t ? t[1]!.replace(',', '.') : now;
  return { level: detectLevel(text) ?? fallback, message: text, timestamp };
}

/** The entry for one (possibly multi-line) record in `format`; never throws. */
export function parseRecord(text: string, format: Format, now: string, fallback: Level = 'INFO'): OutgoingLog {
  const trimmed = text.trimStart();
  switch (format) {
    case 'json':
      return toLog(text, fallback, now);
    case 'logfmt':
      return parseLogfmt(text, now, fallback) ?? parsePlain(text, now, fallback);
    case 'nginx':
    case 'apache':
      return parseCombined(text, now) ?? parsePlain(text, now, fallback);
    case 'plain':
      return parsePlain(text, now, fallback);
    default:
      if (trimmed.startsWith('{')) return toLog(text, fallback, now);
      return parseCombined(text, now) ?? parseLogfmt(text, now, fallback) ?? parsePlain(text, now, fallback);
  }
}
