/** Contract cases: scanLogs is queryLogs's page as stored rows (the export's bulk read). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEVELS, type LogCursor, type LogFilter, type LogRow, type Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';
import { parseQuery } from '../../search/index.js';

const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);

/**
 * What PostgreSQL's jsonb text writes differently from JSON.stringify: numbers (`1e-7` comes back as
 * `0.0000001`, `1e21` as 22 digits), keys that are array indices (jsonb sorts keys by length, JavaScript puts
 * indices first), escapes and unicode, at every depth.
 */
const AWKWARD_CONTEXTS = [
  {
    n: [0.1, 1e-7, 1e21, -1.5, 12345678901234567000, 2 ** 53 + 2, 5e-324, -0, 123456789012345],
    'a key: with, separators': { 'x y': '"q" \\ \u0001 \t é 😀 \u2028', z: [[], {}, [1, [2, [3]]]] },
  },
  { b: 1, 10: 'ten', 2: [1e-7], deep: { '0': { a: 1, '7': [0.5] } } },
];

async function walk<T>(page: (cursor?: LogCursor) => Promise<{ items: T[]; next: LogCursor | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: LogCursor | undefined;
  for (;;) {
    const p = await page(cursor);
    out.push(...p.items);
    if (!p.next) return out;
    cursor = p.next;
  }
}

export function logScanCases(b: Backend): void {
  test('scanLogs: the same rows, order and pages as queryLogs, times as epoch ms and the context as JSON text', async () => {
    const s: Store = await b.fresh();
    const { projectId: p1 } = await withProject(s, 'one');
    const { projectId: p2 } = await withProject(s, 'two');
    const rows: LogRow[] = Array.from({ length: 60 }, (_, i) =>
      row(i % 5 === 4 ? p2 : p1, {
        ts: T0 + Math.floor(i / 4) * 1000 + (i % 2), // ties on ts, broken by id
        receivedAt: T0 + 10_000 + i,
        level: LEVELS[i % LEVELS.length]!,
        service: i % 3 ? 'api' : 'worker',
        message: i % 7 ? `request ${i} ok "quoted" ✓` : `payment ${i} failed`,
        context: JSON.stringify(i % 3 ? { i, nested: { flag: i % 2 === 0, text: 'a\nb' }, list: [1, 'two', null] } : AWKWARD_CONTEXTS[i % 2]),
        environment: i % 2 ? 'production' : null,
        version: `v${i}`,
        host: i % 3 ? 'host-1' : null,
        traceId: i % 4 ? `trace-${i}` : null,
        spanId: i % 4 ? `span-${i}` : null,
      }),
    );
    await s.insertLogs(rows.filter((_, i) => i % 2 === 1)); // two commits: ids not in ts order
    await s.insertLogs(rows.filter((_, i) => i % 2 === 0));
    const filters: LogFilter[] = [
      { projectIds: [p1, p2] }, { projectIds: [p1], levels: ['ERROR', 'INFO'] },
      { projectIds: [p1, p2], query: parseQuery('failed') },
      { projectIds: [p1], query: parseQuery('"ok quoted"') }, // a phrase: PostgreSQL's newest-rows scan
    ];
    for (const f of filters) {
      const listed = await walk(async (cursor) => {
        const p = await s.queryLogs({ ...f, limit: 7, cursor });
        return { items: p.data, next: p.next };
      });
      const scanned = await walk(async (cursor) => {
        const p = await s.scanLogs({ ...f, limit: 7, cursor });
        return { items: p.rows, next: p.next };
      });
      assert.ok(listed.length > 0);
      assert.deepEqual(scanned.map((r) => r.id), listed.map((e) => e.id), JSON.stringify(f));
      scanned.forEach((r, i) => {
        const e = listed[i]!;
        assert.equal(new Date(r.ts).toISOString(), e.timestamp);
        assert.equal(new Date(r.receivedAt).toISOString(), e.receivedAt);
        assert.deepEqual(JSON.parse(r.context), e.context);
        assert.equal(r.context, JSON.stringify(e.context));
        assert.deepEqual(
          [r.projectId, r.level, r.service, r.message, r.environment, r.version, r.host, r.traceId, r.spanId],
          [e.projectId, e.level, e.service, e.message, e.environment, e.version, e.host, e.traceId, e.spanId],
        );
      });
    }
  });
}
