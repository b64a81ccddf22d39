import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsRising, serviceStatus, silenceThreshold, worstStatus, type VolumeBucket } from './service-status';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const windowFrom = now - 24 * HOUR;

function hourly(perHour: (hoursAgo: number) => Partial<VolumeBucket>): VolumeBucket[] {
  return Array.from({ length: 24 }, (_, i) => {
    const hoursAgo = 23 - i;
    return { ts: windowFrom + i * HOUR, total: 60, errors: 0, ...perHour(hoursAgo) };
  });
}

test('a steady service that logged a minute ago is healthy', () => {
  const buckets = hourly(() => ({ errors: 1 }));
  assert.equal(serviceStatus({ now, lastSeenAt: now - 60_000, windowFrom, intervalMs: HOUR, buckets }), 'healthy');
});

test('errors jumping in the last hour are flagged as rising', () => {
  const buckets = hourly((ago) => ({ errors: ago === 0 ? 30 : 1 }));
  assert.equal(serviceStatus({ now, lastSeenAt: now - 1000, windowFrom, intervalMs: HOUR, buckets }), 'errors-rising');
});

test('a couple of errors are not a trend', () => {
  const buckets = hourly((ago) => ({ errors: ago === 0 ? 2 : 0 }));
  assert.equal(errorsRising({ now, lastSeenAt: now, windowFrom, intervalMs: HOUR, buckets }), false);
});

test('a service that always errs at the same rate is not rising', () => {
  const buckets = hourly(() => ({ errors: 20 }));
  assert.equal(errorsRising({ now, lastSeenAt: now, windowFrom, intervalMs: HOUR, buckets }), false);
});

test('a busy service quiet for an hour is silent, a sparse one is not', () => {
  const busy = hourly((ago) => ({ total: ago === 0 ? 0 : 600 }));
  assert.equal(serviceStatus({ now, lastSeenAt: now - HOUR, windowFrom, intervalMs: HOUR, buckets: busy }), 'silent');
  const sparse = hourly((ago) => ({ total: ago % 6 === 1 ? 1 : 0 }));
  assert.equal(serviceStatus({ now, lastSeenAt: now - HOUR, windowFrom, intervalMs: HOUR, buckets: sparse }), 'healthy');
});

test('silence never triggers under 15 minutes, and a service never seen is silent', () => {
  assert.equal(silenceThreshold(1_000_000, 24 * HOUR), 15 * 60_000);
  const buckets = hourly(() => ({ total: 0 }));
  assert.equal(serviceStatus({ now, lastSeenAt: null, windowFrom, intervalMs: HOUR, buckets }), 'silent');
});

test('the worst status wins', () => {
  assert.equal(worstStatus(['healthy', 'silent', 'healthy']), 'silent');
  assert.equal(worstStatus(['silent', 'errors-rising']), 'errors-rising');
  assert.equal(worstStatus([]), null);
});

test('histograms become dense series with zero buckets', async () => {
  const { toVolume } = await import('./useProjectHealth');
  const from = new Date(now - 4 * HOUR).toISOString();
  const to = new Date(now).toISOString();
  const series = toVolume({
    interval_ms: HOUR,
    from,
    to,
    buckets: [{ ts: new Date(now - 2 * HOUR).toISOString(), total: 5, counts: { INFO: 3, ERROR: 1, FATAL: 1 } }],
  });
  assert.deepEqual(series.map((b) => [b.ts, b.total, b.errors]), [
    [now - 4 * HOUR, 0, 0],
    [now - 3 * HOUR, 0, 0],
    [now - 2 * HOUR, 5, 2],
    [now - 1 * HOUR, 0, 0],
  ]);
});

test('error counts are red only when the status is unhealthy', async () => {
  const { errorTone } = await import('./service-status');
  assert.equal(errorTone('healthy', 4), '', 'a healthy service with a few errors is not an alarm');
  assert.equal(errorTone('silent', 4), '');
  assert.equal(errorTone('errors-rising', 4), 'bad');
  assert.equal(errorTone('healthy', 0), 'muted');
  assert.equal(errorTone('errors-rising', 0), 'muted');
  assert.equal(errorTone(null, 3), '');
});

test('a slower p95 marks a service unless its errors are rising, and ranks between errors and silence', async () => {
  const { withLatency, worstStatus } = await import('./service-status');
  assert.equal(withLatency('healthy', true), 'latency-regression');
  assert.equal(withLatency('silent', true), 'latency-regression', 'it answered slowly within the hour, so it is not silent');
  assert.equal(withLatency('errors-rising', true), 'errors-rising');
  assert.equal(withLatency('healthy', false), 'healthy');
  assert.equal(worstStatus(['silent', 'latency-regression', 'healthy']), 'latency-regression');
  assert.equal(worstStatus(['latency-regression', 'errors-rising']), 'errors-rising');
});

test('latency figures are red only for a latency regression', async () => {
  const { latencyTone } = await import('./service-status');
  assert.equal(latencyTone('latency-regression'), 'bad');
  assert.equal(latencyTone('healthy'), '');
  assert.equal(latencyTone('errors-rising'), '');
  assert.equal(latencyTone(null), '');
});
