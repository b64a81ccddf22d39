import { useState } from 'react';
import { RANGE_PRESETS, type ExplorerState } from '../hooks/useExplorerFilters';
import { formatTimestamp, fromLocalInput, toLocalInput } from '../format';

interface TimeRangePickerProps {
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState>) => void;
}

/** Preset buttons (15m, 1h, 24h, 7d) plus a custom from/to popover. */
export function TimeRangePicker({ state, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const now = Date.now();
  const [from, setFrom] = useState(() => toLocalInput(state.from ?? new Date(now - 3_600_000).toISOString()));
  const [to, setTo] = useState(() => toLocalInput(state.to ?? new Date(now).toISOString()));

  const apply = () => {
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to);
    if (!fromIso || !toIso) return;
    onChange({ range: 'custom', from: fromIso, to: toIso });
    setOpen(false);
  };

  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className={state.range === preset.id ? 'active' : ''}
            aria-pressed={state.range === preset.id}
            onClick={() => onChange({ range: preset.id, from: undefined, to: undefined })}
          >
            {preset.label}
          </button>
        ))}
        <button
          type="button"
          className={state.range === 'custom' ? 'active' : ''}
          aria-pressed={state.range === 'custom'}
          onClick={() => setOpen((v) => !v)}
          data-testid="custom-range"
        >
          {state.range === 'custom' && state.from
            ? `${formatTimestamp(state.from).slice(5, 16)} → ${state.to ? formatTimestamp(state.to).slice(5, 16) : 'now'}`
            : 'Custom'}
        </button>
      </div>
      {open && (
        <div className="popover range-popover">
          <label>
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
          </label>
          <label>
            To
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
          </label>
          <div className="popover-actions">
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" className="btn btn-small btn-primary" onClick={apply}>
              Apply range
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
