/**
 * Contract property: for random messages and random text terms built from a small vocabulary with
 * punctuation, the text search finds exactly what the reference evaluator (src/search) finds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Backend, row, withProject } from './harness.js';
import type { QueryNode, TextNode } from '../../search/ast.js';
import { matches } from '../../search/evaluate.js';
import { textTokens } from '../../search/text.js';

const VOCAB = ['api', 'users', 'user', 'db', 'query', 'Error', 'ERR', 'timeout', 'ECONNREFUSED', '42', '4xx', 'v1', 'über', 'Straße', 'GET', 'x'];
const SEPS = [' ', '/', '.', ': ', '-', '_', ' (', ') ', ', ', '=', '  ', '#'];

const word = fc.constantFrom(...VOCAB);
const sep = fc.constantFrom(...SEPS);
/** word (sep word)*: a message or a query word made of several tokens. */
const phrase = (max: number) =>
  fc.tuple(word, fc.array(fc.tuple(sep, word), { maxLength: max - 1 })).map(([w, rest]) => w + rest.map(([s, x]) => s + x).join(''));
const span = { start: 0, end: 0 };
/** A text term: a phrase, sometimes cut short and searched by prefix (`db.que*`), sometimes upper-cased. */
const queryWord = fc
  .tuple(phrase(3), fc.nat(3), fc.boolean())
  .map(([p, cut, upper]): TextNode => {
    const w = cut > 0 && p.length > cut + 1 ? p.slice(0, p.length - cut) : p;
    return { type: 'text', tokens: textTokens(upper ? w.toUpperCase() : w), prefix: cut > 0, span };
  });

const NO_FIELDS = { level: 'INFO', service: 'api', context: {}, environment: null, version: null, host: null, traceId: null, spanId: null };

export function textPropertyCases(b: Backend): void {
  test('text: random messages and queries agree with the reference model', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const messages = fc.sample(phrase(8), { numRuns: 80, seed: 42 });
    await s.insertLogs(messages.map((message, i) => row(projectId, { message, ts: Date.UTC(2026, 0, 1) + i, version: String(i) })));
    await new Promise((r) => setTimeout(r, 500)); // let a background text indexer catch up: only the semantics are checked here
    await fc.assert(
      fc.asyncProperty(fc.array(queryWord, { minLength: 1, maxLength: 2 }), async (words) => {
        const query: QueryNode = words.length === 1 ? words[0]! : { type: 'and', children: words, span };
        const found = (await s.queryLogs({ projectIds: [projectId], query, limit: 1000 })).data.map((e) => Number(e.version));
        const expected = messages.flatMap((message, i) => (matches(query, { ...NO_FIELDS, message }) ? [i] : []));
        assert.deepEqual(found.sort((x, y) => x - y), expected, `query ${JSON.stringify(words.map((w) => [w.tokens, w.prefix]))}`);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
}
