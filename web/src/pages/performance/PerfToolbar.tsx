/** The Performance pages' filters: one project, one service or all, and the time range (the explorer's picker). */
import type { Project } from '../../api/types';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { parseExplorerState, type ExplorerState } from '../../hooks/useExplorerFilters';
import type { PerfFilters } from './perf-filters';

interface PerfToolbarProps {
  filters: PerfFilters;
  projects: Project[] | undefined;
  services: string[];
  onChange: (change: Partial<PerfFilters>) => void;
  onRefresh: () => void;
}

export function PerfToolbar({ filters, projects, services, onChange, onRefresh }: PerfToolbarProps) {
  // The picker speaks the explorer's state; only its range fields matter here.
  const timeState: ExplorerState = { ...parseExplorerState(new URLSearchParams()), range: filters.range, from: filters.from, to: filters.to };
  const onTime = (patch: Partial<ExplorerState>) => onChange({ range: patch.range, from: patch.from, to: patch.to });
  const known = services.includes(filters.service) || !filters.service ? services : [filters.service, ...services];
  return (
    <div className="perf-toolbar">
      <label className="sort-label">
        Project
        <select value={filters.project} onChange={(e) => onChange({ project: e.target.value, service: '' })} aria-label="Project" data-testid="perf-project">
          {!filters.project && <option value="">Choose a project</option>}
          {(projects ?? []).map((p) => (
            <option key={p.id} value={p.slug}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="sort-label">
        Service
        <select value={filters.service} onChange={(e) => onChange({ service: e.target.value })} aria-label="Service" data-testid="perf-service">
          <option value="">All services</option>
          {known.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <TimeRangePicker state={timeState} onChange={onTime} />
      <button type="button" className="btn" onClick={onRefresh} title="Read the range again up to now">
        ↻ Refresh
      </button>
    </div>
  );
}
