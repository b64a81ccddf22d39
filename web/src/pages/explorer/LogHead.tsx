import { gridColumns } from '../../components/log-columns';
import { zoneLabel } from '../../format';

/** The list's column heads; the time column names its zone. */
export function LogHead({ columns, zone }: { columns: string[]; zone: 'local' | 'utc' }) {
  return (
    <div className="log-head" style={{ gridTemplateColumns: gridColumns(columns.length) }}>
      <span className="col-time" title={zoneLabel(zone)} data-testid="time-zone">
        Time · {zoneLabel(zone).split(' ')[0]}
      </span>
      <span className="col-level">Level</span>
      <span className="col-service">Service</span>
      {columns.map((path) => (
        <span key={path} className="col-extra" title={path}>
          {path.replace(/^ctx\./, '')}
        </span>
      ))}
      <span className="col-message">Message</span>
    </div>
  );
}
