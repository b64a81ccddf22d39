/**
 * One syslog message from its text: RFC 5424 when it says version 1, else RFC 3164 and its variants, else
 * (no `<PRI>`) the whole text as a raw message. Never throws.
 */
import { parsePri, rawMessage, type SyslogMessage } from './message.js';
import { parse3164 } from './rfc3164.js';
import { parse5424 } from './rfc5424.js';

// eslint-disable-next-line no-control-regex
const TRAILER = /[\r\n\u0000]+$/;

/**
 * `now` places BSD timestamps (they carry no year). A leading BOM before `<PRI>` (some Windows senders) is
 * dropped, as is a trailing CR/LF/NUL left by the framing.
 */
export function parseSyslog(input: string, now = Date.now()): SyslogMessage {
  let text = input.replace(TRAILER, '');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const pri = parsePri(text);
  if (!pri) return rawMessage(text, text.startsWith('<') ? 'invalid PRI' : 'no PRI');
  const body = text.slice(pri.rest);
  return parse5424(body, pri.facility, pri.severity) ?? parse3164(body, pri.facility, pri.severity, now);
}
