import type { ErrorGroup } from '../../api/errors';
import { HourBars } from '../../components/HourBars';
import { formatAgo, formatCount } from '../../format';

/** The numbers of a group: how often, since when, in which releases, where. */
export function GroupStats({ group }: { group: ErrorGroup }) {
  const items: Array<[string, string, string?]> = [
    ['Events', formatCount(group.count), String(group.count)],
    ['First seen', formatAgo(group.first_seen), group.first_seen],
    ['Last seen', formatAgo(group.last_seen), group.last_seen],
    ['First release', group.first_release ?? '—'],
    ['Last release', group.last_release ?? '—'],
    ['Hosts', String(group.hosts_affected)],
  ];
  return (
    <div className="group-stats" data-testid="group-stats">
      {items.map(([label, value, title]) => (
        <div key={label} className="metric">
          <div className="metric-label">{label}</div>
          <div className="metric-value" title={title} data-testid={`stat-${label.toLowerCase().replace(' ', '-')}`}>
            {value}
          </div>
        </div>
      ))}
      <div className="metric group-spark">
        <div className="metric-label">Last 24 hours</div>
        <HourBars values={group.sparkline} width={192} height={34} label={`Events per hour, last 24 hours: ${group.sparkline.join(', ')}`} />
      </div>
    </div>
  );
}
