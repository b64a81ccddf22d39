/**
 * A Loki stream's labels in their Prometheus text form, as the protobuf push carries them:
 * `{job="api", level="info", path="C:\\logs"}`. Values are Go-quoted strings (Promtail writes them with
 * strconv.Quote); names are Prometheus label names.
 */

const PAIR = /\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|})/y;

function unquote(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // A Go escape JSON lacks (\x41, \a, \'): kept as written rather than refusing the stream.
    return raw.replace(/\\(["\\])/g, '$1');
  }
}

/**
 * `{a="1", b="2"}` → `{a: '1', b: '2'}`; throws a reason a person can act on when the text is not a label set.
 * @example parseLabels('{job="api"}') // { job: 'api' }
 */
export function parseLabels(text: string): Record<string, string> {
  const s = text.trim();
  if (!s.startsWith('{')) throw new Error(`labels ${JSON.stringify(s.slice(0, 80))} do not start with "{"`);
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  if (/^\{\s*\}$/.test(s)) return {};
  PAIR.lastIndex = 1;
  for (;;) {
    const at = PAIR.lastIndex;
    const m = PAIR.exec(s);
    if (!m) throw new Error(`labels ${JSON.stringify(s.slice(0, 80))} are not of the form {name="value", ...} (at character ${at})`);
    labels[m[1]!] = unquote(m[2]!);
    if (m[3] === '}') {
      if (PAIR.lastIndex !== s.length) throw new Error(`labels ${JSON.stringify(s.slice(0, 80))} have text after the closing "}"`);
      return { ...labels };
    }
  }
}
