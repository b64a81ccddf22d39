/**
 * RFC 3164 (BSD syslog) as real senders write it, after `<PRI>`: `Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`,
 * and its variants: no year (inferred), an RFC 3339 timestamp (rsyslog's RSYSLOG_ForwardFormat), no hostname
 * (`TAG: MSG` straight after the time), no header at all, and Cisco IOS (`123: *Mar  1 2024 00:00:12.345
 * UTC: %SYS-5-CONFIG_I: ...`, a sequence number, `*` for an unsynchronised clock, a year, millis, a zone).
 */
import type { SyslogMessage } from './message.js';
import { parseTimestamp5424 } from './rfc5424.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BSD_TIME = /^[*.]?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?: ([A-Z]{2,5}))?(:)? /;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\S+) /;
const SEQUENCE = /^(\d{1,10}): /;
// TAG is alphanumeric up to 32 characters in the RFC; real ones hold '-', '.', '/' and reach 48 (rsyslog).
const TAG = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{1,128})\])?:(?: |$)/;
const UTC_ZONES = new Set(['UTC', 'GMT', 'Z']);
const DAY_MS = 86_400_000;

interface Parsed {
  timestamp: number | null;
  rest: string;
  /** Cisco's `time:` form: no hostname nor tag follows. */
  bare: boolean;
}

/**
 * A BSD time carries no year and no zone: the receiver's zone is assumed (as rsyslog does), in the current
 * year unless that puts it more than a day ahead (December's message read in January).
 */
function bsdTime(m: RegExpExecArray, now: number): number | null {
  const month = MONTHS.indexOf(m[1]!);
  const [day, hour, minute, second] = [m[2], m[4], m[5], m[6]].map(Number) as [number, number, number, number];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const millis = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const utc = m[8] !== undefined && UTC_ZONES.has(m[8]);
  const at = (year: number) =>
    utc ? Date.UTC(year, month, day, hour, minute, second, millis) : new Date(year, month, day, hour, minute, second, millis).getTime();
  if (m[3]) return at(Number(m[3]));
  const year = new Date(now).getFullYear();
  const ts = at(year);
  return ts > now + DAY_MS ? at(year - 1) : ts;
}

function parseTime(text: string, now: number): Parsed | null {
  const bsd = BSD_TIME.exec(text);
  if (bsd) return { timestamp: bsdTime(bsd, now), rest: text.slice(bsd[0].length), bare: bsd[9] === ':' };
  const iso = ISO_TIME.exec(text);
  if (iso) {
    const ts = parseTimestamp5424(iso[1]!);
    if (ts !== 'invalid') return { timestamp: ts, rest: text.slice(iso[0].length), bare: false };
  }
  return null;
}

/** Parses the text after `<PRI>`; never fails: what is not header is message. */
export function parse3164(text: string, facility: number, severity: number, now = Date.now()): SyslogMessage {
  const out: SyslogMessage = {
    format: 'rfc3164', facility, severity, timestamp: null, hostname: null, appName: null, procId: null,
    msgId: null, structuredData: {}, sequence: null, message: text,
  };
  let rest = text;
  const seq = SEQUENCE.exec(rest);
  if (seq) {
    out.sequence = Number(seq[1]);
    rest = rest.slice(seq[0].length);
  }
  const time = parseTime(rest, now);
  if (time) {
    out.timestamp = time.timestamp;
    rest = time.rest;
    if (time.bare) {
      out.message = rest;
      return out;
    }
    // HOSTNAME, unless the word is already the tag (senders that leave the hostname out).
    const word = /^(\S+) /.exec(rest);
    if (word && !TAG.test(rest)) {
      out.hostname = word[1]!;
      rest = rest.slice(word[0].length);
    }
  } else if (seq) {
    out.message = rest;
    return out;
  }
  const tag = TAG.exec(rest);
  if (tag) {
    out.appName = tag[1]!;
    out.procId = tag[2] ?? null;
    rest = rest.slice(tag[0].length);
  }
  out.message = rest;
  return out;
}
