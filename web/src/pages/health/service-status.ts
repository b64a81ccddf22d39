/**
 * Health rules for the overview, kept pure so they can be tested without a browser.
 * - silent: nothing for much longer than this service's usual gap between logs (at least 15 min);
 * - errors rising: at least 3 errors in the last hour, at more than twice the earlier hourly rate;
 * - latency regression: its request p95 over the last hour rose more than the server's threshold against the hour
 *   before (the `slower` flag of GET /api/perf/services);
 * - healthy otherwise.
 */

export type ServiceStatus = 'healthy' | 'errors-rising' | 'latency-regression' | 'silent';

export interface VolumeBucket {
  ts: number; // bucket start, epoch ms
  total: number;
  errors: number; // ERROR + FATAL
}

export interface StatusInput {
  now: number;
  lastSeenAt: number | null;
  windowFrom: number; // start of the bucketed window (usually now - 24 h)
  intervalMs: number;
  buckets: VolumeBucket[];
}

const HOUR = 3_600_000;
const MIN_SILENCE = 15 * 60_000;

/** How long without logs counts as silent, given the volume seen in the window. */
export function silenceThreshold(totalInWindow: number, windowMs: number): number {
  if (totalInWindow <= 1) return Math.max(MIN_SILENCE, windowMs);
  return Math.max(MIN_SILENCE, (windowMs / totalInWindow) * 5);
}

export function errorsRising(input: StatusInput): boolean {
  const recentStart = input.now - HOUR;
  const recent = input.buckets.filter((b) => b.ts + input.intervalMs > recentStart);
  const earlier = input.buckets.filter((b) => b.ts + input.intervalMs <= recentStart);
  const recentErrors = recent.reduce((n, b) => n + b.errors, 0);
  if (recentErrors < 3) return false;
  const recentFrom = recent.length ? Math.min(...recent.map((b) => b.ts)) : recentStart;
  const recentHours = Math.max(1, (input.now - recentFrom) / HOUR);
  const earlierHours = Math.max(1, (recentFrom - input.windowFrom) / HOUR);
  const earlierErrors = earlier.reduce((n, b) => n + b.errors, 0);
  return recentErrors / recentHours > (2 * earlierErrors) / earlierHours;
}

export function serviceStatus(input: StatusInput): ServiceStatus {
  const total = input.buckets.reduce((n, b) => n + b.total, 0);
  const quietFor = input.lastSeenAt === null ? Infinity : input.now - input.lastSeenAt;
  if (quietFor > silenceThreshold(total, input.now - input.windowFrom)) return 'silent';
  if (errorsRising(input)) return 'errors-rising';
  return 'healthy';
}

/**
 * Adds what the performance aggregates know to the status the log volume gave: rising errors stay the headline,
 * a slower p95 outranks silence (a service that answers slowly is hurting users now).
 */
export function withLatency(status: ServiceStatus, slower: boolean): ServiceStatus {
  if (!slower || status === 'errors-rising') return status;
  return 'latency-regression';
}

/** How urgent a status is: errors rising, then a latency regression, then silence, then healthy. */
export const SEVERITY: Record<ServiceStatus, number> = { healthy: 0, silent: 1, 'latency-regression': 2, 'errors-rising': 3 };

/** The worst status among services; a project with no services at all reports null. */
export function worstStatus(statuses: ServiceStatus[]): ServiceStatus | null {
  if (statuses.length === 0) return null;
  return statuses.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
}

/**
 * How an error count is coloured: red only when the status says something is wrong, so a healthy
 * service with its usual trickle of errors does not look like an incident.
 */
export function errorTone(status: ServiceStatus | null, errors: number): 'bad' | 'muted' | '' {
  if (errors === 0) return 'muted';
  return status === 'errors-rising' ? 'bad' : '';
}

/** Latency figures (p95, Apdex) follow the same rule: red only when the latency regressed, not for a steady slow service. */
export function latencyTone(status: ServiceStatus | null): 'bad' | '' {
  return status === 'latency-regression' ? 'bad' : '';
}
