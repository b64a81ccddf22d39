import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertParseBounded, entryCuts, hasMoreContainersThan, hasMoreEntriesThan, parseBatch } from './entry-count.js';
import { turnsWhile } from '../testing/turns.js';

const entries = (n: number, make: (i: number) => unknown = (i) => ({ level: 'INFO', message: `m${i}` })) => Array.from({ length: n }, (_, i) => make(i));

test('envelope: counts the elements of "logs" only', () => {
  const body = (n: number) => JSON.stringify({ service_name: 'api', tags: entries(50), logs: entries(n), extra: [1, 2, 3, 4, 5, 6] });
  assert.equal(hasMoreEntriesThan(body(10), 10), false);
  assert.equal(hasMoreEntriesThan(body(11), 10), true);
  assert.equal(hasMoreEntriesThan(body(0), 0), false);
  assert.equal(hasMoreEntriesThan(body(1), 0), true);
});

test('bare array: counts its elements, of any JSON type', () => {
  assert.equal(hasMoreEntriesThan('[{},{},{}]', 3), false);
  assert.equal(hasMoreEntriesThan('[{},{},{},{}]', 3), true);
  assert.equal(hasMoreEntriesThan(' [ 1 , "a" , null , true ] ', 3), true);
  assert.equal(hasMoreEntriesThan('[]', 0), false);
  assert.equal(hasMoreEntriesThan('[ ]', 0), false);
  assert.equal(hasMoreEntriesThan('[1]', 0), true);
});

test('commas and brackets inside strings, nested arrays and objects are not entries', () => {
  const tricky = entries(5, (i) => ({ message: `a, b ] [ } { \\" "quoted", ${i}`, context: { list: [1, 2, [3, 4]], o: { a: [{}, {}] } } }));
  const text = JSON.stringify({ logs: tricky, service_name: 'x,y' });
  assert.equal(hasMoreEntriesThan(text, 5), false);
  assert.equal(hasMoreEntriesThan(text, 4), true);
  assert.equal(hasMoreEntriesThan(JSON.stringify({ message: '"logs":[1,2,3]', logs: [1] }), 1), false);
});

test('text that is not JSON, or another shape, is left to JSON.parse', () => {
  assert.equal(hasMoreEntriesThan('not json, at, all', 1), false);
  assert.equal(hasMoreEntriesThan('{"log": {"message": "a,b,c"}}', 0), false);
  assert.equal(hasMoreEntriesThan('"[1,2,3]"', 1), false);
  // Cut short: the entries begun count, also inside an unterminated string.
  assert.equal(hasMoreEntriesThan('[{"a":1},{"a":2},{"a":"x', 2), true);
  assert.equal(hasMoreEntriesThan('[{"a":1},{"a":2},{"a":"x', 3), false);
  assert.equal(hasMoreEntriesThan('{"logs":[1,2,3', 2), true);
  assert.equal(hasMoreEntriesThan('{"logs":[1,2,3', 3), false);
});

