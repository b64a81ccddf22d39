/**
 * Everything the overview shows for one project, through the public query API: volume and errors
 * over 1 h (5 min buckets) and 24 h (1 h buckets), each service's status from its own 24 h
 * histogram, and request latency (p95, Apdex) over the last hour from the performance API, with the
 * services whose p95 rose against the hour before. At most MAX_SERVICES services per card are
 * examined, the busiest first; they are listed most urgent first.
 */
import { logsApi } from '../../api/logs';
import { perfApi, type PerfService, type PerfStats } from '../../api/perf';
import type { Histogram, Project } from '../../api/types';
import { useAsync } from '../../hooks/useAsync';
import { compareServices } from './severity';
import { serviceStatus, withLatency, type ServiceStatus, type VolumeBucket } from './service-status';

const HOUR = 3_600_000;
const MAX_SERVICES = 8;

export interface ServiceHealth {
  service: string;
  status: ServiceStatus;
  logs24h: number;
  errors24h: number;
  lastSeenAt: string | null;
  /** Request latency over the last hour; null when the service logged no request with a duration. */
  perf: PerfService | null;
}

export interface ProjectHealth {
  hour: VolumeBucket[];
  day: VolumeBucket[];
  services: ServiceHealth[];
  moreServices: number;
  /** The project's requests over the last hour (p95, Apdex); null when it has none or the API could not say. */
  perf: PerfStats | null;
}

/**
 * Latency is extra on this card: when its request fails the card still shows volume and errors (and says
 * "–" for p95) instead of an error banner over the whole project.
 */
async function latencyOf(slug: string, from: string, signal: AbortSignal) {
  try {
    const [summary, services] = await Promise.all([
      perfApi.summary({ project: slug, from }, { signal }),
      perfApi.services({ project: slug, from }, { signal }),
    ]);
    return { stats: summary.current.count > 0 ? summary.current : null, services };
  } catch (error) {
    if (signal.aborted) throw error;
    return { stats: null, services: [] as PerfService[] };
  }
}

/**
 * Every bucket of the range, empty ones included (the API may leave them out): a sparkline needs
 * its zeros to show a quiet hour as a dip rather than skipping it.
 */
export function toVolume(histogram: Histogram): VolumeBucket[] {
  const step = histogram.interval_ms;
  const from = Date.parse(histogram.from);
  const to = Date.parse(histogram.to);
  const byTime = new Map<number, VolumeBucket>();
  for (const b of histogram.buckets) {
    const ts = typeof b.ts === 'number' ? b.ts : Date.parse(b.ts);
    byTime.set(ts, { ts, total: b.total, errors: (b.counts.ERROR ?? 0) + (b.counts.FATAL ?? 0) });
  }
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to)) return [...byTime.values()];
  const first = Math.floor(from / step) * step;
  const dense: VolumeBucket[] = [];
  for (let ts = first; ts < to; ts += step) dense.push(byTime.get(ts) ?? { ts, total: 0, errors: 0 });
  // Buckets the grid did not predict (a server aligning differently) are kept rather than lost.
  const known = new Set(dense.map((b) => b.ts));
  for (const b of byTime.values()) if (!known.has(b.ts)) dense.push(b);
  return dense.sort((a, b) => a.ts - b.ts);
}

export const sum = (buckets: VolumeBucket[], key: 'total' | 'errors') => buckets.reduce((n, b) => n + b[key], 0);

export function useProjectHealth(project: Project, refresh: number) {
  return useAsync(
    async (signal): Promise<ProjectHealth> => {
      const now = Date.now();
      const dayFrom = new Date(now - 24 * HOUR).toISOString();
      const hourFrom = new Date(now - HOUR).toISOString();
      const base = { project: project.slug };
      const [hour, day, services, latency] = await Promise.all([
        logsApi.histogram({ ...base, from: hourFrom }, '5m', signal),
        logsApi.histogram({ ...base, from: dayFrom }, '1h', signal),
        logsApi.services(project.slug, signal),
        latencyOf(project.slug, hourFrom, signal),
      ]);
      const perfByService = new Map(latency.services.map((s) => [s.service, s]));
      const busiest = [...services].sort((a, b) => b.count - a.count).slice(0, MAX_SERVICES);
      const perService = await Promise.all(
        busiest.map(async (s): Promise<ServiceHealth> => {
          const histogram = await logsApi.histogram({ ...base, services: [s.service], from: dayFrom }, '1h', signal);
          const buckets = toVolume(histogram);
          const lastSeenAt = s.last_seen_at ? Date.parse(s.last_seen_at) : null;
          const perf = perfByService.get(s.service) ?? null;
          const status = serviceStatus({ now, lastSeenAt, windowFrom: now - 24 * HOUR, intervalMs: histogram.interval_ms, buckets });
          return {
            service: s.service,
            status: withLatency(status, perf?.slower === true),
            perf,
            logs24h: sum(buckets, 'total'),
            errors24h: sum(buckets, 'errors'),
            lastSeenAt: s.last_seen_at,
          };
        }),
      );
      return {
        hour: toVolume(hour),
        day: toVolume(day),
        services: perService.sort(compareServices),
        moreServices: services.length - busiest.length,
        perf: latency.stats,
      };
    },
    [project.slug, refresh],
  );
}
