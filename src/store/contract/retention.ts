/**
 * Contract cases: retention (src/retention) on each store, with time moved by the test (injected clock).
 * What survives a run is compared with a second store that only ever held the logs that should survive:
 * counts, histograms, services, facets, stats and text search must answer the same on both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Retention, type RetentionOptions } from '../../retention/retention.js';
import { parseQuery } from '../../search/parser.js';
import type { LogFilter, LogRow, Level, Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';
import { FP_A, FP_B, FP_C, errorRow } from './error-fixtures.js';

const DAY = 86_400_000;
/** "Now" for these cases: noon of 2026-11-25. */
const NOW = Date.UTC(2026, 10, 25, 12);
const TODAY = Math.floor(NOW / DAY);
const LEVELS: Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Logs of a project on each of the last `days` days, with the edges of every day. */
function logsOf(projectId: number, days: number): LogRow[] {
  const rows: LogRow[] = [];
  for (let d = 0; d <= days; d++) {
    const start = (TODAY - d) * DAY;
    const times = [start, start + 1, start + 3_600_000 + 17, start + 12 * 3_600_000 + 59_999, start + DAY - 1];
    times.forEach((ts, i) => rows.push(row(projectId, {
      ts, receivedAt: ts, level: LEVELS[(d + i) % 4]!, service: i % 2 ? 'worker' : 'api',
      message: `${i % 3 ? 'alpha' : 'beta'} event ${d}-${i}`, context: `{"d":${d},"i":${i}}`,
    })));
  }
  return rows;
}

/** Two projects: A keeps 3 days, B the default (10). */
async function seed(s: Store, keep: (r: LogRow) => boolean = () => true) {
  const { projectId: a } = await withProject(s, 'a');
  const { projectId: b } = await withProject(s, 'b');
  await s.updateProject(a, { retentionDays: 3 });
  const rows = [...logsOf(a, 12), ...logsOf(b, 14)].filter(keep);
  await s.insertLogs(rows);
  return { a, b, rows };
}

const survives = (a: number) => (r: LogRow) => Math.floor(r.ts / DAY) >= TODAY - (r.projectId === a ? 3 : 10);
const job = (s: Store, extra: Partial<RetentionOptions> = {}) => new Retention(s, { defaultDays: 10, clock: () => NOW, chunkRows: 7, ...extra });

/** Every read the dashboard makes from counts and rows, for comparing two stores. */
async function answers(s: Store, ids: number[]) {
  const all: LogFilter = { projectIds: ids };
  const from = (TODAY - 20) * DAY;
  const to = (TODAY + 1) * DAY;
  const stats = await Promise.all(ids.map((id) => s.projectStats(id)));
  return {
    count: await s.countLogs(all),
    perProject: await Promise.all(ids.map((id) => s.countLogs({ projectIds: [id] }))),
    edge: await s.countLogs({ ...all, from: (TODAY - 4) * DAY + 30_000, to: (TODAY - 2) * DAY + 90_000 }),
    hourly: await s.histogram({ ...all, from, to }, 3_600_000),
    daily: await s.histogram({ ...all, from, to, levels: ['ERROR', 'WARN'] }, DAY),
    services: (await s.services(ids)).map((x) => ({ ...x })),
    facets: await s.facetCounts({ ...all, from, to }),
    stats,
    text: await s.countLogs({ ...all, query: parseQuery('alpha') }),
    textPage: (await s.queryLogs({ ...all, query: parseQuery('beta level:>=warn'), limit: 500 })).data.map((e) => e.message),
    newest: (await s.queryLogs({ ...all, limit: 500 })).data.map((e) => `${e.timestamp} ${e.message}`),
  };
}

