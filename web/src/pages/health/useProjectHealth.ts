/**
 * Everything the overview shows for one project, through the public query API: volume and errors
 * over 1 h (5 min buckets) and 24 h (1 h buckets), and each service's status from its own 24 h
 * histogram. At most MAX_SERVICES services per card are examined, the busiest first.
 */
import { logsApi } from '../../api/logs';
import type { Histogram, Project } from '../../api/types';
import { useAsync } from '../../hooks/useAsync';
import { serviceStatus, type ServiceStatus, type VolumeBucket } from './service-status';

const HOUR = 3_600_000;
const MAX_SERVICES = 8;

export interface ServiceHealth {
  service: string;
  status: ServiceStatus;
  logs24h: number;
  errors24h: number;
  lastSeenAt: string | null;
}

export interface ProjectHealth {
  hour: VolumeBucket[];
  day: VolumeBucket[];
  services: ServiceHealth[];
  moreServices: number;
}

export function toVolume(histogram: Histogram): VolumeBucket[] {
  return histogram.buckets.map((b) => ({
    ts: typeof b.ts === 'number' ? b.ts : Date.parse(b.ts),
    total: b.total,
    errors: (b.counts.ERROR ?? 0) + (b.counts.FATAL ?? 0),
  }));
}

export const sum = (buckets: VolumeBucket[], key: 'total' | 'errors') => buckets.reduce((n, b) => n + b[key], 0);

export function useProjectHealth(project: Project, refresh: number) {
  return useAsync(
    async (signal): Promise<ProjectHealth> => {
      const now = Date.now();
      const dayFrom = new Date(now - 24 * HOUR).toISOString();
      const hourFrom = new Date(now - HOUR).toISOString();
      const base = { project: project.slug };
      const [hour, day, services] = await Promise.all([
        logsApi.histogram({ ...base, from: hourFrom }, '5m', signal),
        logsApi.histogram({ ...base, from: dayFrom }, '1h', signal),
        logsApi.services(project.slug, signal),
      ]);
      const busiest = [...services].sort((a, b) => b.count - a.count).slice(0, MAX_SERVICES);
      const perService = await Promise.all(
        busiest.map(async (s): Promise<ServiceHealth> => {
          const histogram = await logsApi.histogram({ ...base, services: [s.service], from: dayFrom }, '1h', signal);
          const buckets = toVolume(histogram);
          const lastSeenAt = s.last_seen_at ? Date.parse(s.last_seen_at) : null;
          return {
            service: s.service,
            status: serviceStatus({ now, lastSeenAt, windowFrom: now - 24 * HOUR, intervalMs: histogram.interval_ms, buckets }),
            logs24h: sum(buckets, 'total'),
            errors24h: sum(buckets, 'errors'),
            lastSeenAt: s.last_seen_at,
          };
        }),
      );
      return { hour: toVolume(hour), day: toVolume(day), services: perService, moreServices: services.length - busiest.length };
    },
    [project.slug, refresh],
  );
}
