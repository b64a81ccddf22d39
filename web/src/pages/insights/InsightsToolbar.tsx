/** Insights filters: the project, the explorer's query box (highlighting, suggestions) and its time range picker. */
import { useMemo } from 'react';
import type { Project } from '../../api/types';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { parseExplorerState, type ExplorerState } from '../../hooks/useExplorerFilters';
import { QueryBar } from '../explorer/QueryBar';
import type { InsightsFilters } from './insights-filters';
import { checkQuery } from './query-check';

interface Props {
  filters: InsightsFilters;
  projects: Project[];
  onChange: (change: Partial<InsightsFilters>) => void;
  onRefresh: () => void;
}

export function InsightsToolbar({ filters, projects, onChange, onRefresh }: Props) {
  const timeState: ExplorerState = { ...parseExplorerState(new URLSearchParams()), range: filters.range, from: filters.from, to: filters.to };
  const onTime = (patch: Partial<ExplorerState>) => onChange({ range: patch.range, from: patch.from, to: patch.to });
  // The server's parser runs here too, so a typo is shown in place before any panel asks the API.
  const check = filters.q.trim() ? checkQuery(filters.q) : null;
  const problem = check && !check.valid ? { message: check.message, position: check.position ?? undefined } : null;
  const sources = useMemo(() => ({ contextFields: [], services: [], projects: projects.map((p) => p.slug) }), [projects]);
  return (
    <div className="insights-toolbar">
      <label className="sort-label">
        Project
        <select value={filters.project} onChange={(e) => onChange({ project: e.target.value })} aria-label="Project" data-testid="insights-project">
          {projects.map((p) => (
            <option key={p.id} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <div className="insights-query">
        <QueryBar value={filters.q} onRun={(q) => onChange({ q })} problem={problem} sources={sources} />
      </div>
      <TimeRangePicker state={timeState} onChange={onTime} />
      <button type="button" className="btn" onClick={onRefresh} title="Read the range again up to now">
        ↻ Refresh
      </button>
    </div>
  );
}
