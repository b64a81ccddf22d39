/**
 * What of a frame goes into a fingerprint: the file without its absolute prefix and the function without the
 * generated parts, never the line or column, so that a deploy that moves code or the directory it runs from
 * keeps the group.
 */
import type { Frame } from './parse-stack.js';

/**
 * The file of a frame as shown (culprit): its last two segments, `/home/deploy/releases/20240101/app/models/order.rb`
 * → `models/order.rb`, without module versions (`pq@v1.10.9`) nor bundle hashes (`main.3f9a2c1b.js`).
 */
export function displayFile(file: string): string {
  if (file === '') return '';
  let f = file.replace(/\\/g, '/');
  const q = f.search(/[?#]/);
  if (q > 0) f = f.slice(0, q);
  const last = f.lastIndexOf('/');
  const before = last > 0 ? f.lastIndexOf('/', last - 1) : -1;
  f = before >= 0 ? f.slice(before + 1) : f.slice(last + 1);
  if (f.includes('@')) f = f.replace(/@[^/]*/g, '');
  return f.length > 12 ? f.replace(/[.-][0-9a-f]{6,}(?=\.\w+$)/, '') : f;
}

/**
 * The file of a frame in a fingerprint: its name alone. The directories above it name where the project was
 * deployed (`/app`, `/srv/shop/releases/20240101`, a developer's home), which no log says; the function and the
 * other frames tell same-named files apart.
 */
export function fileKey(file: string): string {
  const shown = displayFile(file);
  return shown.slice(shown.lastIndexOf('/') + 1);
}

const FUNCTION_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^async /, ''], // V8
  [/^new /, ''],
  [/ \[as [^\]]+\]$/, ''],
  [/^Object\.<anonymous>$/, '<anonymous>'],
  [/\$\$Lambda\$?[^.]*/, '$$$$Lambda'], // JVM: Foo$$Lambda$123/0x0000000800c4b040
  [/\$\$(EnhancerBy\w+?|FastClassBy\w+?)\$\$[0-9a-f]+/, '$$$$$1'],
  [/lambda\$(\w+)\$\d+/, 'lambda$$$1'], // javac: lambda$main$0
  [/\$\d+(?=\.|$)/g, '$$'], // anonymous classes Foo$1
  [/\.func\d+(?:\.\d+)*/g, '.func'], // Go closures
  [/\[\.\.\.\]/g, ''], // Go generics
  [/^block \(\d+ levels\) in /, 'block in '], // Ruby
  [/>b__\d+(?:_\d+)?/g, '>b__'], // .NET lambdas: <Main>b__0_0
  [/>d__\d+/g, '>d__'], // .NET async state machines: <Get>d__5
  [/__\d+_\d+$/, ''], // Ruby compiled templates: _app_views_orders_show_html_erb__1234_5678
  [/0x[0-9a-fA-F]+/g, ''],
];

/** Every rule above needs one of these; most function names have none and skip the rules. */
const ANY_RULE = /[$ [>]|^new |func\d|__\d|0x/;

export function functionKey(fn: string): string {
  if (!ANY_RULE.test(fn)) return fn;
  let f = fn;
  for (const [pattern, replacement] of FUNCTION_RULES) {
    if (pattern.test(f)) f = f.replace(pattern, replacement);
    pattern.lastIndex = 0;
  }
  return f;
}

/** The frames a fingerprint is made of: the in-app ones (all when none is), recursion collapsed, at most 50. */
export function fingerprintFrames(frames: readonly Frame[]): string[] {
  const anyInApp = frames.some((f) => f.in_app);
  const keys: string[] = [];
  for (const frame of frames) {
    if (anyInApp && !frame.in_app) continue;
    const key = `${fileKey(frame.file)}|${functionKey(frame.function)}`;
    if (key !== keys[keys.length - 1]) keys.push(key);
    if (keys.length === 50) break;
  }
  return keys;
}
