import { useState } from 'react';
import { errorsApi, type ErrorPatch } from '../../api/errors';
import { ErrorBanner } from '../../components/Feedback';

interface BulkBarProps {
  ids: string[];
  onDone: () => void;
  onClear: () => void;
  /** Offer "Reopen" too, on the tabs of closed groups. */
  canReopen: boolean;
}

/** Resolve or ignore every checked group at once (POST /api/errors/bulk). */
export function BulkBar({ ids, onDone, onClear, canReopen }: BulkBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const apply = async (change: Pick<ErrorPatch, 'status'>) => {
    setBusy(true);
    setError(undefined);
    try {
      await errorsApi.bulk(ids, change);
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong>{ids.length} selected</strong>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply({ status: 'resolved' })}>
        ✓ Resolve
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply({ status: 'ignored' })}>
        Ignore
      </button>
      {canReopen && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void apply({ status: 'unresolved' })}>
          Reopen
        </button>
      )}
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        Clear selection
      </button>
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
