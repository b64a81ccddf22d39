import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLevel, toLog } from './log-line.js';

const NOW = '2026-01-02T03:04:05.000Z';

test('plain lines: levels are found as words, never as substrings', () => {
  const cases: Array<[string, string | null]> = [
    ['0 errors found', null],
    ['Compiled with 0 errors and 0 warnings', null],
    ['an error-free run', null],
    ['terrorism report', null],
    ['ERROR: disk full', 'ERROR'],
    ['[warn] slow query', 'WARN'],
    ['<Debug> cache miss', 'DEBUG'],
    ['ts=1 level=error msg="boom"', 'ERROR'],
    ['severity: "warning" reached', 'WARN'],
    ['2026-01-02 03:04:05 INFO started', 'INFO'],
    ['INFO:root:hello from python', 'INFO'],
    ['WARNING:root:careful', 'WARN'],
    ['warning: unused variable x', 'WARN'],
    ['Error: ENOENT: no such file', 'ERROR'],
    ['connection error, retrying', 'ERROR'],
    ['a FATAL condition', 'FATAL'],
    ['Alert the on-call person', null],
    ['Trace id attached', null],
    ['stack trace follows', null],
    ['more info on the wiki', null],
    ['battery level: 80', null],
  ];
  for (const [line, level] of cases) assert.equal(detectLevel(line), level, line);
});

test('plain lines keep their text (colour codes removed) and take the fallback level', () => {
  assert.deepEqual(toLog('hello \x1b[32mworld\x1b[0m\r', 'INFO', NOW), { level: 'INFO', message: 'hello world', timestamp: NOW });
  assert.equal(toLog('nothing to see', 'WARN', NOW).level, 'WARN');
  assert.equal(toLog('\x1b[31mERROR\x1b[0m red', 'INFO', NOW).level, 'ERROR');
});

test('JSON lines: message, level, timestamp and the other fields as context', () => {
  assert.deepEqual(toLog('{"msg":"db down","level":50,"time":1767323045000,"pid":7,"trace_id":"t1"}', 'INFO', NOW), {
    level: 'ERROR', message: 'db down', timestamp: 1767323045000, trace_id: 't1', context: { pid: 7 },
  });
  assert.deepEqual(toLog('{"message":"m","severity":"warning","timestamp":"2026-01-01T00:00:00Z","context":{"a":1},"b":2}', 'INFO', NOW), {
    level: 'WARN', message: 'm', timestamp: '2026-01-01T00:00:00Z', context: { a: 1, b: 2 },
  });
  // An unknown level stays as data; a JSON line without a message keeps the whole line as its message.
  assert.deepEqual(toLog('{"level":"loud","x":1}', 'INFO', NOW), { level: 'INFO', message: '{"level":"loud","x":1}', timestamp: NOW, context: { level: 'loud', x: 1 } });
  // Not an object, or not JSON at all: plain text.
  assert.equal(toLog('{not json} error', 'INFO', NOW).level, 'ERROR');
  assert.equal(toLog('[1, 2]', 'INFO', NOW).message, '[1, 2]');
});
