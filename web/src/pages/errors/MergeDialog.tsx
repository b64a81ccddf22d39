import type { ErrorGroup } from '../../api/errors';
import { formatCount } from '../../format';
import { ConfirmDialog } from '../projects/ConfirmDialog';

interface MergeDialogProps {
  target: ErrorGroup;
  sources: ErrorGroup[];
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Names what a merge does before it happens: which group stays, which ones fold into it. */
export function MergeDialog({ target, sources, onConfirm, onClose }: MergeDialogProps) {
  const total = sources.reduce((n, g) => n + g.count, target.count);
  return (
    <ConfirmDialog title={`Merge ${sources.length + 1} error groups?`} confirmLabel="Merge" onConfirm={onConfirm} onClose={onClose}>
      <p>
        Into <strong data-testid="merge-target">{target.title}</strong> ({formatCount(target.count)} events), the group with the most events:
      </p>
      <ul className="merge-sources" data-testid="merge-sources">
        {sources.map((g) => (
          <li key={g.id}>
            {g.title} <span className="muted">({formatCount(g.count)} events)</span>
          </li>
        ))}
      </ul>
      <p className="muted small">
        It then counts {formatCount(total)} events, and later events of the merged groups count there too. The dashboard cannot split it again.
      </p>
    </ConfirmDialog>
  );
}
