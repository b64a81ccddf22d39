/**
 * Contract property: for random messages and random queries built from a small vocabulary with
 * punctuation, the text filter finds exactly what the reference model (model.ts) finds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Backend, row, withProject } from './harness.js';
import { textMatches } from './model.js';

const VOCAB = ['api', 'users', 'user', 'db', 'query', 'Error', 'ERR', 'timeout', 'ECONNREFUSED', '42', '4xx', 'v1', 'über', 'Straße', 'GET', 'x'];
const SEPS = [' ', '/', '.', ': ', '-', '_', ' (', ') ', ', ', '=', '  ', '#'];

const word = fc.constantFrom(...VOCAB);
const sep = fc.constantFrom(...SEPS);
/** word (sep word)*: a message or a query word made of several tokens. */
const phrase = (max: number) =>
  fc.tuple(word, fc.array(fc.tuple(sep, word), { maxLength: max - 1 })).map(([w, rest]) => w + rest.map(([s, x]) => s + x).join(''));
/** A query word: a phrase, sometimes cut short (prefix of its last token), sometimes upper-cased. */
const queryWord = fc
  .tuple(phrase(3), fc.nat(3), fc.boolean())
  .map(([p, cut, upper]) => {
    const w = cut > 0 && p.length > cut + 1 ? p.slice(0, p.length - cut) : p;
    return upper ? w.toUpperCase() : w;
  });

export function textPropertyCases(b: Backend): void {
  test('text: random messages and queries agree with the reference model', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const messages = fc.sample(phrase(8), { numRuns: 80, seed: 42 });
    await s.insertLogs(messages.map((message, i) => row(projectId, { message, ts: Date.UTC(2026, 0, 1) + i, version: String(i) })));
    await new Promise((r) => setTimeout(r, 500)); // let a background text indexer catch up: only the semantics are checked here
    await fc.assert(
      fc.asyncProperty(fc.array(queryWord, { minLength: 1, maxLength: 2 }), async (words) => {
        const text = words.join(' ');
        const found = (await s.queryLogs({ projectIds: [projectId], text, limit: 1000 })).data.map((e) => Number(e.version));
        const expected = messages.flatMap((m, i) => (textMatches(m, text) ? [i] : []));
        assert.deepEqual(found.sort((x, y) => x - y), expected, `text ${JSON.stringify(text)}`);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
}