test('agrees with JSON.parse on generated batches', () => {
  let seed = 5;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const value = (depth: number): unknown => {
    const k = r();
    if (depth > 2 || k < 0.3) return k < 0.1 ? null : k < 0.2 ? Math.round(r() * 1000) : `s${String.fromCharCode(32 + Math.floor(r() * 90))},]"\\`;
    if (k < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}${r() < 0.2 ? ',"logs":[' : ''}`, value(depth + 1)]));
  };
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(r() * 20);
    const list = Array.from({ length: n }, () => value(0));
    const text = r() < 0.5 ? JSON.stringify(list, null, r() < 0.5 ? 2 : undefined) : JSON.stringify({ service_name: 's', meta: value(0), logs: list, after: value(0) });
    const max = Math.floor(r() * 20);
    assert.equal(hasMoreEntriesThan(text, max), n > max, `${text} max ${max}`);
  }
});

test('containers: objects and arrays outside strings are counted, nothing else', () => {
  assert.equal(hasMoreContainersThan('[{},[],{"a":[1,{}]}]', 5), true); // 6
  assert.equal(hasMoreContainersThan('[{},[],{"a":[1,{}]}]', 6), false);
  // Brackets in strings, escaped quotes, keys: not containers.
  assert.equal(hasMoreContainersThan(`${JSON.stringify({ m: '{[{[\\"{[', '{k[': 'x"[{' })}            `, 1), false);
  assert.equal(hasMoreContainersThan(`[${'1,'.repeat(50)}1]`, 1), false);
  // Cut short inside a string: what follows its opening quote is not counted (the parse refuses the text).
  assert.equal(hasMoreContainersThan(`[{},"${'{}'.repeat(20)}`, 2), false);
});

test('containers: agrees with a walk of the parsed value on generated JSON', () => {
  let seed = 11;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const value = (depth: number): unknown => {
    const k = r();
    if (depth > 3 || k < 0.3) return k < 0.1 ? null : k < 0.2 ? Math.round(r() * 1000) : `s{[${String.fromCharCode(32 + Math.floor(r() * 90))}"\\]}`;
    if (k < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}[{"`, value(depth + 1)]));
  };
  const containers = (v: unknown): number =>
    Array.isArray(v) ? 1 + v.reduce((n: number, x) => n + containers(x), 0) : v !== null && typeof v === 'object' ? 1 + Object.values(v).reduce((n: number, x) => n + containers(x), 0) : 0;
  for (let i = 0; i < 300; i++) {
    const v = value(0);
    const text = JSON.stringify(v, null, r() < 0.5 ? 2 : undefined);
    const n = containers(v);
    // Below 2 × max characters the answer is false by length; pick maxes on both sides of n that the text can reach.
    for (const max of [n - 1, n]) if (max >= 0 && text.length > 2 * max) assert.equal(hasMoreContainersThan(text, max), n > max, `${text} max ${max}`);
  }
});

test('assertParseBounded: 413 TOO_MANY_VALUES past 64 containers per entry of a full batch', () => {
  const within = `[${'{},'.repeat(638)}{}]`; // 639 objects and the array: 640
  assert.doesNotThrow(() => assertParseBounded(within, 10));
  assert.throws(() => assertParseBounded(`[${within}]`, 10), (err: any) => err.code === 'TOO_MANY_VALUES' && /at most 640 JSON objects and arrays/.test(err.message));
});

test('entryCuts: the entries array and the commas between entries; null for what it cannot cut', () => {
  const text = '{"a":[1,2],"logs":[{"m":"x,]"}, 2 ,[3,4]],"b":"}"}';
  const cuts = entryCuts(text, 10);
  assert.ok(cuts && cuts !== 'too-many');
  assert.equal(text[cuts.open], '[');
  assert.equal(text[cuts.close], ']');
  assert.deepEqual(cuts.commas.map((c) => text[c]), [',', ',']);
  assert.deepEqual(JSON.parse(text.slice(cuts.open, cuts.close + 1)), [{ m: 'x,]' }, 2, [3, 4]]);
  assert.equal(entryCuts(text, 2), 'too-many');
  // A second "logs" key, whatever its value: JSON.parse keeps the last; left to it.
  for (const twice of ['{"logs":[1,2,3],"logs":[4]}', '{"logs":[1,2,3],"logs":5}', '{"logs":5,"logs":[1]}']) assert.equal(entryCuts(twice, 10), null, twice);
  for (const bad of ['{"logs":[1,2', '"text"', '{"log":[1]}', '', '[1,2']) assert.equal(entryCuts(bad, 10), null, bad);
});

/** A batch of ~2 MiB (over the size parsed in one go): `n` entries with a message of `size` characters. */
const bigBatch = (n: number, size: number, envelope = true) => {
  const list = Array.from({ length: n }, (_, i) => ({ level: 'info', message: `m${i} ${'x,]}'.repeat(size / 4)}`, context: { i, tags: ['a', { b: [i] }] } }));
  return envelope ? JSON.stringify({ service_name: 'api', logs: list, after: { x: [1, 2] } }, null, i2(n)) : JSON.stringify(list);
};
const i2 = (n: number) => (n % 2 ? 1 : undefined);

test('parseBatch: a large batch parsed in runs gives what JSON.parse gives, envelope or bare array', async () => {
  for (const text of [bigBatch(4000, 500), bigBatch(3001, 700), bigBatch(5000, 400, false), bigBatch(1, 2_200_000), `${bigBatch(2000, 1000)}  \n`]) {
    assert.ok(text.length > 1 << 20);
    assert.deepEqual(await parseBatch(text, 10_000), JSON.parse(text));
  }
  assert.deepEqual(await parseBatch('{"logs":[]}', 10), { logs: [] });
  for (const last of ['[ ]', '7', '{"a":[1]}']) {
    const twice = `{"logs":[1],"pad":"${'p'.repeat(1 << 20)}","logs":${last}}`;
    assert.deepEqual(await parseBatch(twice, 10), JSON.parse(twice));
  }
});

test('parseBatch: the event loop turns while a large batch is parsed; errors and refusals are those of the whole', async () => {
  const text = bigBatch(10_000, 900);
  const { value, turns } = await turnsWhile(() => parseBatch(text, 10_000));
  const parsed = value as { logs: unknown[] };
  assert.equal(parsed.logs.length, 10_000);
  assert.ok(turns >= 20, `${turns} turns`); // ~10 MiB in runs of 256 KiB: about 40
  // Not JSON somewhere in the middle, trailing text, a trailing comma: JSON.parse's own error.
  for (const bad of [text.replace('"m5000 ', '"m5000 \\u12'), `${text}x`, text.replace(/\]\s*,"after"/, ',],"after"'), `[${text}`]) {
    assert.notEqual(bad, text);
    let expected = '';
    try {
      JSON.parse(bad);
    } catch (err) {
      expected = (err as Error).message;
    }
    await assert.rejects(parseBatch(bad, 10_000), (err: Error) => err instanceof SyntaxError && err.message === expected);
  }
  await assert.rejects(parseBatch(text, 9_999), (err: any) => err.code === 'TOO_MANY_ENTRIES');
  await assert.rejects(parseBatch(`[[${'[],'.repeat(400_000)}[]]]`, 1_000), (err: any) => err.code === 'TOO_MANY_VALUES'); // one entry
});
