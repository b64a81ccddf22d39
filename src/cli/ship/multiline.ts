/**
 * Joins the lines of one stack trace into one record: a record starts at a line that does not continue the
 * previous one. What continues, per language (as each runtime prints an uncaught error or a logged one):
 * - python: indented lines, `Traceback (most recent call last):`, the chained-exception sentences, and the
 *   `ValueError: ...` line that ends an indented traceback;
 * - java: `\tat ...`, `... 12 more`, `Caused by: ...`, `Suppressed: ...`, a qualified exception class line;
 * - node: `    at ...` (indented), and `[cause]: ...`;
 * - go: after `goroutine N [...]:` the function lines, `\t/path/file.go:12`, `created by ...`;
 * - ruby: `\tfrom file.rb:12:in ...` (indented);
 * - auto: all of the above. Blank lines inside a record are kept only when a continuation follows them.
 * JSON lines never continue anything: each is a whole record.
 */
import type { RawLine } from './line-splitter.js';

export const MULTILINE = ['auto', 'python', 'java', 'node', 'go', 'ruby', 'none'] as const;
export type Multiline = (typeof MULTILINE)[number];

const INDENTED = /^[ \t]+\S/;
const PYTHON = /^(Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause)/;
const PYTHON_LAST = /^[A-Za-z_][\w.]*(Error|Exception|Warning|Exit|Interrupt|Failure)\b(:.*)?$/;
const JAVA = /^(Caused by: |Suppressed: |[\w$]+(\.[\w$]+)+(Exception|Error|Throwable)(: .*)?$)/;
const NODE = /^\[cause\]: /;
const GO_START = /^goroutine \d+ \[/;
const GO_LINE = /^([\w.\-/]+\.)?[\w.()*\[\]]+\(.*\)$|^created by |^\[signal /;

export interface Record {
  text: string;
  /** Offset just past the record's last line. */
  end: number;
  split?: RawLine['split'];
  time?: string;
  stream?: string;
}

export class MultilineJoiner {
  private current: { lines: string[]; end: number; lastIndented: boolean; go: boolean; first: RawLine } | null = null;
  private blanks: RawLine[] = [];

  constructor(private readonly lang: Multiline) {}

  push(line: RawLine, out: Record[]): void {
    if (line.split || this.lang === 'none') {
      this.flush(out);
      out.push({ text: line.text, end: line.end, split: line.split, time: line.time, stream: line.stream });
      return;
    }
    if (!line.text.trim()) {
      if (this.current) this.blanks.push(line);
      return;
    }
    if (this.current && this.continues(line.text)) {
      for (const b of this.blanks.splice(0)) this.current.lines.push(b.text);
      this.current.lines.push(line.text);
      this.current.end = line.end;
      this.current.lastIndented = INDENTED.test(line.text);
      this.current.go ||= GO_START.test(line.text);
      return;
    }
    this.flush(out);
    if (line.text.trimStart().startsWith('{')) {
      out.push({ text: line.text, end: line.end, time: line.time, stream: line.stream });
      return;
    }
    this.current = { lines: [line.text], end: line.end, lastIndented: false, go: GO_START.test(line.text), first: line };
  }

  /** Ends the held record (the next line is not coming soon). */
  flush(out: Record[]): void {
    if (!this.current) return;
    out.push({ text: this.current.lines.join('\n'), end: this.current.end, time: this.current.first.time, stream: this.current.first.stream });
    this.current = null;
    this.blanks = [];
  }

  private continues(text: string): boolean {
    const lang = this.lang;
    const any = lang === 'auto';
    if (text.trimStart().startsWith('{')) return false;
    if (INDENTED.test(text)) return true;
    if ((any || lang === 'python') && (PYTHON.test(text) || (this.current!.lastIndented && PYTHON_LAST.test(text)))) return true;
    if ((any || lang === 'java') && JAVA.test(text)) return true;
    if ((any || lang === 'node') && NODE.test(text)) return true;
    if ((any || lang === 'go') && (GO_START.test(text) || (this.current!.go && GO_LINE.test(text)))) return true;
    return false;
  }
}
