/**
 * /errors: the error groups of one project, several, or all, newest activity first. Filters live in the URL
 * (error-filters.ts); the list loads 50 groups at a time by cursor; checked rows can be resolved, ignored or merged at once.
 */
import { useEffect, useMemo, useState } from 'react';
import { errorsApi } from '../../api/errors';
import { projectsApi } from '../../api/projects';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { Tabs } from '../../components/Tabs';
import { useAsync } from '../../hooks/useAsync';
import { useCursorPages } from '../../hooks/useCursorPages';
import { navigate, useLocation } from '../../router';
import { ProjectPicker } from '../explorer/ProjectPicker';
import { BulkBar } from './BulkBar';
import { ErrorsEmpty } from './ErrorsEmpty';
import { ErrorsTable } from './ErrorsTable';
import { errorsUrl, parseErrorFilters, SORTS, STATUS_TABS, tabStatuses, type ErrorFilters } from './error-filters';

const PAGE_SIZE = 50;

export function ErrorsPage() {
  const { search } = useLocation();
  const filters = parseErrorFilters(search);
  const key = errorsUrl(filters);
  const update = (change: Partial<ErrorFilters>) => navigate(errorsUrl({ ...filters, ...change }), { replace: 'q' in change });
  const projects = useAsync(() => projectsApi.list(), []);
  const pages = useCursorPages(
    (cursor, signal) =>
      errorsApi.list({ projects: filters.projects, status: tabStatuses(filters.status), sort: filters.sort, q: filters.q, limit: PAGE_SIZE, cursor }, signal),
    key,
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setSelected(new Set()), [key]);
  const text = useDebouncedText(filters.q, (q) => update({ q }));

  useEffect(() => {
    document.title = 'Errors · DevSmith Logs';
  }, []);

  const select = (ids: string[], on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      for (const id of ids) if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const shown = useMemo(() => pages.rows.filter((g) => selected.has(g.id)), [pages.rows, selected]);

  return (
    <div className="page errors-page">
      <header className="page-head">
        <div>
          <h1>Errors</h1>
          <p className="muted">Warnings and errors grouped by problem: one row however many times it happened.</p>
        </div>
        <ProjectPicker projects={projects.data} selected={filters.projects} onChange={(list) => update({ projects: list })} />
      </header>
      <Tabs tabs={STATUS_TABS} active={filters.status} onChange={(status) => update({ status })} label="Status" />
      <div className="errors-toolbar">
        <input
          type="search"
          className="errors-filter"
          placeholder="Filter by title or culprit"
          aria-label="Filter error groups"
          value={text.value}
          onChange={(e) => text.set(e.target.value)}
        />
        <label className="sort-label">
          Sort by
          <select value={filters.sort} onChange={(e) => update({ sort: e.target.value as ErrorFilters['sort'] })} aria-label="Sort by">
            {SORTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length > 0 && (
        <BulkBar
          groups={shown}
          canReopen={filters.status !== 'unresolved'}
          onClear={() => setSelected(new Set())}
          onDone={() => {
            setSelected(new Set());
            pages.reload();
          }}
        />
      )}
      {pages.error && <ErrorBanner error={pages.error} onRetry={pages.reload} />}
      {pages.rows.length > 0 && (
        <ErrorsTable groups={pages.rows} selected={selected} onSelect={select} showProject={filters.projects.length !== 1} />
      )}
      {!pages.loading && !pages.error && pages.rows.length === 0 && (
        <ErrorsEmpty status={filters.status} q={filters.q} project={filters.projects.length === 1 ? filters.projects[0] : undefined} />
      )}
      <div className="list-foot">
        {pages.loading && <Spinner />}
        {pages.hasMore && !pages.loading && (
          <button type="button" className="btn" onClick={pages.loadMore}>
            Load more
          </button>
        )}
      </div>
    </div>
  );
}

/** The filter box: typed text shows at once, the URL (and the request) follows after a pause. */
function useDebouncedText(committed: string, commit: (value: string) => void) {
  const [value, setValue] = useState(committed);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setValue(committed);
  }, [committed, dirty]);
  useEffect(() => {
    if (!dirty) return;
    const timer = window.setTimeout(() => {
      setDirty(false);
      if (value !== committed) commit(value.trim());
    }, 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, dirty]);
  return {
    value,
    set: (next: string) => {
      setValue(next);
      setDirty(true);
    },
  };
}
