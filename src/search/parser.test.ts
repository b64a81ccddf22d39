import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LIMITS, QueryError, parseQuery, printQuery, tokenize } from './index.js';

/** The canonical text of a query: shows the tree's shape (precedence, fields) in one line. */
const canon = (q: string) => printQuery(parseQuery(q));

function refused(q: string, position: number, message: RegExp | string, length?: number) {
  assert.throws(() => parseQuery(q), (err: unknown) => {
    assert.ok(err instanceof QueryError, `${q}: ${String(err)}`);
    assert.equal(err.position, position, `${q}: position of "${err.message}"`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    if (length !== undefined) assert.equal(err.length, length);
    return true;
  });
}

test('words, phrases and boolean operators with NOT > AND > OR', () => {
  assert.equal(canon('error timeout'), 'error timeout');
  assert.equal(canon('error OR warn -stripe'), 'error OR (warn -stripe)');
  assert.equal(canon('a AND b OR c d'), '(a b) OR (c d)');
  assert.equal(canon('NOT a b'), '-a b');
  assert.equal(canon('NOT (a OR b) c'), '-(a OR b) c');
  assert.equal(canon('-(-a)'), '--a');
  assert.equal(canon('"connection reset" by'), '"connection reset" by');
  assert.equal(canon('db.query'), '"db query"');
  assert.equal(canon('TIME*'), 'time*');
  assert.equal(canon('api/us*'), 'api.us*');
  assert.equal(canon('"OR" and or'), 'or and or', 'only upper-case AND/OR/NOT are operators');
  assert.equal(canon('foo-bar'), '"foo bar"', 'a dash inside a word is not a NOT');
  assert.equal(canon('  '), '');
  assert.deepEqual(parseQuery(''), { type: 'all', span: { start: 0, end: 0 } });
});

test('fields, comparisons, ranges, existence and wildcards', () => {
  assert.equal(canon('LEVEL:Warning service:api-* project:shop env:production'), 'level:warn service:api-* project:shop env:production');
  assert.equal(canon('level:>=warn ctx.duration_ms:>1000 ctx.x:<=-2.5'), 'level:>=warn ctx.duration_ms:>1000 ctx.x:<=-2.5');
  assert.equal(canon('ctx.http.status:[500 TO 599]'), 'ctx.http.status:>=500 ctx.http.status:<=599');
  assert.equal(canon('ctx.n:{1 TO 10] ctx.m:[* TO 5}'), 'ctx.n:>1 ctx.n:<=10 ctx.m:<5');
  assert.equal(canon('has:ctx.user_id -has:host'), 'has:ctx.user_id -has:host');
  assert.equal(canon('ctx.user_id:*'), 'has:ctx.user_id');
  assert.equal(canon('ctx.path:/orders/* -ctx.error.stack:*timeout*'), 'ctx.path:/orders/* -ctx.error.stack:*timeout*');
  assert.equal(canon('ctx.a:"x y" ctx.b:a\\*b ctx.c:""'), 'ctx.a:x\\ y ctx.b:a\\*b ctx.c:""');
  assert.equal(canon('ctx.url:http://x/y?z=1'), 'ctx.url:http\\://x/y?z=1');
  assert.equal(canon('message:"a b" message:time*'), '"a b" time*');
  assert.equal(canon('trace_id:abc span_id:def version:1.2.3 host:h-1'), 'trace_id:abc span_id:def version:1.2.3 host:h-1');
  assert.equal(canon('ctx.x:-5 -ctx.y:-5'), 'ctx.x:"-5" -ctx.y:"-5"');
});

test('errors point at the character where the query went wrong', () => {
  refused('level:error "unclosed', 12, 'unbalanced quote at 12: close the phrase with "', 9);
  refused('level:', 6, "expected a value after 'level:' at 6");
  refused('level: error', 6, "expected a value after 'level:' at 6");
  refused('status:500', 0, /^unknown field 'status' at 0: .*ctx\.status/, 6);
  refused('level:loud', 6, /^unknown level 'loud' at 6/, 4);
  refused('ctx.ms:>fast', 8, /^bad number 'fast' at 8/);
  refused('ctx.ms:>', 8, "expected a number after 'ctx.ms:>' at 8");
  refused('service:>3', 8, /^'service' cannot be compared at 8/);
  refused('(a OR b', 0, "unbalanced parenthesis: '(' at 0 is never closed");
  refused('a OR b)', 6, "unbalanced parenthesis: ')' at 6 has no matching '('");
  refused('a OR', 2, "expected a term after 'OR' at 2");
  refused('OR a', 0, "expected a term before 'OR' at 0");
  refused('a AND AND b', 2, "expected a term after 'AND' at 2");
  refused('NOT', 0, "expected a term after 'NOT' at 0");
  refused('()', 0, 'empty parentheses at 0');
  refused('ti*me', 0, /wildcard in free text can only end a word/);
  refused('*', 0, /nothing to search for/);
  refused('a ...', 2, /nothing to search for in the word at 2/);
  refused('service:(a OR b)', 8, /write \(service:a OR service:b\)/);
  refused('ctx.s:[1 TO', 11, /expected an upper bound at 11/);
  refused('ctx.s:[1 5]', 9, /expected TO at 9/);
  refused('ctx.s:[* TO *]', 6, /needs at least one bound/);
  refused('has:', 4, /expected a field name after 'has:' at 4/);
  refused('has:nope', 4, /unknown field 'nope' at 4/);
  refused('ctx:1', 0, /'ctx' needs a path/);
  refused('level:err*', 6, /a level takes no wildcard/);
});

test('limits: length, nesting and number of terms', () => {
  refused('a'.repeat(LIMITS.length + 1), LIMITS.length, /query too long/);
  assert.doesNotThrow(() => parseQuery('a'.repeat(LIMITS.length)));
  refused('('.repeat(40) + 'a' + ')'.repeat(40), 32, /too deeply nested at 32/);
  refused('-'.repeat(40) + 'a', 32, /too deeply nested/);
  refused(Array.from({ length: 101 }, (_, i) => `w${i}`).join(' '), 390, /too many terms at 390/);
});

test('tokenize: every character in one token, with kinds for highlighting, and never throws', () => {
  const q = 'level:>=warn "a b" -x (y OR z) ctx.s:[1 TO 2] "open';
  const tokens = tokenize(q);
  assert.equal(tokens.map((t) => q.slice(t.start, t.end)).join(''), q);
  assert.deepEqual(tokens.filter((t) => t.kind !== 'space').map((t) => [t.kind, q.slice(t.start, t.end)]), [
    ['field', 'level:'], ['comparison', '>='], ['word', 'warn'], ['phrase', '"a b"'], ['operator', '-'], ['word', 'x'],
    ['paren', '('], ['word', 'y'], ['operator', 'OR'], ['word', 'z'], ['paren', ')'],
    ['field', 'ctx.s:'], ['range', '['], ['word', '1'], ['range', 'TO'], ['word', '2'], ['range', ']'], ['error', '"open'],
  ]);
});

test('fuzz: 10,000 random strings tokenize, and either parse (and print stably) or give a QueryError inside the input', () => {
  const alphabet = fc.constantFrom(...'ab1 :*"()-[]{}<>=\\.OR AND NOT TO level: ctx.a: has: service: \t'.split(''), 'OR', 'AND', 'NOT', 'TO', 'level:', 'ctx.a.b:', 'has:', '>=', 'é', '\u0000');
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(''))), (q) => {
      const tokens = tokenize(q);
      assert.equal(tokens.map((t) => q.slice(t.start, t.end)).join(''), q, 'tokens cover the input in order');
      try {
        const printed = printQuery(parseQuery(q));
        assert.equal(printQuery(parseQuery(printed)), printed);
      } catch (err) {
        if (!(err instanceof QueryError)) throw err;
        assert.ok(err.position >= 0 && err.position <= q.length && err.length >= 1, `${JSON.stringify(q)}: ${err.message}`);
      }
    }),
    { numRuns: 10_000, seed: 3 },
  );
});

test('a phrase holding a parenthesis or an operator is plain text', () => {
  assert.equal(canon('ctx.a:")" (b OR ctx.c:")")'), 'ctx.a:\\) (b OR ctx.c:\\))');
  assert.throws(() => parseQuery('")"'), /nothing to search for in the phrase at 0/);
  assert.equal(canon('ctx.a:"OR" ctx.b:"(x"'), 'ctx.a:"OR" ctx.b:\\(x');
});

test('error:<group id> and fingerprint:<hex> (issue 12)', () => {
  assert.deepEqual(parseQuery('error:42').type === 'match' && (parseQuery('error:42') as { field: unknown }).field, { kind: 'builtin', name: 'error' });
  const fp = parseQuery(`fingerprint:${'ab'.repeat(16)}`);
  assert.equal(fp.type, 'match');
  assert.deepEqual((fp as { parts: string[] }).parts, ['ab'.repeat(16)]);
  refused('error:abc', 6, /error: takes an error group id/);
  refused('error:4*', 6, /error: takes an error group id/);
  refused('error:9223372036854775808', 6, /error: takes an error group id/);
});
