import type { ErrorGroup } from '../../api/errors';
import { HourBars } from '../../components/HourBars';
import { formatAgo, formatCount } from '../../format';
import { Link } from '../../router';
import { ErrorBadges } from './ErrorBadges';

interface ErrorsTableProps {
  groups: ErrorGroup[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  /** Shown when the page lists several projects. */
  showProject: boolean;
}

/** One row per error group: what it is, where, how often and when; a checkbox for the bulk actions. */
export function ErrorsTable({ groups, selected, onSelect, showProject }: ErrorsTableProps) {
  const all = groups.length > 0 && groups.every((g) => selected.has(g.id));
  return (
    <div className="table-wrap">
      <table className="table errors-table" data-testid="errors-table">
        <thead>
          <tr>
            <th className="check-col">
              <input
                type="checkbox"
                aria-label="Select every group shown"
                checked={all}
                onChange={(e) => onSelect(groups.map((g) => g.id), e.target.checked)}
              />
            </th>
            <th>Error</th>
            <th className="num">Events</th>
            <th className="num opt-col">Hosts</th>
            <th className="opt-col">Services</th>
            <th className="opt-col">Last 24 h</th>
            <th>Last seen</th>
            <th className="opt-col">First seen</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-testid="error-row" data-group-id={g.id} className={selected.has(g.id) ? 'selected' : ''}>
              <td className="check-col">
                <input
                  type="checkbox"
                  aria-label={`Select ${g.title}`}
                  checked={selected.has(g.id)}
                  onChange={(e) => onSelect([g.id], e.target.checked)}
                />
              </td>
              <td className="error-cell">
                <div className="error-title-line">
                  <Link href={`/errors/${encodeURIComponent(g.id)}`} className="error-title" data-testid="error-title">
                    {g.title}
                  </Link>
                  <ErrorBadges group={g} showStatus />
                </div>
                <div className="sub">
                  {showProject && <span className="error-project">{g.project} · </span>}
                  <span className="mono">{g.culprit}</span>
                  {g.assignee && <span> · assigned to {g.assignee.name || g.assignee.email}</span>}
                </div>
              </td>
              <td className="num strong" data-testid="error-count">
                {formatCount(g.count)}
              </td>
              <td className="num opt-col">{g.hosts_affected}</td>
              <td className="opt-col services-cell" title={g.services.join(', ')}>
                {g.services.slice(0, 3).join(', ')}
                {g.services.length > 3 && ` +${g.services.length - 3}`}
              </td>
              <td className="opt-col">
                <HourBars values={g.sparkline} label={`Events per hour, last 24 hours: ${g.sparkline.join(', ')}`} />
              </td>
              <td title={g.last_seen}>{formatAgo(g.last_seen)}</td>
              <td className="opt-col" title={g.first_seen}>
                {formatAgo(g.first_seen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
