import { useEffect, useRef, useState } from 'react';
import { RANGE_PRESETS, resolveRange, type ExplorerState } from '../hooks/useExplorerFilters';
import { formatTimestamp, fromLocalInput, toLocalInput } from '../format';

interface TimeRangePickerProps {
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState>) => void;
}

/** The custom button's label: the range in short local time, or the URL's own text when it is not a time. */
function customLabel(state: ExplorerState): string {
  const short = (value: string) => (Number.isNaN(Date.parse(value)) ? value : formatTimestamp(value).slice(5, 16));
  if (state.range !== 'custom' || !state.from) return 'Custom';
  return `${short(state.from)} → ${state.to ? short(state.to) : 'now'}`;
}

/** Preset buttons (15m, 1h, 24h, 7d) plus a custom from/to popover that opens on the active range. */
export function TimeRangePicker({ state, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const trigger = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  // Opening starts from the range on screen (a preset resolved against now), not from a stale guess.
  const toggle = () => {
    if (open) return close(false);
    const range = resolveRange(state, Date.now());
    setFrom(toLocalInput(new Date(range.from).toISOString()));
    setTo(toLocalInput(new Date(range.to).toISOString()));
    setOpen(true);
  };

  // Esc closes and gives focus back to the button; a click elsewhere closes too.
  useEffect(() => {
    if (!open) return;
    popover.current?.querySelector<HTMLInputElement>('input')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close(true);
    };
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!popover.current?.contains(target) && !trigger.current?.contains(target)) close(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const fromIso = fromLocalInput(from);
  const toIso = fromLocalInput(to);
  const problem = !fromIso || !toIso ? 'Enter both times' : fromIso >= toIso ? '“From” must be before “To”' : undefined;
  const apply = () => {
    if (problem) return;
    onChange({ range: 'custom', from: fromIso, to: toIso });
    close(true);
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
          ref={trigger}
          type="button"
          className={state.range === 'custom' ? 'active' : ''}
          aria-pressed={state.range === 'custom'}
          aria-expanded={open}
          aria-haspopup="dialog"
          onClick={toggle}
          data-testid="custom-range"
        >
          {customLabel(state)}
        </button>
      </div>
      {open && (
        <div className="popover range-popover" role="dialog" aria-label="Custom time range" ref={popover}>
          <label>
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
          </label>
          <label>
            To
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
          </label>
          {problem && <div className="form-error small">{problem}</div>}
          <div className="popover-actions">
            <button type="button" className="btn btn-small" onClick={() => close(true)}>
              Cancel
            </button>
            <button type="button" className="btn btn-small btn-primary" onClick={apply} disabled={Boolean(problem)}>
              Apply range
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
