import { useState } from 'react';
import type { ErrorGroup, ErrorPatch } from '../../api/errors';
import { usePopover } from '../../components/usePopover';

interface StatusActionsProps {
  group: ErrorGroup;
  busy: boolean;
  onChange: (patch: ErrorPatch) => void;
}

/** Resolve, resolve in the next release, ignore (forever, for N hours, until N more events), or reopen. */
export function StatusActions({ group, busy, onChange }: StatusActionsProps) {
  if (group.status !== 'unresolved') {
    return (
      <div className="status-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => onChange({ status: 'unresolved', ignore_until: null, ignore_count: null })}>
          ↺ Unresolve
        </button>
      </div>
    );
  }
  return (
    <div className="status-actions">
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onChange({ status: 'resolved' })}>
        ✓ Resolve
      </button>
      <button
        type="button"
        className="btn"
        disabled={busy}
        title="Reopen only when an event comes from a release other than the current one"
        onClick={() => onChange({ status: 'resolved_next_release' })}
      >
        Resolve in next release
      </button>
      <IgnoreMenu busy={busy} onChange={onChange} />
    </div>
  );
}

type IgnoreKind = 'forever' | 'hours' | 'events';

function IgnoreMenu({ busy, onChange }: { busy: boolean; onChange: (patch: ErrorPatch) => void }) {
  const { open, setOpen, ref } = usePopover();
  const [kind, setKind] = useState<IgnoreKind>('forever');
  const [hours, setHours] = useState(24);
  const [events, setEvents] = useState(100);
  const valid = kind === 'forever' || (kind === 'hours' ? hours >= 1 : events >= 1);
  const apply = () => {
    const patch: ErrorPatch = { status: 'ignored', ignore_until: null, ignore_count: null };
    if (kind === 'hours') patch.ignore_until = new Date(Date.now() + hours * 3_600_000).toISOString();
    if (kind === 'events') patch.ignore_count = events;
    setOpen(false);
    onChange(patch);
  };
  return (
    <div className="picker" ref={ref}>
      <button type="button" className="btn" aria-haspopup="true" aria-expanded={open} disabled={busy} onClick={() => setOpen(!open)}>
        Ignore ▾
      </button>
      {open && (
        <form
          className="popover ignore-popover"
          aria-label="Ignore this error"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) apply();
          }}
        >
          <label className="picker-option">
            <input type="radio" name="ignore" checked={kind === 'forever'} onChange={() => setKind('forever')} />
            Forever
          </label>
          <label className="picker-option">
            <input type="radio" name="ignore" checked={kind === 'hours'} onChange={() => setKind('hours')} />
            For
            <input type="number" min={1} max={8760} className="small-number" aria-label="Hours" value={hours} onFocus={() => setKind('hours')} onChange={(e) => setHours(Number(e.target.value))} />
            hours
          </label>
          <label className="picker-option">
            <input type="radio" name="ignore" checked={kind === 'events'} onChange={() => setKind('events')} />
            Until
            <input type="number" min={1} max={1_000_000} className="small-number" aria-label="More events" value={events} onFocus={() => setKind('events')} onChange={(e) => setEvents(Number(e.target.value))} />
            more events
          </label>
          <button type="submit" className="btn btn-primary btn-small" disabled={!valid}>
            Ignore
          </button>
        </form>
      )}
    </div>
  );
}