export function retentionCases(b: Backend): void {
  test('retention deletes exactly the expired logs; every count, histogram and search stays exact', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    const { a, b: pb, rows } = await seed(s);
    const report = await job(s).run();
    assert.equal(report.skipped, false);
    const expected = rows.filter(survives(a));
    const deletedRows = rows.length - expected.length;
    const dropped = report.droppedDays.length;
    // Days only B had (older than A's) are whole days for PostgreSQL: dropped there, deleted per project on SQLite.
    if (b.name === 'postgres') assert.ok(dropped > 0, 'days where every project expired are dropped whole');
    else assert.equal(report.deletedLogs, deletedRows);
    assert.ok(report.projectDays.every((d) => d.day < TODAY - (d.projectId === a ? 3 : 10)), 'only expired days are touched');

    const reference = await b.fresh();
    t.after(() => reference.close());
    await seed(reference, survives(a));
    assert.deepEqual(await answers(s, [a, pb]), await answers(reference, [a, pb]));
    assert.equal(await s.countLogs({ projectIds: [a] }), expected.filter((r) => r.projectId === a).length);

    const again = await job(s).run();
    assert.deepEqual([again.deletedLogs, again.droppedDays, again.projectDays], [0, [], []], 'a second run finds nothing');
  });

  test('time moves on: the next day expires, and a day written again after a drop counts from zero', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    const { a, rows } = await seed(s);
    await job(s).run();
    let now = NOW + DAY;
    const report = await job(s, { clock: () => now }).run();
    // A's day TODAY-3 is shared with B, who keeps it: per project. B's TODAY-10 is B's alone by now.
    const pb = a + 1;
    assert.deepEqual(report.projectDays.find((d) => d.projectId === a), { projectId: a, day: TODAY - 3, logs: 5 });
    if (b.name === 'postgres') assert.deepEqual(report.droppedDays, [TODAY - 10]);
    else assert.deepEqual(report.projectDays.find((d) => d.projectId === pb), { projectId: pb, day: TODAY - 10, logs: 5 });
    assert.equal(await s.countLogs({ projectIds: [a] }), rows.filter((r) => r.projectId === a && Math.floor(r.ts / DAY) >= TODAY - 2).length);
    // A late log for an expired day is stored again (until the next run) and counted once.
    const late = row(a, { ts: (TODAY - 12) * DAY + 5, message: 'late' });
    await s.commitBatches([{ rows: [late] }]);
    assert.equal(await s.countLogs({ projectIds: [a], from: (TODAY - 12) * DAY, to: (TODAY - 11) * DAY }), 1);
    now += DAY;
    await job(s, { clock: () => now }).run();
    assert.equal(await s.countLogs({ projectIds: [a], from: (TODAY - 12) * DAY, to: (TODAY - 11) * DAY }), 0);
  });

  test('beforeDelete is awaited for each project day while its logs are still there; a failure keeps that day', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    const { a, b: pb } = await seed(s);
    const seen: string[] = [];
    const report = await job(s, {
      beforeDelete: async (projectId, day) => {
        const n = await s.countLogs({ projectIds: [projectId], from: day * DAY, to: (day + 1) * DAY });
        assert.ok(n > 0, `logs of ${projectId} on day ${day} are still there`);
        seen.push(`${projectId}:${day}`);
        if (projectId === a && day === TODAY - 5) throw new Error('archive unreachable');
      },
    }).run();
    const expectedHooks = [
      ...Array.from({ length: 12 - 3 }, (_, i) => `${a}:${TODAY - 12 + i}`),
      ...Array.from({ length: 14 - 10 }, (_, i) => `${pb}:${TODAY - 14 + i}`),
    ].sort();
    assert.deepEqual([...seen].sort(), expectedHooks);
    assert.deepEqual(report.failed.map((f) => [f.projectId, f.day, f.error]), [[a, TODAY - 5, 'archive unreachable']]);
    assert.equal(await s.countLogs({ projectIds: [a], from: (TODAY - 5) * DAY, to: (TODAY - 4) * DAY }), 5, 'the failed day is kept');
    assert.equal(await s.countLogs({ projectIds: [a], from: (TODAY - 6) * DAY, to: (TODAY - 5) * DAY }), 0);
  });

  test('dry run: the logs, days and bytes a run would delete, without deleting them', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    const { a, rows } = await seed(s);
    const project = (await s.getProject(a))!;
    const r = job(s);
    const preview = await r.preview(project);
    const doomed = rows.filter((x) => x.projectId === a && !survives(a)(x));
    assert.equal(preview.effectiveDays, 3);
    assert.equal(preview.retentionDays, 3);
    assert.equal(preview.preview.logs, doomed.length);
    assert.deepEqual(preview.preview.days, [...new Set(doomed.map((x) => Math.floor(x.ts / DAY)))].sort((x, y) => x - y));
    assert.equal(preview.preview.oldestLog, (TODAY - 12) * DAY);
    assert.ok(preview.preview.bytesEstimate > 0);
    assert.equal(await s.countLogs({ projectIds: [a] }), rows.filter((x) => x.projectId === a).length, 'nothing deleted');
    await r.run();
    const after = await r.preview(project);
    assert.deepEqual([after.preview.logs, after.preview.days, after.preview.oldestLog], [0, [], (TODAY - 3) * DAY]);
  });

  test('runs are single-flight: a call during a run gets that run', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    await seed(s);
    const r = job(s);
    const [x, y] = [r.run(), r.run()];
    assert.equal(x, y);
    await x;
  });

  test('error groups age with their events: hours, counts, first seen and tags; a group with none left goes', async (t) => {
    const s = await b.fresh();
    t.after(() => s.close()); // give PostgreSQL connections back now, not at the end of the whole suite
    const { projectId } = await withProject(s);
    await s.updateProject(projectId, { retentionDays: 3 });
    const at = (back: number, ms: number) => (TODAY - back) * DAY + ms;
    await s.commitBatches([{ rows: [
      errorRow(projectId, FP_A, { ts: at(5, 1000), host: 'old-host' }),
      errorRow(projectId, FP_A, { ts: at(5, 7_200_000), host: 'h1' }),
      errorRow(projectId, FP_A, { ts: at(1, 3_600_000), host: 'h1' }),
      errorRow(projectId, FP_B, { ts: at(6, 5) }),
      errorRow(projectId, FP_C, { ts: at(4, 5) }),
      errorRow(projectId, FP_C, { ts: at(0, 5) }),
    ] }]);
    const before = await s.listErrorGroups({ projectIds: [projectId], status: 'all', sort: 'first_seen', limit: 10, offset: 0, now: NOW });
    const [c, b2] = [before.find((g) => g.fingerprint === FP_C)!, before.find((g) => g.fingerprint === FP_B)!];
    // C merged into A: A then counts C's events too, and A's fingerprints include C's.
    assert.equal(await s.mergeErrorGroups(before.find((g) => g.fingerprint === FP_A)!.id, [c.id]), true);
    await job(s).run();
    const after = await s.listErrorGroups({ projectIds: [projectId], status: 'all', sort: 'first_seen', limit: 10, offset: 0, now: NOW });
    assert.deepEqual(after.map((g) => [g.fingerprint, g.count, g.firstSeen, g.lastSeen]), [[FP_A, 2, at(1, 3_600_000), at(0, 5)]]);
    assert.equal(await s.getErrorGroup(b2.id, NOW), null, 'B had no event left');
    const a = (await s.getErrorGroup(after[0]!.id, NOW))!;
    assert.deepEqual(a.hourly.map((h) => h.count).reduce((x, y) => x + y, 0), 2);
    const tags = await s.errorGroupTags(a.id);
    assert.deepEqual(tags.host.map((t) => t.value), ['h1'], 'a value seen only on expired days goes');
    assert.ok(tags.host.every((t) => t.firstSeen >= (TODAY - 3) * DAY - DAY));
  });
}
