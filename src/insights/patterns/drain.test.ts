/**
 * Drain on the labelled corpus (test/fixtures/patterns/*.jsonl, made by scripts/gen-pattern-corpus.mjs):
 * pairwise grouping precision/recall/F1 against the known events, and template accuracy, printed and floored.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Drain } from './drain.js';
import { maskMessage, tokenize } from './mask.js';

const DIR = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'patterns');
const corpus = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort().flatMap((f) =>
  fs.readFileSync(path.join(DIR, f), 'utf8').trim().split('\n').map((l) => ({ source: f, ...(JSON.parse(l) as { message: string; template: string }) })),
);

/** Pairwise precision/recall: pairs of lines put together by Drain vs pairs of the same event. */
function pairwise(truth: string[], found: string[]) {
  const pairs = (labels: string[]) => {
    const by = new Map<string, number>();
    for (const l of labels) by.set(l, (by.get(l) ?? 0) + 1);
    return [...by.values()].reduce((n, c) => n + (c * (c - 1)) / 2, 0);
  };
  const both = pairs(truth.map((t, i) => `${t}\u0000${found[i]}`));
  const precision = both / (pairs(found) || 1);
  const recall = both / (pairs(truth) || 1);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

test('Drain groups the labelled corpus with pairwise F1 >= 0.9 and template accuracy >= 0.85', () => {
  assert.ok(corpus.length >= 1000, `corpus has ${corpus.length} lines`);
  const drain = new Drain();
  const ids = corpus.map((c) => drain.add(c.message).clusterId);
  const truthKey = corpus.map((c) => `${c.source}\u0000${c.template}`);
  const all = pairwise(truthKey, ids);
  const exact = corpus.filter((c, i) => drain.cluster(ids[i]!)!.tokens.join(' ') === tokenize(c.template).join(' ')).length / corpus.length;
  const events = new Set(truthKey).size;
  console.log(`corpus ${corpus.length} lines, ${events} events, ${drain.clusterCount} clusters: precision ${all.precision.toFixed(3)} recall ${all.recall.toFixed(3)} F1 ${all.f1.toFixed(3)} template accuracy ${exact.toFixed(3)}`);
  for (const source of new Set(corpus.map((c) => c.source))) {
    const idx = corpus.map((c, i) => (c.source === source ? i : -1)).filter((i) => i >= 0);
    const s = pairwise(idx.map((i) => truthKey[i]!), idx.map((i) => ids[i]!));
    console.log(`  ${source}: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`);
  }
  assert.ok(all.f1 >= 0.9, `pairwise F1 ${all.f1}`);
  assert.ok(exact >= 0.85, `template accuracy ${exact}`);
});

test('masking turns ids, addresses, numbers, quoted strings and durations into <*>', () => {
  assert.equal(
    maskMessage('user 42 from 10.0.0.7:5432 took 12ms id=3fa85f64-5717-4562-b3fc-2c963f66afa6 "bob" hash deadbeef12 v2'),
    'user <*> from <*> took <*> id=<*> <*> hash <*> v2',
  );
});

test('the state survives toJSON/fromJSON: a reloaded tree files lines in the same clusters', () => {
  const a = new Drain();
  const lines = corpus.slice(0, 600).map((c) => c.message);
  for (const l of lines) a.add(l);
  const b = Drain.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  for (const c of corpus.slice(600, 900)) assert.equal(b.add(c.message).clusterId, a.add(c.message).clusterId);
  assert.equal(b.clusterCount, a.clusterCount);
});

test('match() finds the cluster without changing the tree; an unseen event matches nothing', () => {
  const d = new Drain();
  d.add('user alice logged in from 10.0.0.1');
  d.add('user bob logged in from 10.0.0.2');
  const before = JSON.stringify(d.toJSON());
  assert.ok(d.match('user carol logged in from 10.0.0.3'));
  assert.equal(d.match('disk full on /dev/sda1'), null);
  assert.equal(JSON.stringify(d.toJSON()), before);
});
