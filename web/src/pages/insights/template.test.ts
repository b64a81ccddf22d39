import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../../src/search/index.js';
import { patternQuery, quotePhrase, templateParts } from './template';

describe('templateParts', () => {
  it('splits literals and wildcards in order', () => {
    assert.deepEqual(templateParts('user <*> logged in from <*>'), [
      { text: 'user ', wildcard: false },
      { text: '<*>', wildcard: true },
      { text: ' logged in from ', wildcard: false },
      { text: '<*>', wildcard: true },
    ]);
  });
  it('handles leading, adjacent and absent wildcards', () => {
    assert.deepEqual(templateParts('<*><*> x').map((p) => p.wildcard), [true, true, false]);
    assert.deepEqual(templateParts('plain line'), [{ text: 'plain line', wildcard: false }]);
    assert.deepEqual(templateParts(''), []);
  });
  it('keeps markup as literal text', () => {
    assert.equal(templateParts('<b>hi</b> <*>')[0].text, '<b>hi</b> ');
  });
});

describe('patternQuery', () => {
  it('picks the longest literal runs as phrases that parse', () => {
    const q = patternQuery('payment <*> failed: card declined for order <*>');
    assert.equal(q, '"failed: card declined for order" "payment"');
    assert.doesNotThrow(() => parseQuery(q!));
  });
  it('escapes quotes and backslashes so the query still parses', () => {
    const q = patternQuery('path "C:\\tmp" missing <*>')!;
    assert.equal(q, quotePhrase('path "C:\\tmp" missing'));
    assert.doesNotThrow(() => parseQuery(q));
  });
  it('returns null for a template of wildcards and punctuation only', () => {
    assert.equal(patternQuery('<*> - <*>'), null);
  });
});
