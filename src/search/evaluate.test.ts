import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, parseQuery, type SearchableLog } from './index.js';

const log = (over: Partial<SearchableLog> = {}): SearchableLog => ({
  level: 'INFO', service: 'api', message: 'GET /orders/42 timed out after 30s', context: {},
  environment: null, version: null, host: null, traceId: null, spanId: null, project: 'shop', ...over,
});
const m = (q: string, l: SearchableLog = log()) => matches(parseQuery(q), l);

test('text: whole tokens in a row, case-insensitive; * makes the last a prefix', () => {
  assert.ok(m('orders'));
  assert.ok(m('ORDERS/42'));
  assert.ok(m('"timed out"'));
  assert.ok(!m('"out timed"'));
  assert.ok(!m('order'), 'whole words only');
  assert.ok(m('order*'));
  assert.ok(!m('30'), '"30s" is one token');
  assert.ok(m('30*'));
  assert.ok(m('get timed -stripe'));
  assert.ok(!m('get -timed'));
  assert.ok(m('stripe OR orders'));
  assert.ok(m(''), 'the empty query matches everything');
});

test('built-in fields: exact, case-sensitive values; globs; null columns never equal and -field keeps them', () => {
  assert.ok(m('service:api level:info project:shop'));
  assert.ok(!m('service:API'));
  assert.ok(m('service:a*'));
  assert.ok(!m('service:*x'));
  assert.ok(m('level:>=debug level:<warn level:[trace TO info]'));
  assert.ok(!m('level:>info'));
  assert.ok(!m('env:prod'));
  assert.ok(m('-env:prod'), 'an entry without env is not env:prod');
  assert.ok(!m('has:env'));
  assert.ok(m('has:env', log({ environment: 'prod' })));
  assert.ok(m('env:prod host:h-1 version:1.2.3 trace_id:t span_id:s', log({ environment: 'prod', host: 'h-1', version: '1.2.3', traceId: 't', spanId: 's' })));
});

test('context: strings by content, numbers numerically (and their text), booleans, null as missing', () => {
  const l = log({ context: { status: 500, code: '500', ratio: 1.5, ok: true, no: null, nested: { a: 'x y' }, list: [1, 2], obj: { b: 1 }, path: '/orders/42' } });
  assert.ok(m('ctx.status:500 ctx.status:500.0 ctx.code:500 ctx.code:"500"', l));
  assert.ok(!m('ctx.code:500.0', l), 'a string compares by content');
  assert.ok(m('ctx.ratio:1.5 ctx.ok:true -ctx.ok:false ctx.nested.a:"x y"', l));
  assert.ok(m('ctx.status:>499 ctx.status:[500 TO 500] ctx.ratio:{1 TO 2}', l));
  assert.ok(!m('ctx.code:>1', l), 'comparisons apply to JSON numbers only');
  assert.ok(m('ctx.path:/orders/* ctx.path:*42 ctx.path:*ders*', l));
  assert.ok(!m('ctx.status:5*', l), 'wildcards apply to strings only');
  assert.ok(m('has:ctx.status has:ctx.list has:ctx.obj -has:ctx.no -has:ctx.missing -has:ctx.list.0', l));
  assert.ok(!m('ctx.list:1 OR ctx.obj:1 OR ctx.no:null', l), 'arrays, objects and null equal no value');
  assert.ok(m('-ctx.missing:1 -ctx.missing:>1', l));
});

test('fingerprint: and error: match the entry\'s fingerprint and root group (issue 12)', () => {
  const log = { level: 'ERROR', service: 'api', message: 'x', context: {}, environment: null, version: null, host: null, traceId: null, spanId: null };
  const fp = 'ab'.repeat(16);
  assert.equal(matches(parseQuery(`fingerprint:${fp}`), { ...log, fingerprint: fp }), true);
  assert.equal(matches(parseQuery(`fingerprint:${fp}`), log), false);
  assert.equal(matches(parseQuery('fingerprint:ab*'), { ...log, fingerprint: fp }), true);
  assert.equal(matches(parseQuery('error:7'), { ...log, errorGroup: '7' }), true);
  assert.equal(matches(parseQuery('-error:7'), log), true);
});
