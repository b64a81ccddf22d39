import type { Project } from '../../api/types';
import type { ExplorerState } from '../../hooks/useExplorerFilters';
import type { CompletionSources } from '../../query/complete';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { ProjectPicker } from './ProjectPicker';
import { QueryBar } from './QueryBar';
import type { QueryProblem } from './QueryHighlight';
import { ViewsMenu } from './ViewsMenu';

interface ExplorerToolbarProps {
  state: ExplorerState;
  projects: Project[] | undefined;
  onChange: (patch: Partial<ExplorerState>) => void;
  onRefresh: () => void;
  problem: QueryProblem | null;
  sources: Omit<CompletionSources, 'recent'>;
}

/** Projects, the query, time range, live tail, refresh and saved views, in one dense row. */
export function ExplorerToolbar({ state, projects, onChange, onRefresh, problem, sources }: ExplorerToolbarProps) {
  return (
    <div className="toolbar">
      <ProjectPicker projects={projects} selected={state.projects} onChange={(list) => onChange({ projects: list, services: [], ctx: {} })} />
      <QueryBar value={state.q} onRun={(q) => onChange({ q })} problem={problem} sources={sources} />
      <TimeRangePicker state={state} onChange={onChange} />
      <button
        type="button"
        className={`btn live-btn ${state.live ? 'on' : ''}`}
        aria-pressed={state.live}
        onClick={() => onChange({ live: !state.live })}
        data-testid="live-toggle"
      >
        <span className="live-dot" />
        Live tail
      </button>
      <button type="button" className="btn icon-text" onClick={onRefresh} title="Run the query again" aria-label="Run the query again">
        ↻
      </button>
      <ViewsMenu state={state} onOpen={onChange} />
    </div>
  );
}
