import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordCounter } from './export';

const bytes = (s: string) => new TextEncoder().encode(s);

test('NDJSON records are lines, however the chunks split them', () => {
  const counter = new RecordCounter('ndjson');
  counter.push(bytes('{"a":1}\n{"a"'));
  assert.equal(counter.records, 1);
  counter.push(bytes(':2}\n'));
  assert.equal(counter.records, 2);
});

test('CSV rows skip the header and a newline inside quotes, even across chunks', () => {
  const counter = new RecordCounter('csv');
  counter.push(bytes('id,message\n1,"Error: boom\n    at f'));
  assert.equal(counter.records, 0);
  counter.push(bytes(' (x.js:1)"\n2,"say ""hi"""\n'));
  assert.equal(counter.records, 2);
});
