/**
 * Contract property: for random logs and random queries of the search language, printed to text and
 * parsed back, each backend lists and counts exactly the entries the reference evaluator (src/search)
 * matches. Printing must also keep the query's meaning and be stable.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matches, parseQuery, printQuery, type QueryNode } from '../../search/index.js';
import type { LogEntry } from '../types.js';
import { type Backend, withProject } from './harness.js';
import { logRows, queryNode } from './query-arbitraries.js';

export function queryPropertyCases(b: Backend): void {
  test('query language: random logs and queries agree with the reference evaluator (list and count)', async () => {
    const s = await b.fresh();
    const { projectId: one } = await withProject(s, 'one');
    const { projectId: two } = await withProject(s, 'two');
    const slugs = new Map([[one, 'one'], [two, 'two']]);
    const [rows] = fc.sample(logRows([one, two]), { numRuns: 1, seed: 11 });
    await s.insertLogs(rows!);
    await new Promise((r) => setTimeout(r, 500)); // let a background text indexer catch up
    const filter = { projectIds: [one, two] };
    const all = (await s.queryLogs({ ...filter, limit: 1000 })).data.map((e) => ({ ...e, project: slugs.get(e.projectId) }));
    const expected = (q: QueryNode) => all.filter((e) => matches(q, e)).map((e: LogEntry) => e.id);
    await fc.assert(
      fc.asyncProperty(queryNode, async (node) => {
        const text = printQuery(node);
        const parsed = parseQuery(text);
        assert.equal(printQuery(parsed), text, 'printing is stable');
        assert.deepEqual(expected(parsed), expected(node), `printing keeps the meaning of ${text}`);
        const want = expected(parsed);
        const page = await s.queryLogs({ ...filter, query: parsed, limit: 1000 });
        assert.deepEqual(page.data.map((e) => e.id), want, `list ${text}`);
        assert.equal(await s.countLogs({ ...filter, query: parsed }), want.length, `count ${text}`);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
}
