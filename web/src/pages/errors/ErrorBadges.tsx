import type { ErrorGroup, ErrorStatus } from '../../api/errors';

const STATUS_LABEL: Record<ErrorStatus, string> = {
  unresolved: 'Unresolved',
  resolved: 'Resolved',
  resolved_next_release: 'Resolved in next release',
  ignored: 'Ignored',
};

export const statusLabel = (status: ErrorStatus) => STATUS_LABEL[status];

/** "New" (first seen in the last 24 h) and "Regressed" (came back after being resolved), then the status when not open. */
export function ErrorBadges({ group, showStatus = false }: { group: ErrorGroup; showStatus?: boolean }) {
  return (
    <span className="error-badges">
      {group.is_new && (
        <span className="pill pill-new" title="First seen in the last 24 hours">
          New
        </span>
      )}
      {group.regressed && (
        <span className="pill pill-regressed" title={group.regressed_at ? `Came back on ${group.regressed_at} after being resolved` : 'Came back after being resolved'}>
          Regressed
        </span>
      )}
      {showStatus && group.status !== 'unresolved' && <span className={`pill pill-status-${group.status}`}>{STATUS_LABEL[group.status]}</span>}
    </span>
  );
}
