/**
 * Grouping algorithm version 1. With an error and a parseable stack: the type and the in-app frames (file and
 * function, no line numbers, no absolute paths). With an error but no stack: the type, the error's message
 * template and the log's message template. Otherwise: the log's message template.
 */
import { extractError, type ErrorInfo } from './extract-error.js';
import { parseExceptionHeader } from './exception-header.js';
import { normalizeMessage } from './normalize.js';
import { displayFile, fingerprintFrames, functionKey } from './stack/frame-key.js';
import { parseStack, type Frame } from './stack/parse-stack.js';
import type { Description, GroupingAlgorithm, GroupingInput } from './types.js';

const TITLE_MAX = 200;

export const algorithmV1: GroupingAlgorithm = {
  version: 1,
  describe(input: GroupingInput): Description {
    const error = extractError(input.context) ?? errorInMessage(input.message);
    if (!error) {
      const template = normalizeMessage(input.message);
      return { parts: ['message', template], title: cut(template || '(empty message)'), culprit: cut(input.service), type: null };
    }
    const frames = error.stack ? parseStack(error.stack) : [];
    const errorTemplate = normalizeMessage(error.message);
    const type = error.type === null ? null : cut(error.type);
    const keys = fingerprintFrames(frames);
    const inApp = frames.some((f) => f.in_app);
    // the log's own message counts only without a stack of the application's (and shows when the error has none)
    const template = inApp && errorTemplate ? '' : normalizeMessage(input.message);
    // frames of libraries only (no in-app frame) say little on their own: the message template joins them
    const parts = !keys.length ? ['error', type ?? '', errorTemplate, template]
      : inApp ? ['stack', type ?? '', ...keys] : ['library-stack', type ?? '', errorTemplate, ...keys];
    const text = errorTemplate || template;
    const title = type ? (text ? `${type}: ${text}` : type) : text || '(empty message)';
    return { parts, title: cut(title), culprit: cut(culprit(frames) ?? input.service), type };
  },
};

/** A stack trace pasted into the message (a multi-line log line from stdout) counts as the error. */
function errorInMessage(message: string): ErrorInfo | null {
  if (!message.includes('\n')) return null;
  const frames = parseStack(message);
  if (frames.length === 0) return null;
  const header = parseExceptionHeader(message);
  return { type: header?.type ?? null, message: header?.message ?? message.slice(0, message.indexOf('\n')), stack: message };
}

function culprit(frames: readonly Frame[]): string | null {
  const top = frames.find((f) => f.in_app);
  if (!top) return null;
  const file = displayFile(top.file);
  const fn = functionKey(top.function);
  return file && fn ? `${file} in ${fn}` : file || fn || null;
}

const cut = (s: string): string => (s.length > TITLE_MAX ? s.slice(0, TITLE_MAX - 1) + '…' : s);
