import { useState } from 'react';
import { errorsApi, type ErrorGroup, type ErrorPatch } from '../../api/errors';
import { ErrorBanner } from '../../components/Feedback';
import { MergeDialog } from './MergeDialog';
import { mergePlan } from './merge-plan';

interface BulkBarProps {
  groups: ErrorGroup[];
  onDone: () => void;
  onClear: () => void;
  /** Offer "Reopen" too, on the tabs of closed groups. */
  canReopen: boolean;
}

/** Resolve or ignore every checked group at once (POST /api/errors/bulk), or merge them into one. */
export function BulkBar({ groups, onDone, onClear, canReopen }: BulkBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [merging, setMerging] = useState(false);
  const plan = mergePlan(groups);
  const apply = async (change: Pick<ErrorPatch, 'status'>) => {
    setBusy(true);
    setError(undefined);
    try {
      await errorsApi.bulk(groups.map((g) => g.id), change);
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong>{groups.length} selected</strong>
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
      <button
        type="button"
        className="btn btn-small"
        disabled={busy || !plan.ok}
        title={plan.ok ? `Merge into "${plan.target.title}"` : plan.reason}
        onClick={() => setMerging(true)}
      >
        Merge
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        Clear selection
      </button>
      {error && <ErrorBanner error={error} />}
      {merging && plan.ok && (
        <MergeDialog
          target={plan.target}
          sources={plan.sources}
          onClose={() => setMerging(false)}
          onConfirm={async () => {
            await errorsApi.merge(plan.target.id, plan.sources.map((g) => g.id));
            setMerging(false);
            onDone();
          }}
        />
      )}
    </div>
  );
}
