import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractError } from './extract-error.js';

const nodeStack = "TypeError: x is undefined\n    at f (/app/a.js:1:2)";
const javaStack = 'java.lang.IllegalStateException: closed\n\tat com.acme.A.b(A.java:3)';
const pyStack = 'Traceback (most recent call last):\n  File "/app/a.py", line 3, in f\n    g()\nKeyError: \'user_id\'';

test('our samples\' context.error and pino\'s err', () => {
  assert.deepEqual(extractError({ error: { type: 'TypeError', message: 'x is undefined', stack: nodeStack, cause: { type: 'Error' } } }),
    { type: 'TypeError', message: 'x is undefined', stack: nodeStack });
  assert.deepEqual(extractError({ err: { type: 'TypeError', message: 'x is undefined', stack: nodeStack } }), { type: 'TypeError', message: 'x is undefined', stack: nodeStack });
  // an error object with name instead of type (a raw serialised Error), or with only a stack
  assert.deepEqual(extractError({ err: { name: 'RangeError', message: 'bad' } }), { type: 'RangeError', message: 'bad', stack: null });
  assert.deepEqual(extractError({ error: { stack: nodeStack } }), { type: 'TypeError', message: 'x is undefined', stack: nodeStack });
});

test('Ruby backtrace arrays and Monolog\'s exception {class, message, file, trace}', () => {
  assert.deepEqual(extractError({ error: { type: 'NoMethodError', message: 'nil', backtrace: ['/app/a.rb:1:in \'x\'', '/app/b.rb:2:in \'y\''] } }),
    { type: 'NoMethodError', message: 'nil', stack: "/app/a.rb:1:in 'x'\n/app/b.rb:2:in 'y'" });
  assert.deepEqual(extractError({ exception: { class: 'PDOException', message: 'refused', code: 2002, file: '/var/www/src/Db.php:41', trace: ['/var/www/src/Repo.php:23'] } }),
    { type: 'PDOException', message: 'refused', stack: '/var/www/src/Db.php:41\n/var/www/src/Repo.php:23' });
});

test('text shapes: Python exc_info/exception, Serilog Exception, logstash stack_trace, bare stack, error string', () => {
  assert.deepEqual(extractError({ exc_info: pyStack }), { type: 'KeyError', message: "'user_id'", stack: pyStack });
  assert.deepEqual(extractError({ exception: pyStack }), { type: 'KeyError', message: "'user_id'", stack: pyStack });
  const dotnet = 'System.InvalidOperationException: Sequence contains no elements\n   at A.B() in /src/A.cs:line 3';
  assert.deepEqual(extractError({ Exception: dotnet }), { type: 'System.InvalidOperationException', message: 'Sequence contains no elements', stack: dotnet });
  assert.deepEqual(extractError({ stack_trace: javaStack }), { type: 'java.lang.IllegalStateException', message: 'closed', stack: javaStack });
  assert.deepEqual(extractError({ stack: nodeStack }), { type: 'TypeError', message: 'x is undefined', stack: nodeStack });
  assert.deepEqual(extractError({ error: 'connection refused' }), { type: null, message: 'connection refused', stack: null });
  const ruby = "app/a.rb:4:in 'charge': undefined method 'id' for nil (NoMethodError)\n\tfrom app/b.rb:2:in 'x'";
  assert.deepEqual(extractError({ stacktrace: ruby }), { type: 'NoMethodError', message: "undefined method 'id' for nil", stack: ruby });
  const go = 'panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d';
  assert.deepEqual(extractError({ stack: go }), { type: 'panic', message: 'runtime error: index out of range [5] with length 3', stack: go });
});

test('OpenTelemetry exception attributes, flat and nested', () => {
  assert.deepEqual(extractError({ 'exception.type': 'ValueError', 'exception.message': 'bad', 'exception.stacktrace': pyStack }), { type: 'ValueError', message: 'bad', stack: pyStack });
  assert.deepEqual(extractError({ exception: { type: 'ValueError', message: 'bad', stacktrace: pyStack } }), { type: 'ValueError', message: 'bad', stack: pyStack });
  assert.deepEqual(extractError({ 'exception.message': 'timed out' }), { type: null, message: 'timed out', stack: null });
});

test('no error shape: null, whatever else the context holds', () => {
  assert.equal(extractError({}), null);
  assert.equal(extractError({ error: null, err: 42, exception: '', stack: ['not', 'text'], error_count: 3 }), null);
  assert.equal(extractError({ error: { code: 'E_CARD' } }), null);
});
