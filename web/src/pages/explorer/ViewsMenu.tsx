/**
 * Saved views: save the current query under a name, open, rename or delete one. Opening a view puts
 * its whole query in the URL (plus `view=<id>`), so the address bar is the link to share.
 */
import { useState } from 'react';
import type { SavedView } from '../../api/types';
import { viewsApi } from '../../api/views';
import { usePopover } from '../../components/usePopover';
import { useAsync } from '../../hooks/useAsync';
import type { ExplorerState } from '../../hooks/useExplorerFilters';
import { stateToViewQuery, viewToState } from '../../hooks/view-state';
import { ViewItem } from './ViewItem';

interface ViewsMenuProps {
  state: ExplorerState;
  onOpen: (patch: Partial<ExplorerState>) => void;
}

export function ViewsMenu({ state, onOpen }: ViewsMenuProps) {
  const { open, setOpen, ref } = usePopover();
  const views = useAsync((signal) => (open ? viewsApi.list(signal) : Promise.resolve(undefined)), [open]);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const current = views.data?.find((v) => String(v.id) === state.view);

  const run = (action: () => Promise<unknown>) => {
    setError('');
    action().then(views.reload, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const save = () =>
    run(async () => {
      const view = await viewsApi.create(name.trim(), stateToViewQuery(state));
      setName('');
      onOpen({ view: String(view.id) });
    });
  const openView = (view: SavedView) => {
    setOpen(false);
    onOpen(viewToState(view.id, view.query));
  };

  return (
    <div className="picker" ref={ref}>
      <button type="button" className="btn" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="views-button">
        {current ? current.name : 'Views'} ▾
      </button>
      {open && (
        <div className="popover views-popover" role="dialog" aria-label="Saved views">
          <form
            className="picker-add"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) save();
            }}
          >
            <input aria-label="View name" placeholder="Name this view…" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="btn btn-small btn-primary" disabled={!name.trim()}>
              Save
            </button>
          </form>
          {current && (
            <button type="button" className="btn btn-small btn-block" onClick={() => run(() => viewsApi.update(current.id, { query: stateToViewQuery(state) }))}>
              Update “{current.name}” with this query
            </button>
          )}
          {error && (
            <div className="banner banner-error" role="alert">
              {error}
            </div>
          )}
          {views.error && <div className="facet-note">{views.error.message}</div>}
          {views.data?.length === 0 && <div className="facet-note">No saved views yet</div>}
          <ul className="views-list">
            {views.data?.map((view) => (
              <ViewItem
                key={view.id}
                view={view}
                current={view.id === current?.id}
                onOpen={() => openView(view)}
                onRename={(next) => run(() => viewsApi.update(view.id, { name: next }))}
                onDelete={() => run(() => viewsApi.remove(view.id))}
              />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
