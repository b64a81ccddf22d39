/**
 * The explorer's filter column. On a wide screen it is simply the column; on a phone
 * (styles/mobile.css) it is a drawer opened by a "Filters" button, so the log list keeps the width.
 */
import { useEffect, useState, type ReactNode } from 'react';

export function FacetDrawer({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="btn facet-toggle"
        aria-expanded={open}
        aria-controls="facet-drawer"
        onClick={() => setOpen(true)}
        data-testid="facet-toggle"
      >
        Filters{active > 0 ? ` · ${active} on` : ''}
      </button>
      {open && <div className="drawer-backdrop" onClick={() => setOpen(false)} aria-hidden />}
      <div id="facet-drawer" className={`facet-drawer ${open ? 'open' : ''}`}>
        <div className="drawer-head">
          <strong>Filters</strong>
          <button type="button" className="icon-btn" aria-label="Close filters" onClick={() => setOpen(false)}>
            ×
          </button>
        </div>
        {children}
      </div>
    </>
  );
}
