/**
 * One regular expression per stack-trace line format. Each returns the frame's raw parts; `parse-stack.ts`
 * decides which to try from the line's first characters, and `in-app.ts` classifies the result.
 */

export type Lang = 'python' | 'node' | 'go' | 'java' | 'ruby' | 'php' | 'dotnet';

export interface RawFrame {
  lang: Lang;
  file: string;
  function: string;
  line: number | null;
  column: number | null;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

// File "/app/orders/views.py", line 42, in create_order
const PYTHON = /^File "([^"]+)", line (\d+)(?:, in (.+))?$/;
export function pythonLine(line: string): RawFrame | null {
  const m = PYTHON.exec(line);
  return m ? { lang: 'python', file: m[1], function: m[3] ?? '<module>', line: num(m[2]), column: null } : null;
}

// at com.acme.shop.OrderService.charge(OrderService.java:42) ~[shop.jar:1.2] — also java.base/..., Native Method
const JAVA = /^at ([^\s(]+)\(((?:[^():]*\.(?:java|kt|scala|groovy|clj))(?::(\d+))?|Native Method|Unknown Source(?::\d+)?|<generated>|Unknown)\)(?:\s.*)?$/;
export function javaLine(line: string): RawFrame | null {
  const m = JAVA.exec(line);
  if (!m) return null;
  const location = m[2];
  const file = location.includes('.') && !location.startsWith('Unknown') ? location.replace(/:\d+$/, '') : '';
  return { lang: 'java', file, function: withoutModule(m[1]), line: num(m[3]), column: null };
}

/** `java.base/java.lang.Thread.run`, `app//com.acme.Main.main` → the class and method; a lambda's `$$Lambda$7/0x…` keeps its slash. */
function withoutModule(fn: string): string {
  const slash = fn.lastIndexOf('/', fn.indexOf('$') < 0 ? fn.length : fn.indexOf('$'));
  return slash < 0 ? fn : fn.slice(slash + 1);
}

// at Shop.Orders.OrderService.Charge(Int32 orderId) in /src/Shop/Orders/OrderService.cs:line 42
const DOTNET = /^at ([^\s(]+)\(([^)]*)\)(?: in (.+):line (\d+))?$/;
export function dotnetLine(line: string): RawFrame | null {
  const m = DOTNET.exec(line);
  if (!m) return null;
  if (m[3] === undefined && m[2] !== '' && !/[ ,]/.test(m[2])) return null; // "(file:1:2)" is V8, not .NET
  return { lang: 'dotnet', file: m[3] ?? '', function: m[1].trim(), line: num(m[4]), column: null };
}

// at async OrderService.charge (/app/src/orders.ts:42:13) | at /app/src/x.js:1:2 | at new Foo (file:///app/x.mjs:3:4)
const V8_CALL = /^at (.+?) \((.+?):(\d+)(?::(\d+))?\)$/;
const V8_BARE = /^at (?:async )?(.+?):(\d+):(\d+)$/;
export function v8Line(line: string): RawFrame | null {
  let m = V8_CALL.exec(line);
  if (m) return { lang: 'node', file: m[2], function: m[1], line: num(m[3]), column: num(m[4]) };
  m = V8_BARE.exec(line);
  return m ? { lang: 'node', file: m[1], function: '<anonymous>', line: num(m[2]), column: num(m[3]) } : null;
}

// /app/models/order.rb:42:in 'Order#charge' (Ruby 3.4) or `charge' (older); "from " when Ruby prints it
// the first line of Ruby's report is the top frame followed by ": message (Type)"
const RUBY = /^(?:from )?(.+?):(\d+):in [`']([^'`]*)'(?:$|: )/;
export function rubyLine(line: string): RawFrame | null {
  const m = RUBY.exec(line);
  return m ? { lang: 'ruby', file: m[1], function: m[3], line: num(m[2]), column: null } : null;
}

// #0 /var/www/src/Service/Payment.php(42): App\Service\Payment->charge(Object(App\Entity\Order))
// #3 [internal function]: App\Kernel->handle() | Monolog's trace entries: /var/www/src/Kernel.php:42
const PHP = /^#\d+ (?:(.+?)\((\d+)\)|\[internal function\]): (.+?)(?:\(.*\))?$/;
const PHP_BARE = /^(.+\.php):(\d+)$/;
export function phpLine(line: string): RawFrame | null {
  const m = PHP.exec(line);
  if (m) return { lang: 'php', file: m[1] ?? '[internal function]', function: m[3], line: num(m[2]), column: null };
  const b = PHP_BARE.exec(line);
  return b ? { lang: 'php', file: b[1], function: '', line: num(b[2]), column: null } : null;
}

// Go, debug.Stack and panics: "main.(*Server).handle(0xc000010000, {0x1, 0x2})" then "\t/app/server.go:42 +0x1d"
const GO_FILE = /^\t(.+?\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;
const GO_ARGS = /\((?:[^()]|\([^()]*\))*\)$/;
export function goFrame(functionLine: string, fileLine: string): RawFrame | null {
  const m = GO_FILE.exec(fileLine);
  if (!m) return null;
  let fn = functionLine.trim();
  if (fn.startsWith('created by ')) fn = fn.slice(11).replace(/ in goroutine \d+$/, '');
  else fn = fn.replace(GO_ARGS, '');
  return { lang: 'go', file: m[1], function: fn, line: num(m[2]), column: null };
}
