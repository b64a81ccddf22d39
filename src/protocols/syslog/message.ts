/** What every syslog parser returns: the parts of RFC 5424 that RFC 3164 senders can fill too. */

export type SyslogFormat = 'rfc5424' | 'rfc3164' | 'raw';

export interface SyslogMessage {
  format: SyslogFormat;
  /** 0-23 (RFC 5424 §6.2.1); 1 (user) when the sender sent no PRI. */
  facility: number;
  /** 0 (emergency) to 7 (debug); 5 (notice) when the sender sent no PRI. */
  severity: number;
  /** Epoch milliseconds, or null when the message carried none (stored at receive time). */
  timestamp: number | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  /** SD-ID → param → value (a repeated param keeps its last value). */
  structuredData: Record<string, Record<string, string>>;
  /** Cisco IOS-style sequence number (`<189>123: ...`). */
  sequence: number | null;
  message: string;
  /** Set for `raw`: why the text could not be parsed as syslog (it is kept whole as the message). */
  parseError?: string;
}

export const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5',
  'local6', 'local7',
] as const;

export const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** `<PRI>` at the start: facility and severity, and where the rest begins; null when absent or out of range. */
export function parsePri(text: string): { facility: number; severity: number; rest: number } | null {
  const m = /^<(\d{1,3})>/.exec(text);
  if (!m) return null;
  const pri = Number(m[1]);
  if (pri > 191) return null; // RFC 5424 §6.2.1: facility 0-23
  return { facility: pri >> 3, severity: pri & 7, rest: m[0].length };
}

/** The message for text that is not syslog at all: kept whole, at notice severity (RFC 3164 §4.3.3). */
export function rawMessage(text: string, parseError: string): SyslogMessage {
  return {
    format: 'raw', facility: 1, severity: 5, timestamp: null, hostname: null, appName: null, procId: null,
    msgId: null, structuredData: {}, sequence: null, message: text, parseError,
  };
}
