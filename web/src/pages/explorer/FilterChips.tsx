import type { ExplorerState } from '../../hooks/useExplorerFilters';

/** Context field filters as removable chips. */
export function FilterChips({ state, onChange }: { state: ExplorerState; onChange: (p: Partial<ExplorerState>) => void }) {
  const entries = Object.entries(state.ctx);
  if (entries.length === 0) return null;
  const remove = (field: string) => {
    const ctx = { ...state.ctx };
    delete ctx[field];
    onChange({ ctx });
  };
  return (
    <div className="chips">
      {entries.map(([field, value]) => (
        <span key={field} className="chip" data-testid="ctx-chip">
          <span className="chip-key">{field}</span>
          <span className="chip-eq">=</span>
          <span className="chip-value">{value}</span>
          <button type="button" aria-label={`Remove filter ${field}`} onClick={() => remove(field)}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="link-btn" onClick={() => onChange({ ctx: {} })}>
        clear
      </button>
    </div>
  );
}
