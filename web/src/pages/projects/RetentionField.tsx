/**
 * The project's retention in its settings: days kept (empty: the server default) and what the next retention
 * run would delete under the saved setting (the dry run, GET /api/logs/projects/:id/retention).
 */
import { projectsApi, type RetentionInfo } from '../../api/projects';
import { formatBytes, formatCount } from '../../format';
import { useAsync } from '../../hooks/useAsync';

interface RetentionFieldProps {
  projectId?: number;
  value: string;
  onChange: (value: string) => void;
}

function summary(r: RetentionInfo): string {
  const kept = `Keeps ${r.effective_days} days${r.retention_days === null ? ' (server default)' : ''}.`;
  const w = r.would_delete;
  if (w.logs === 0) return `${kept} Nothing is old enough to delete.`;
  const span = w.days.length === 1 ? w.days[0] : `${w.days[0]} to ${w.days[w.days.length - 1]}`;
  return `${kept} The next run deletes ${formatCount(w.logs)} log${w.logs === 1 ? '' : 's'} from ${w.days.length} day${w.days.length === 1 ? '' : 's'} (${span}), about ${formatBytes(w.bytes_estimate)}.`;
}

export function RetentionField({ projectId, value, onChange }: RetentionFieldProps) {
  const info = useAsync(async () => (projectId === undefined ? undefined : projectsApi.retention(projectId)), [projectId]);
  return (
    <label>
      Retention (days)
      <input
        type="number"
        min={1}
        max={3650}
        step={1}
        list="retention-presets"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={info.data ? `server default (${info.data.effective_days})` : 'server default'}
        aria-describedby="retention-summary"
      />
      <datalist id="retention-presets">
        <option value="7" />
        <option value="30" />
        <option value="90" />
      </datalist>
      <span className="hint" id="retention-summary" data-testid="retention-summary">
        {info.data ? summary(info.data) : 'Logs older than this many whole days are deleted. Empty: the server default.'}
      </span>
    </label>
  );
}
