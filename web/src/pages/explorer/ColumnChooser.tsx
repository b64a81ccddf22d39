import { useState } from 'react';
import type { ContextField } from '../../api/types';
import { usePopover } from '../../components/usePopover';

interface ColumnChooserProps {
  columns: string[];
  fields: ContextField[] | undefined;
  onChange: (columns: string[]) => void;
}

const PATH_RE = /^ctx(\.[A-Za-z0-9_\-@$]+)+$/;

/** Context fields shown as extra columns of the list (`cols=` in the URL). */
export function ColumnChooser({ columns, fields, onChange }: ColumnChooserProps) {
  const { open, setOpen, ref } = usePopover();
  const [custom, setCustom] = useState('');
  const paths = [...new Set([...columns, ...(fields ?? []).map((f) => f.path)])];
  const toggle = (path: string) => onChange(columns.includes(path) ? columns.filter((c) => c !== path) : [...columns, path]);
  const addCustom = () => {
    const path = custom.trim().startsWith('ctx.') ? custom.trim() : `ctx.${custom.trim()}`;
    if (!PATH_RE.test(path) || columns.includes(path)) return;
    onChange([...columns, path]);
    setCustom('');
  };
  return (
    <div className="picker" ref={ref}>
      <button type="button" className="btn btn-small" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns{columns.length ? ` (${columns.length})` : ''}
      </button>
      {open && (
        <div className="popover picker-popover columns-popover" role="group" aria-label="Columns">
          {paths.length === 0 && <div className="facet-note">No context fields in these logs yet</div>}
          <div className="picker-scroll">
            {paths.map((path) => (
              <label key={path} className="picker-option">
                <input type="checkbox" checked={columns.includes(path)} onChange={() => toggle(path)} />
                <span className="mono">{path}</span>
              </label>
            ))}
          </div>
          <form
            className="picker-add"
            onSubmit={(e) => {
              e.preventDefault();
              addCustom();
            }}
          >
            <input aria-label="Column path" className="mono" placeholder="ctx.http.route" value={custom} onChange={(e) => setCustom(e.target.value)} />
            <button type="submit" className="btn btn-small">
              Add
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
