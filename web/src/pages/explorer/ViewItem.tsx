import { useState } from 'react';
import type { SavedView } from '../../api/types';

interface ViewItemProps {
  view: SavedView;
  current: boolean;
  onOpen: () => void;
  onRename: (name: string) => void;
  onDelete: () => void;
}

/** One saved view: open by its name; rename in place; delete after a second click. */
export function ViewItem({ view, current, onOpen, onRename, onDelete }: ViewItemProps) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(view.name);
  const [confirming, setConfirming] = useState(false);
  if (editing) {
    return (
      <li className="view-item">
        <form
          className="picker-add"
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            if (name.trim() && name.trim() !== view.name) onRename(name.trim());
          }}
        >
          <input aria-label={`New name for ${view.name}`} value={name} maxLength={100} autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-small">
            Rename
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className={`view-item ${current ? 'current' : ''}`} data-testid="view-item">
      <button type="button" className="view-open" onClick={onOpen} title={view.query.q || '(no query text)'}>
        <span className="view-name">{view.name}</span>
        <span className="view-q mono">{view.query.q}</span>
      </button>
      <button type="button" className="link-btn" aria-label={`Rename ${view.name}`} onClick={() => setEditing(true)}>
        rename
      </button>
      <button
        type="button"
        className={`link-btn ${confirming ? 'danger' : ''}`}
        aria-label={confirming ? `Really delete ${view.name}` : `Delete ${view.name}`}
        onClick={() => (confirming ? onDelete() : setConfirming(true))}
        onBlur={() => setConfirming(false)}
      >
        {confirming ? 'really delete?' : 'delete'}
      </button>
    </li>
  );
}
