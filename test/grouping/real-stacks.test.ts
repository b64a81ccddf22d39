/**
 * Stacks printed by the real runtimes (Python, Node, Go, Java, Ruby, PHP), not hand-written ones: each program
 * fails in `charge` called from a caller. The same program run from another directory with its lines moved
 * must keep its fingerprint; the same failure reached from another caller must get another one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { groupLog, parseStack } from '../../src/grouping/index.js';

interface Program { file: string; command: string[]; source: (caller: string) => string; header?: string }

const programs: Record<string, Program> = {
  python: { file: 'app.py', command: ['python3', 'app.py'], source: (c) => `import json, traceback
def charge(order):
    return order["total"] / order["count"]
def ${c}():
    return charge({"total": 5, "count": 0})
try:
    ${c}()
except Exception as e:
    print(json.dumps({"exc_info": traceback.format_exc()}))
` },
  node: { file: 'app.js', command: ['node', 'app.js'], source: (c) => `function charge(order) { return order.card.id; }
function ${c}() { return charge({}); }
try { ${c}(); } catch (e) { console.log(JSON.stringify({ err: { type: e.name, message: e.message, stack: e.stack } })); }
` },
  go: { file: 'main.go', command: ['go', 'run', 'main.go'], source: (c) => `package main

import ("encoding/json"; "fmt"; "os"; "runtime/debug")

type Card struct{ ID string }
type Order struct{ Card *Card }

func charge(o *Order) string { return o.Card.ID }

func ${c}() {
	defer func() {
		if r := recover(); r != nil {
			json.NewEncoder(os.Stdout).Encode(map[string]any{"error": map[string]any{"type": "panic", "message": fmt.Sprint(r), "stack": string(debug.Stack())}})
		}
	}()
	charge(&Order{})
}

func main() { ${c}() }
` },
  java: { file: 'Main.java', command: ['java', 'Main.java'], source: (c) => `public class Main {
  static String charge(Object order) { return order.toString(); }
  static String ${c}() { return charge(null); }
  public static void main(String[] args) {
    try { ${c}(); } catch (Exception e) {
      java.io.StringWriter w = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(w));
      System.out.print(w);
    }
  }
}
` },
  ruby: { file: 'app.rb', command: ['ruby', 'app.rb'], source: (c) => `require "json"
def charge(order) = order[:card].id
def ${c} = charge({})
begin
  ${c}
rescue => e
  puts JSON.generate({ error: { type: e.class.name, message: e.message, stack: e.full_message(highlight: false, order: :top), backtrace: e.backtrace } })
end
` },
  php: { file: 'app.php', command: ['php', 'app.php'], header: '<?php', source: (c) => `
function charge($order) { throw new RuntimeException("Payment 42 declined"); }
function ${c}() { charge(1); }
try { ${c}(); } catch (Exception $e) {
  echo json_encode(['error' => ['type' => get_class($e), 'message' => $e->getMessage(), 'stack' => $e->getTraceAsString()]]);
}
` },
};

/** Runs the program from a fresh directory, `shift` blank lines lower; the context it printed (or the raw stack text). */
function run(p: Program, caller: string, shift: number): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `grouping-${caller}-`));
  try {
    const body = '\n'.repeat(shift) + p.source(caller);
    fs.writeFileSync(path.join(dir, p.file), p.header ? `${p.header}${body}` : body);
    const out = spawnSync(p.command[0], p.command.slice(1), { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GOFLAGS: '' } });
    const text = (out.stdout || '').trim();
    assert.ok(text, `${p.command.join(' ')} printed nothing: ${out.stderr}`);
    return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { stack_trace: text };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const hasCommand = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const stackOf = (ctx: Record<string, unknown>): string => {
  const e = (ctx.error ?? ctx.err) as { stack?: string } | undefined;
  return e?.stack ?? String(ctx.exc_info ?? ctx.stack_trace);
};

for (const [language, program] of Object.entries(programs)) {
  const missing = !hasCommand(program.command[0]);
  test(`${language}: the real runtime's stack groups by call site, not by directory or line`, { skip: missing && `${program.command[0]} is not installed` }, () => {
    const first = run(program, 'handle', 0);
    const moved = run(program, 'handle', 3);
    const other = run(program, 'other', 0);
    const frames = parseStack(stackOf(first)).filter((f) => f.in_app);
    assert.ok(frames.some((f) => /charge/.test(f.function)), `an in-app charge frame in ${JSON.stringify(frames)}`);
    assert.ok(frames.some((f) => /handle/.test(f.function)), `an in-app caller frame in ${JSON.stringify(frames)}`);
    const movedFrames = parseStack(stackOf(moved)).filter((f) => f.in_app);
    assert.notDeepEqual(movedFrames.map((f) => f.line), frames.map((f) => f.line), 'the lines moved');
    const group = (context: Record<string, unknown>) => groupLog({ level: 'ERROR', service: language, message: 'failed', context })!;
    assert.equal(group(moved).fingerprint, group(first).fingerprint, 'another directory and other lines keep the group');
    assert.notEqual(group(other).fingerprint, group(first).fingerprint, 'another caller is another group');
    assert.match(group(first).culprit, /charge/);
    console.log(`${language}: ${group(first).title} | ${group(first).culprit}`);
  });
}
