import type { Project } from '../../api/types';
import { formatCount, formatPercent } from '../../format';
import { sum, type ProjectHealth } from './useProjectHealth';

/** The strip above the cards: totals across every project the user can see. */
export function HealthSummary({ projects, health }: { projects: Project[]; health: ReadonlyMap<number, ProjectHealth> }) {
  const all = [...health.values()];
  const logs = all.reduce((n, h) => n + sum(h.day, 'total'), 0);
  const errors = all.reduce((n, h) => n + sum(h.day, 'errors'), 0);
  const services = all.flatMap((h) => h.services);
  const count = (status: string) => services.filter((s) => s.status === status).length;
  const items: Array<[string, string, string?]> = [
    ['Projects', `${projects.filter((p) => p.active).length} active`, projects.some((p) => !p.active) ? `${projects.filter((p) => !p.active).length} inactive` : undefined],
    ['Logs 24h', formatCount(logs)],
    ['Error rate 24h', formatPercent(errors, logs), `${formatCount(errors)} errors`],
    ['Healthy services', String(count('healthy'))],
    ['Errors rising', String(count('errors-rising'))],
    ['Latency up', String(count('latency-regression'))],
    ['Silent services', String(count('silent'))],
  ];
  return (
    <div className="summary" data-testid="health-summary">
      {items.map(([label, value, sub]) => (
        <div key={label} className={`summary-item ${label === 'Errors rising' && value !== '0' ? 'bad' : ''} ${(label === 'Silent services' || label === 'Latency up') && value !== '0' ? 'warn' : ''}`}>
          <div className="metric-label">{label}</div>
          <div className="summary-value">{value}</div>
          {sub && <div className="muted small">{sub}</div>}
        </div>
      ))}
    </div>
  );
}
