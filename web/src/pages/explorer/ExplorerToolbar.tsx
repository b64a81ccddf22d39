import { useEffect, useRef, useState } from 'react';
import type { Project } from '../../api/types';
import type { ExplorerState } from '../../hooks/useExplorerFilters';
import { TimeRangePicker } from '../../components/TimeRangePicker';

interface ExplorerToolbarProps {
  state: ExplorerState;
  projects: Project[] | undefined;
  onChange: (patch: Partial<ExplorerState>) => void;
  onRefresh: () => void;
}

/** Project, text search, time range, live tail and refresh, in one dense row. */
export function ExplorerToolbar({ state, projects, onChange, onRefresh }: ExplorerToolbarProps) {
  const [text, setText] = useState(state.q);
  const input = useRef<HTMLInputElement>(null);

  // The URL wins when it changes from elsewhere (back button, a clicked link).
  useEffect(() => setText(state.q), [state.q]);

  // Typing searches after a short pause; Enter searches at once.
  useEffect(() => {
    if (text === state.q) return;
    const timer = window.setTimeout(() => onChange({ q: text }), 400);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  // "/" focuses the search box, as in most log tools.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="toolbar">
      <select
        className="select project-select"
        aria-label="Project"
        value={state.project}
        onChange={(e) => onChange({ project: e.target.value, services: [], ctx: {} })}
      >
        <option value="">All projects</option>
        {projects?.map((p) => (
          <option key={p.id} value={p.slug}>
            {p.name}
            {p.active ? '' : ' (inactive)'}
          </option>
        ))}
      </select>
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: text });
        }}
      >
        <span className="search-icon" aria-hidden>
          ⌕
        </span>
        <input
          ref={input}
          type="search"
          placeholder="Search messages…  (press / to focus)"
          aria-label="Search messages"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </form>
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
      <button type="button" className="btn icon-text" onClick={onRefresh} title="Run the query again">
        ↻
      </button>
    </div>
  );
}
