/** The anomalies of a project's last hour on its overview card, linked to the Insights page. */
import { insightsApi } from '../../api/insights';
import type { Project } from '../../api/types';
import { ExplainButton } from '../../components/ExplainButton';
import { useAsync } from '../../hooks/useAsync';
import { Link } from '../../router';
import { anomalyTitle } from '../insights/anomaly-format';
import { insightsUrl } from '../insights/insights-filters';

export function CardAnomalies({ project, refresh }: { project: Project; refresh: number }) {
  const anomalies = useAsync((signal) => {
    const to = Date.now();
    return insightsApi.anomalies({ project_id: project.id, from: new Date(to - 3_600_000).toISOString(), to: new Date(to).toISOString() }, { signal });
  }, [project.id, refresh]);
  if (anomalies.error) return <p className="muted small">Anomalies could not be read: {anomalies.error.message}</p>;
  const list = anomalies.data?.data ?? [];
  if (list.length === 0) return null;
  const top = [...list].sort((a, b) => Math.abs(b.score) - Math.abs(a.score))[0];
  return (
    <div className="card-anomalies" data-testid="card-anomalies">
      <Link href={insightsUrl({ project: project.slug })} className="bad strong">
        {list.length === 1 ? '1 anomaly' : `${list.length} anomalies`} in the last hour
      </Link>
      <div className="small">{anomalyTitle(top)}</div>
      <ExplainButton projectId={project.id} target={{ type: 'anomaly', id: top.id, from: top.from, to: top.to }} what="this anomaly" />
    </div>
  );
}
