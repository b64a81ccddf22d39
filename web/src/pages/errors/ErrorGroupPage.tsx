/**
 * /errors/:id: one error group. What it is and where (title, culprit, stack), how it behaves (stats, tags,
 * events), what came before it (breadcrumbs), and what we do about it (status, assignee, note).
 */
import { useEffect, useState } from 'react';
import { errorsApi, type ErrorPatch } from '../../api/errors';
import { useAuth } from '../../auth';
import { ExplainButton } from '../../components/ExplainButton';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { JsonView } from '../../components/JsonView';
import { useAsync } from '../../hooks/useAsync';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { Link, navigate } from '../../router';
import { AssigneePicker } from './AssigneePicker';
import { Breadcrumbs } from './Breadcrumbs';
import { ErrorBadges, statusLabel } from './ErrorBadges';
import { errorsUrl, groupLogsUrl } from './error-filters';
import { GroupEvents } from './GroupEvents';
import { GroupStats } from './GroupStats';
import { NoteEditor } from './NoteEditor';
import { StackFrames } from './StackFrames';
import { StatusActions } from './StatusActions';
import { TagsBreakdown } from './TagsBreakdown';

export function ErrorGroupPage({ id }: { id: string }) {
  const { state } = useAuth();
  const detail = useAsync((signal) => errorsApi.get(id, signal), [id]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const group = detail.data;

  useEffect(() => {
    document.title = `${group ? `${group.title} · ` : ''}Errors · DevSmith Logs`;
  }, [group]);

  const change = async (patch: ErrorPatch) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await errorsApi.update(id, patch);
      detail.reload();
    } catch (err) {
      setActionError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  if (detail.error && !group) return <div className="page"><ErrorBanner error={detail.error} onRetry={detail.reload} /></div>;
  if (!group) return <div className="page"><Spinner /></div>;
  const event = group.latest_event;
  const merged = group.merged_fingerprints;

  return (
    <div className="page errors-group" data-testid="error-group">
      <header className="page-head">
        <div className="group-head">
          <div className="crumbs">
            <Link href="/errors">Errors</Link> /{' '}
            <Link href={errorsUrl({ projects: [group.project] })}>{group.project}</Link>
          </div>
          <h1 className="group-title" data-testid="group-title">
            {group.title}
          </h1>
          <div className="group-sub">
            <span className="mono">{group.culprit}</span>
            <span className={`pill pill-status-${group.status}`} data-testid="group-status">
              {statusLabel(group.status)}
            </span>
            <ErrorBadges group={group} />
            {group.status === 'ignored' && (group.ignore_until || group.ignore_count) && (
              <span className="muted small">
                {group.ignore_until ? `until ${new Date(group.ignore_until).toLocaleString()}` : `until ${group.ignore_count} more events`}
              </span>
            )}
            {merged.length > 0 && (
              <span className="muted small" data-testid="merged-count" title={`Merged in: ${merged.join(', ')}`}>
                {merged.length === 1 ? '1 merged fingerprint' : `${merged.length} merged fingerprints`}
              </span>
            )}
          </div>
        </div>
        <div className="group-actions">
          <StatusActions group={group} busy={busy} onChange={(patch) => void change(patch)} />
          <Link href={groupLogsUrl(group.project, group.id)} className="btn" data-testid="view-logs">
            View logs
          </Link>
          <ExplainButton projectId={group.project_id} target={{ type: 'error_group', id: group.id }} what="this error" small={false} />
        </div>
      </header>
      {actionError && <ErrorBanner error={actionError} />}
      <GroupStats group={group} />
      <div className="group-layout">
        <div className="group-main">
          <section className="group-section" aria-labelledby="stack-h">
            <h2 id="stack-h">Stack</h2>
            <StackFrames frames={group.frames} event={event} />
          </section>
          <section className="group-section" aria-labelledby="crumbs-h">
            <h2 id="crumbs-h">Breadcrumbs</h2>
            <p className="muted small">
              What {event?.service ?? 'the service'} logged just before the latest event{event?.trace_id ? ' in the same trace' : ''}.
            </p>
            {event && group.breadcrumbs.length === 0 && <p className="muted">Nothing was logged just before it.</p>}
            <Breadcrumbs crumbs={group.breadcrumbs} event={event} />
          </section>
          {event && (
            <section className="group-section" aria-labelledby="latest-h">
              <h2 id="latest-h">Latest event</h2>
              <pre className="log-detail-message">{event.message}</pre>
              <dl className="meta event-meta-list">
                {([['Service', event.service], ['Host', event.host], ['Release', event.version], ['Environment', event.environment], ['Trace id', event.trace_id], ['Time', event.timestamp]] as const).map(([label, value]) => (
                  <div key={label} className="meta-row">
                    <dt>{label}</dt>
                    <dd className={value ? '' : 'muted'}>{value ?? '—'}</dd>
                  </div>
                ))}
              </dl>
              <div className="section-label">Context</div>
              <JsonView
                value={event.context}
                onFilter={(path, value) => navigate(explorerUrl({ project: group.project, q: `error:${group.id}`, ctx: { [path]: value } }))}
              />
            </section>
          )}
          <section className="group-section" aria-labelledby="events-h">
            <h2 id="events-h">Events</h2>
            <GroupEvents id={group.id} />
          </section>
        </div>
        <aside className="group-side">
          {state.phase === 'signed-in' && (
            <AssigneePicker group={group} me={state.user} busy={busy} onAssign={(assignee_id) => void change({ assignee_id })} />
          )}
          <NoteEditor note={group.note} busy={busy} onSave={(note) => void change({ note })} />
          <TagsBreakdown tags={group.tags} />
        </aside>
      </div>
    </div>
  );
}
