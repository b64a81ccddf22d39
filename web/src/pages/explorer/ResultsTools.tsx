import type { ContextField, LogFilter } from '../../api/types';
import type { TimeZoneChoice } from '../../hooks/useExplorerFilters';
import { ColumnChooser } from './ColumnChooser';
import { ExportMenu } from './ExportMenu';

interface ResultsToolsProps {
  zone: TimeZoneChoice;
  onZone: (zone: TimeZoneChoice) => void;
  columns: string[];
  fields: ContextField[] | undefined;
  onColumns: (columns: string[]) => void;
  filter: LogFilter;
}

/** Right of the result count: UTC/local, the column chooser and export. */
export function ResultsTools({ zone, onZone, columns, fields, onColumns, filter }: ResultsToolsProps) {
  return (
    <div className="results-tools">
      <div className="segmented" role="group" aria-label="Time zone">
        {(['local', 'utc'] as const).map((z) => (
          <button key={z} type="button" className={zone === z ? 'active' : ''} aria-pressed={zone === z} onClick={() => onZone(z)}>
            {z === 'utc' ? 'UTC' : 'Local'}
          </button>
        ))}
      </div>
      <ColumnChooser columns={columns} fields={fields} onChange={onColumns} />
      <ExportMenu filter={filter} columns={columns} />
    </div>
  );
}
