/**
 * The anomalies of the explorer's range as histogram marks, when it shows exactly one project (anomalies are
 * judged per project). Best effort: the marks are an aid, so a failure leaves the histogram as it was.
 */
import { useMemo } from 'react';
import { insightsApi } from '../../api/insights';
import type { Project } from '../../api/types';
import { useAsync } from '../../hooks/useAsync';
import { anomalyTitle } from '../insights/anomaly-format';

export function useAnomalyMarks(project: Project | undefined, range: { from?: string; to?: string } | undefined) {
  const key = `${project?.id}|${range?.from}|${range?.to}`;
  const anomalies = useAsync(
    (signal) => (project && range?.from && range.to ? insightsApi.anomalies({ project_id: project.id, from: range.from, to: range.to }, { signal }) : Promise.resolve(null)),
    [key],
  );
  return useMemo(
    () =>
      (anomalies.data?.data ?? [])
        .map((a) => ({ from: Date.parse(a.from), to: Date.parse(a.to), title: anomalyTitle(a) }))
        .filter((m) => Number.isFinite(m.from) && Number.isFinite(m.to)),
    [anomalies.data],
  );
}
