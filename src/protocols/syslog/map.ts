/**
 * A parsed syslog message in our entry shape (docs/integrations/shippers.md, "Syslog", has the table), and the
 * project key it carries, if any: `[devsmith@53595 key="dsk_..."]` in the structured data, or the key as the
 * first word of the message for RFC 3164 senders that cannot send structured data. The key never reaches the
 * stored log.
 */
import { isWellFormed } from '../../auth/secrets.js';
import type { Level } from '../../store/types.js';
import { FACILITIES, SEVERITIES, type SyslogMessage } from './message.js';

/** Our SD-ID: a private enterprise number form (RFC 5424 §7.2.2), `name@number`. */
export const DEVSMITH_SD_ID = 'devsmith@53595';
const KEY_WORD = /^(dsk_\S+)(?: +|$)/;
const SHORT_MAX = 256;

/** RFC 5424 severities 0-7 to our levels. */
const LEVELS: readonly Level[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];

export interface Received {
  transport: 'udp' | 'tcp' | 'tls';
  /** The sender's address: the host when the message names none. */
  peer: string | null;
  truncated: boolean;
  /** Set when the bytes were not UTF-8 and were read as Latin-1. */
  latin1: boolean;
}

export interface SyslogEntry {
  timestamp?: string;
  level: Level;
  message: string;
  service?: string;
  host?: string;
  environment?: string;
  version?: string;
  context: Record<string, unknown>;
}

export interface Mapped {
  /** The project key the message carried (not yet checked against the store). */
  key: string | null;
  entry: SyslogEntry;
}

/** Our short fields hold 256 characters; a longer syslog field is cut rather than the message refused. */
function short(value: string): string {
  return value.length > SHORT_MAX ? value.slice(0, SHORT_MAX) : value;
}

export function toEntry(msg: SyslogMessage, received: Received): Mapped {
  const sd = { ...msg.structuredData };
  const ours = sd[DEVSMITH_SD_ID];
  delete sd[DEVSMITH_SD_ID];
  let key: string | null = ours?.key ?? null;
  let message = msg.message;
  if (key === null) {
    const first = KEY_WORD.exec(message);
    if (first && isWellFormed('dsk', first[1]!)) {
      key = first[1]!;
      message = message.slice(first[0].length);
    }
  }
  const syslog: Record<string, unknown> = {
    format: msg.format,
    facility: FACILITIES[msg.facility] ?? msg.facility,
    severity: SEVERITIES[msg.severity],
    transport: received.transport,
  };
  if (msg.procId !== null) syslog.procid = msg.procId;
  if (msg.msgId !== null) syslog.msgid = msg.msgId;
  if (msg.sequence !== null) syslog.sequence = msg.sequence;
  if (msg.hostname === null && received.peer) syslog.peer = received.peer;
  if (received.truncated) syslog.truncated = true;
  if (received.latin1) syslog.encoding = 'latin1';
  if (msg.parseError) syslog.parse_error = msg.parseError;
  const context: Record<string, unknown> = { syslog };
  if (Object.keys(sd).length) context.sd = sd;
  const entry: SyslogEntry = { level: LEVELS[msg.severity]!, message, context };
  // An out-of-range time (year 275760+) has no ISO form: stored at receive time instead.
  if (msg.timestamp !== null && Math.abs(msg.timestamp) < 8.64e15) entry.timestamp = new Date(msg.timestamp).toISOString();
  const service = ours?.service || msg.appName;
  if (service) entry.service = short(service);
  const host = msg.hostname ?? received.peer;
  if (host) entry.host = short(host);
  if (ours?.environment) entry.environment = short(ours.environment);
  if (ours?.version) entry.version = short(ours.version);
  return { key, entry };
}
