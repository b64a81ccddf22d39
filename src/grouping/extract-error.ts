/**
 * The one mapping from the error shapes found in logs to `{type, message, stack}` (BRIEF §7): our samples'
 * `context.error`, pino's `err`, `exception` (structlog/python-json-logger text, Monolog's normalised object,
 * Serilog/.NET text, OTel's nested attributes), logstash-logback's `stack_trace`, a bare `stack`, an `error`
 * string, OTel's flat `exception.type` / `exception.message` / `exception.stacktrace`.
 */
import { parseExceptionHeader } from './exception-header.js';

export interface ErrorInfo {
  type: string | null;
  message: string;
  /** The stack trace or traceback as the language prints it; null when there is none. */
  stack: string | null;
}

type Context = Record<string, unknown>;

const OBJECT_KEYS = ['error', 'err', 'exception', 'Exception', 'exc'] as const;
const TEXT_KEYS = ['exception', 'Exception', 'exc_info', 'stack_trace', 'stacktrace', 'stack', 'error', 'err', '@x'] as const;

/** `extractError({ err: { type: 'TypeError', message: 'x is undefined', stack: '...' } })` → that error; null when the log carries none. */
export function extractError(context: Context): ErrorInfo | null {
  for (const key of OBJECT_KEYS) {
    const value = context[key];
    if (isObject(value)) {
      const info = fromObject(value);
      if (info) return info;
    }
  }
  const otel = fromOtelAttributes(context);
  if (otel) return otel;
  for (const key of TEXT_KEYS) {
    const value = context[key];
    if (typeof value === 'string' && value.trim() !== '') return fromText(value);
  }
  return null;
}

function fromObject(o: Context): ErrorInfo | null {
  const type = firstString(o, ['type', 'name', 'class', 'kind', 'exception_class', 'ClassName']);
  const message = firstString(o, ['message', 'msg', 'value', 'reason', 'Message']);
  let stack = firstString(o, ['stack', 'stacktrace', 'stack_trace', 'traceback', 'StackTraceString', 'trace', 'backtrace']);
  if (stack === null) stack = traceArray(o);
  if (type === null && message === null && stack === null) return null;
  if (stack !== null && (type === null || message === null)) {
    const header = parseExceptionHeader(stack);
    return { type: type ?? header?.type ?? null, message: message ?? header?.message ?? '', stack };
  }
  return { type, message: message ?? '', stack };
}

/** Ruby's `backtrace` and Monolog's `trace` are arrays of lines; Monolog keeps the throw site in `file` ("path:line"). */
function traceArray(o: Context): string | null {
  const trace = [o.stack, o.backtrace, o.trace, o.stacktrace].find(Array.isArray);
  if (!trace) return null;
  const lines = trace.filter((l): l is string => typeof l === 'string');
  if (typeof o.file === 'string' && /\.php:\d+$/.test(o.file)) lines.unshift(o.file);
  return lines.length ? lines.join('\n') : null;
}

/** OTel semantic conventions as flat attributes; the nested form (`exception: {type, ...}`) is an object shape above. */
function fromOtelAttributes(context: Context): ErrorInfo | null {
  const type = str(context['exception.type']);
  const message = str(context['exception.message']);
  const stack = str(context['exception.stacktrace']);
  if (type === null && message === null && stack === null) return null;
  return fromObject({ type, message, stack });
}

/** A stack or traceback as text: the header names the type when the language prints one. */
function fromText(text: string): ErrorInfo {
  const header = parseExceptionHeader(text);
  const multiLine = text.includes('\n');
  if (header) return { type: header.type, message: header.message, stack: multiLine ? text : null };
  return multiLine ? { type: null, message: '', stack: text } : { type: null, message: text, stack: null };
}

function firstString(o: Context, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = str(o[key]);
    if (v !== null) return v;
  }
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const isObject = (v: unknown): v is Context => typeof v === 'object' && v !== null && !Array.isArray(v);
