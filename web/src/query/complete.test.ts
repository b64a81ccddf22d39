import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySuggestion, completionAt, suggest, type CompletionSources } from './complete';

const sources: CompletionSources = {
  contextFields: [{ path: 'http.route', type: 'string' }, { path: 'http.status', type: 'number' }],
  services: ['api', 'billing worker'],
  projects: ['shop'],
  recent: ['level:error timeout', 'service:api'],
};
const at = (text: string, caret = text.length) => completionAt(text, caret)!;
const labels = (text: string, caret = text.length) => suggest(text, at(text, caret), sources).map((s) => s.label);

test('a word being typed completes to field names, builtins and context paths', () => {
  assert.deepEqual(labels('lev'), ['level:', 'level:error timeout']);
  assert.deepEqual(labels('timeout ctx.http'), ['ctx.http.route:', 'ctx.http.status:']);
  assert.deepEqual(labels('timeout h'), ['host:', 'has:']);
});

test('after a field, its values: levels, services, projects, and field names for has:', () => {
  assert.deepEqual(labels('level:'), ['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
  assert.deepEqual(labels('x level:e'), ['error']);
  assert.deepEqual(labels('service:b'), ['billing worker']);
  assert.deepEqual(labels('-has:ctx.'), ['ctx.http.route', 'ctx.http.status']);
  assert.deepEqual(labels('ctx.http.status:>'), []);
});

test('an empty box offers the recent queries; a started one the recent queries it begins', () => {
  assert.deepEqual(labels(''), ['level:error timeout', 'service:api']);
  assert.deepEqual(labels('serv'), ['service:', 'service:api']);
});

test('picking a suggestion replaces the word at the caret and quotes values that need it', () => {
  const text = 'timeout serv AND x';
  const context = at(text, 12);
  assert.deepEqual(applySuggestion(text, context, suggest(text, context, sources)[0]), { text: 'timeout service: AND x', caret: 16 });
  const value = at('service:bi');
  const picked = applySuggestion('service:bi', value, suggest('service:bi', value, sources)[0]);
  assert.deepEqual(picked, { text: 'service:"billing worker" ', caret: 25 });
  const recent = applySuggestion('', at(''), suggest('', at(''), sources)[1]);
  assert.deepEqual(recent, { text: 'service:api', caret: 11 });
});

test('no completion inside a phrase that is not a field value', () => {
  assert.equal(completionAt('"abc def"', 4), null);
});
