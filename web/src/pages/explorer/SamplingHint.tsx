/**
 * For one sampled project: the true volume sent, from its usage counts, since the list, count and histogram
 * show only the logs kept. An estimate, and said to be one (issue 13).
 */
import { usageApi } from '../../api/usage';
import { formatCount } from '../../format';
import { useAsync } from '../../hooks/useAsync';

const DAYS = 30;

export function SamplingHint({ project }: { project: string | undefined }) {
  const usage = useAsync(async (signal) => (project ? usageApi.get(project, DAYS, signal) : null), [project ?? '']);
  const u = usage.data;
  if (!u) return null;
  const sent = u.days.reduce((s, d) => s + d.sent, 0);
  const kept = u.days.reduce((s, d) => s + d.accepted, 0);
  if (!u.sampling && sent === kept) return null;
  const share = sent ? Math.round((100 * kept) / sent) : 100;
  const rates = Object.entries(u.sampling ?? {}).map(([level, rate]) => `${level} ${Math.round(rate * 100)} %`).join(', ');
  return (
    <span className="muted sampling-hint" data-testid="sampling-hint" title={`Sampling keeps ${rates || 'every level'}; counts and the histogram show the logs kept.`}>
      ≈ {formatCount(sent)} logs sent in {DAYS} days, {share} % kept (estimated)
    </span>
  );
}
