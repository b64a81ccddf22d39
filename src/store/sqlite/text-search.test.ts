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
  // 36,000 rows (12,000 in service a, more than one scan): "rare" only in the oldest 60, before "word" in the
  // oldest 30 and after it in the next 30 (the index keeps no word order); "elsewhere" common in service b, rare in service a.
  const rows = Array.from({ length: 36_000 }, (_, i) => row(projectId, {
    ts: T0 + i * 1000,
    service: i % 3 === 0 ? 'a' : 'b',
    level: i % 7 === 0 ? 'ERROR' : 'INFO',
    message: `${i < 30 ? 'rare word' : i < 60 ? 'word x rare' : 'plain'} ${i % 3 !== 0 || i % 1000 === 0 ? 'elsewhere' : 'filler'} line ${i}`,
    context: JSON.stringify({ n: i }),
  }));
  await s.insertLogs(rows);
  // The FTS plans serve only indexed rows: wait for the indexer to reach them all.
  const newest = Number((await s.queryLogs({ projectIds: [projectId], limit: 1 })).data[0]!.id);
  const indexed = s as unknown as { watermark(): number };
  for (const end = Date.now() + 30_000; indexed.watermark() < newest; ) {
    assert.ok(Date.now() < end, `the FTS indexer reached ${indexed.watermark()} in 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const all = (await s.queryLogs({ projectIds: [projectId], limit: 40_000 })).data;
  for (const [q, services] of [
    ['rare', undefined],
    ['"rare word" -level:error', undefined],
    ['"rare word"', undefined],
    ['"word x" "x rare" line', undefined],
    ['-"rare word" word', undefined],
    ['rare.wo*', undefined],
    ['x.rare*', undefined],
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
