/**
 * SQLite's text-search plans (text-search.ts) beyond the first SCAN_ROWS rows: a rare word (FTS hits),
 * a word rare under the filters but common elsewhere (the general query), and a query with text under an
 * OR; lists and counts must equal the reference evaluator's answer whichever plan serves them.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { matches, parseQuery } from '../../search/index.js';
import { row, sqliteBackend, withProject } from '../contract/harness.js';

const backend = sqliteBackend();
after(() => backend.cleanup());

test('plans past the newest-first scan agree with the evaluator (list, cursor page and count)', async () => {
  const s = await backend.fresh();
  const { projectId } = await withProject(s);
  const T0 = Date.UTC(2026, 0, 1);
  // 36,000 rows (12,000 in service a, more than one scan): "rare" only in the oldest 30; "elsewhere" common in service b, rare in service a.
  const rows = Array.from({ length: 36_000 }, (_, i) => row(projectId, {
    ts: T0 + i * 1000,
    service: i % 3 === 0 ? 'a' : 'b',
    level: i % 7 === 0 ? 'ERROR' : 'INFO',
    message: `${i < 30 ? 'rare word' : 'plain'} ${i % 3 !== 0 || i % 1000 === 0 ? 'elsewhere' : 'filler'} line ${i}`,
    context: JSON.stringify({ n: i }),
  }));
  await s.insertLogs(rows);
  await new Promise((r) => setTimeout(r, 1500)); // the FTS indexer; rows above its watermark are exact anyway
  const all = (await s.queryLogs({ projectIds: [projectId], limit: 40_000 })).data;
  for (const [q, services] of [
    ['rare', undefined],
    ['"rare word" -level:error', undefined],
    ['elsewhere', ['a']],
    ['(rare OR ctx.n:[35990 TO 35995]) line', undefined],
    ['elsewhere ctx.n:<2000', ['a']],
  ] as const) {
    const query = parseQuery(q);
    const expected = all.filter((e) => (!services || services.includes(e.service as never)) && matches(query, e)).map((e) => e.id);
    const f = { projectIds: [projectId], query, services: services ? [...services] : undefined };
    const first = await s.queryLogs({ ...f, limit: 10 });
    assert.deepEqual(first.data.map((e) => e.id), expected.slice(0, 10), `first page of ${q}`);
    if (first.next) {
      const second = await s.queryLogs({ ...f, limit: 10, cursor: first.next });
      assert.deepEqual(second.data.map((e) => e.id), expected.slice(10, 20), `second page of ${q}`);
    }
    assert.equal(await s.countLogs(f), expected.length, `count of ${q}`);
  }
});
