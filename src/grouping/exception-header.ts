/**
 * The exception's type and message as the languages print them above or below a stack trace, for the
 * shapes that carry only the text (`context.stack`, `context.exception` as a string, a traceback in the message).
 */

export interface ExceptionHeader {
  type: string | null;
  message: string;
}

// "TypeError: card is undefined", "java.lang.IllegalStateException: closed", "System.InvalidOperationException: ..."
const TYPED = /^(?:Exception in thread "[^"]*" |Uncaught )?([A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*)*)(?:: ?(.*))?$/;
// Ruby: "app/models/order.rb:42:in 'charge': undefined method 'x' for nil (NoMethodError)"
const RUBY = /^.+?:\d+:in [`'][^']*': (.*) \(([A-Z][\w:]*)\)$/;
// Go: "panic: runtime error: index out of range [5] with length 3"
const GO_PANIC = /^panic: (.*?)(?: \[recovered\])?$/;
// Python's last line: "KeyError: 'user_id'", "requests.exceptions.ConnectionError: ..." or just "StopIteration"
const PY_LAST = /^([A-Za-z_][\w.]*)(?:: (.*))?$/;

/** Bounds the work on a pathological first line (the patterns backtrack on long inputs). */
const MAX_LINE = 1000;

export function parseExceptionHeader(text: string): ExceptionHeader | null {
  const lines = text.split('\n', 400);
  if (lines[0].startsWith('Traceback (most recent call last)') || text.includes('\n  File "')) return pythonHeader(lines);
  for (const raw of lines) {
    const line = (raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw).trim();
    if (line === '') continue;
    let m = GO_PANIC.exec(line);
    if (m) return { type: 'panic', message: m[1] };
    m = RUBY.exec(line);
    if (m) return { type: m[2], message: m[1] };
    m = TYPED.exec(line);
    if (m && /[A-Z]/.test(m[1])) return { type: m[1], message: m[2] ?? '' };
    return null; // only the first non-empty line names the exception in these formats
  }
  return null;
}

/** A Python traceback names the exception on its last line that is not indented (after the frames). */
function pythonHeader(lines: string[]): ExceptionHeader | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].slice(0, MAX_LINE).replace(/\r$/, '');
    if (line === '' || line[0] === ' ' || line[0] === '\t' || line.startsWith('Traceback')) continue;
    const m = PY_LAST.exec(line);
    return m ? { type: m[1], message: m[2] ?? '' } : { type: null, message: line };
  }
  return null;
}
