/**
 * RFC 5424 (The Syslog Protocol): `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`,
 * "-" for a nil value, MSG optionally starting with a UTF-8 BOM (§6.4).
 */
import type { SyslogMessage } from './message.js';

// RFC 5424 §6.2.3 (a profile of RFC 3339); fractions beyond milliseconds are accepted and cut.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function nil(field: string): string | null {
  return field === '-' ? null : field;
}

export function parseTimestamp5424(field: string): number | null | 'invalid' {
  if (field === '-') return null;
  const m = TIMESTAMP.exec(field);
  if (!m) return 'invalid';
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ? m[7].slice(0, 4) : ''}${m[8]!.toUpperCase()}`);
  return Number.isNaN(ms) ? 'invalid' : ms;
}

/**
 * STRUCTURED-DATA from `pos`: `-` or one or more `[SD-ID PARAM="VALUE" ...]`, values escaping `"`, `\` and
 * `]` with a backslash (§6.3.3). Returns the elements and where the text after them starts; null if malformed.
 */
export function parseStructuredData(text: string, pos: number): { sd: Record<string, Record<string, string>>; end: number } | null {
  // Maps, turned into objects with fromEntries: an SD-ID or name like "__proto__" stays plain data.
  const sd = new Map<string, Map<string, string>>();
  if (text[pos] === '-') return { sd: {}, end: pos + 1 };
  let i = pos;
  if (text[i] !== '[') return null;
  while (text[i] === '[') {
    i++;
    const idEnd = scanName(text, i);
    if (idEnd === i) return null;
    const id = text.slice(i, idEnd);
    const params = sd.get(id) ?? new Map<string, string>();
    i = idEnd;
    while (text[i] === ' ') {
      i++;
      const nameEnd = scanName(text, i);
      if (nameEnd === i || text[nameEnd] !== '=' || text[nameEnd + 1] !== '"') return null;
      const name = text.slice(i, nameEnd);
      i = nameEnd + 2;
      let value = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) return null;
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      params.set(name, value);
    }
    if (text[i] !== ']') return null;
    i++;
    sd.set(id, params);
  }
  return { sd: Object.fromEntries([...sd].map(([id, params]) => [id, Object.fromEntries(params)])), end: i };
}

/** SD-NAME: printable US-ASCII except `=`, space, `]` and `"` (§6.3.2). */
function scanName(text: string, i: number): number {
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 33 || code > 126 || code === 61 || code === 93 || code === 34) break;
    i++;
  }
  return i;
}

/** Parses the text after `<PRI>`; null when it is not RFC 5424 (the caller then tries RFC 3164). */
export function parse5424(text: string, facility: number, severity: number): SyslogMessage | null {
  const header = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text);
  if (!header || header[1] === '0') return null;
  const timestamp = parseTimestamp5424(header[2]!);
  if (timestamp === 'invalid') return null;
  const data = parseStructuredData(text, header[0].length);
  if (!data) return null;
  let message = text.slice(data.end);
  if (message.startsWith(' ')) message = message.slice(1);
  if (message.startsWith('\uFEFF')) message = message.slice(1); // §6.4: BOM marks UTF-8
  return {
    format: 'rfc5424',
    facility,
    severity,
    timestamp,
    hostname: nil(header[3]!),
    appName: nil(header[4]!),
    procId: nil(header[5]!),
    msgId: nil(header[6]!),
    structuredData: data.sd,
    sequence: null,
    message,
  };
}
