/**
 * `parseStack(text)`: the frames of a stack trace or traceback in any of the formats we know (Python, Node/V8,
 * Go panics and debug.Stack, Java/Kotlin with `Caused by:`, Ruby, PHP, .NET), most recent call first, the way
 * Node, Java, Go and Ruby print them (a Python traceback is reversed). Lines that are not frames are skipped.
 */
import { dotnetLine, goFrame, javaLine, phpLine, pythonLine, rubyLine, v8Line, type RawFrame } from './frame-lines.js';
import { isInApp } from './in-app.js';

export interface Frame {
  file: string;
  function: string;
  line: number | null;
  column: number | null;
  /** The application's own code (not a library, the standard library or the runtime). */
  in_app: boolean;
  /** The line as it appears in the stack (trimmed). */
  raw: string;
}

/** Bounds on what one stack may cost at ingest; the frames past them are left out. */
const MAX_TEXT = 64 * 1024;
const MAX_FRAMES = 200;
/** No real frame line is longer; a longer one is skipped, which keeps every line pattern linear in practice. */
const MAX_LINE = 800;
const GOROUTINE = /^goroutine \d+ \[/;

export function parseStack(text: string): Frame[] {
  const source = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const lines = source.split('\n');
  const frames: Frame[] = [];
  let python = false;
  let goroutines = 0;
  for (let i = 0; i < lines.length && frames.length < MAX_FRAMES; i++) {
    const line = lines[i];
    if (line.length > MAX_LINE) continue;
    if (line.charCodeAt(0) === 9 /* \t */ && i > 0 && line.includes('.go:')) {
      const raw = goFrame(lines[i - 1], line.replace(/\r$/, ''));
      // the frames above panic() are the deferred function that recovered and logged it, not the failure
      if (raw?.function === 'panic') frames.length = 0;
      else if (raw) frames.push(toFrame(raw, `${lines[i - 1].trim()} ${line.trim()}`));
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.charCodeAt(0) === 103 /* g */ && GOROUTINE.test(trimmed) && ++goroutines > 1) break; // only the goroutine that failed
    const raw = parseLine(trimmed);
    if (!raw) continue;
    if (raw.lang === 'python') python = true;
    frames.push(toFrame(raw, trimmed));
  }
  return python ? frames.reverse() : frames;
}

function parseLine(line: string): RawFrame | null {
  const c = line.charCodeAt(0);
  if (c === 70 /* F */ && line.startsWith('File "')) return pythonLine(line);
  if (c === 97 /* a */ && line.startsWith('at ')) return javaLine(line) ?? dotnetLine(line) ?? v8Line(line);
  if (c === 35 /* # */) return phpLine(line);
  if (line.includes(':in ')) return rubyLine(line);
  if (line.includes('.php:')) return phpLine(line);
  return null;
}

function toFrame(raw: RawFrame, line: string): Frame {
  return { file: raw.file, function: raw.function, line: raw.line, column: raw.column, in_app: isInApp(raw), raw: line };
}
