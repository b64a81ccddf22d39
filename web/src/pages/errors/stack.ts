/** How the group page shows a stack: in-app frames one by one, each run of library frames folded into one. */
import type { Frame } from '../../api/errors';
import type { LogEntry } from '../../api/types';
import { multilineValues } from '../../components/multiline';

export type FrameRun = { kind: 'app'; frame: Frame; index: number } | { kind: 'library'; frames: Frame[]; index: number };

/** Consecutive library frames become one run; `index` is the first frame's position (a stable key). */
export function frameRuns(frames: Frame[]): FrameRun[] {
  const runs: FrameRun[] = [];
  frames.forEach((frame, index) => {
    const last = runs[runs.length - 1];
    if (frame.in_app) runs.push({ kind: 'app', frame, index });
    else if (last?.kind === 'library') last.frames.push(frame);
    else runs.push({ kind: 'library', frames: [frame], index });
  });
  return runs;
}

/** "src/cart.js in addItem at line 42:7", the parts that exist. */
export function frameLabel(frame: Frame): { where: string; position: string } {
  const position = frame.line === null ? '' : frame.column === null ? `line ${frame.line}` : `line ${frame.line}:${frame.column}`;
  return { where: frame.function ? `${frame.file} in ${frame.function}` : frame.file, position };
}

const STACK_PATHS = ['error.stack', 'exception.stacktrace', 'exception.stack', 'err.stack', 'stack', 'stacktrace', 'traceback'];

/**
 * The raw stack of an event, for when the server parsed no frames: a known stack field first, else the
 * first multi-line string of the context (a Python traceback logged under any name).
 */
export function rawStack(event: LogEntry | null): { path: string; text: string } | null {
  if (!event) return null;
  const found = multilineValues(event.context);
  for (const path of STACK_PATHS) {
    const hit = found.find((f) => f.path === path);
    if (hit) return hit;
  }
  for (const path of STACK_PATHS) {
    const value = path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), event.context);
    if (typeof value === 'string' && value) return { path, text: value };
  }
  return found[0] ?? null;
}
