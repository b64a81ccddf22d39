/**
 * What fired, newest first: each event's summary (why), a link to the exact logs, sample lines and the delivery of
 * every channel. Sample lines are log text: React renders them as text, never as markup.
 */
import { useEffect, useState } from 'react';
import { alertsApi, type AlertEvent, type Delivery } from '../../api/alerts';
import type { Project } from '../../api/types';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { formatClock, formatTimestamp } from '../../format';
import { Link } from '../../router';
import { deliveryLine } from './alert-format';
import { alertsUrl, type AlertsTab } from './alerts-urls';
import { dashboardPath, safeHref } from './logs-link';
import { usePolling } from './usePolling';

const PAGE = 25;

export function HistoryList({ project, ruleId }: { project: Project; ruleId?: string }) {
  const tick = usePolling(10_000);
  const [events, setEvents] = useState<AlertEvent[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [extra, setExtra] = useState<AlertEvent[]>([]);
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);

  // The first page follows the server (polled); older pages are appended on request.
  useEffect(() => {
    const controller = new AbortController();
    alertsApi.events({ project_id: project.id, rule_id: ruleId, limit: PAGE }, { signal: controller.signal }).then(
      (page) => {
        setEvents(page.data);
        if (extra.length === 0) setCursor(page.next_cursor);
        setError(undefined);
      },
      (err: Error) => !controller.signal.aborted && setError(err),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project.id, ruleId, tick]);

  const more = () => {
    if (!cursor) return;
    setLoadingMore(true);
    alertsApi.events({ project_id: project.id, rule_id: ruleId, limit: PAGE, cursor }).then(
      (page) => {
        setExtra((e) => [...e, ...page.data]);
        setCursor(page.next_cursor);
        setLoadingMore(false);
      },
      (err: Error) => (setError(err), setLoadingMore(false)),
    );
  };

  const shown = dedupe([...(events ?? []), ...extra]);
  return (
    <section className="alerts-section" aria-label="History">
      {ruleId && (
        <div className="section-bar">
          <span className="muted small">Events of one rule.</span>
          <Link href={alertsUrl(project.slug, 'history' satisfies AlertsTab)} className="btn btn-small btn-ghost">
            Show all rules
          </Link>
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      {!events && !error && <Spinner />}
      {events && shown.length === 0 && <EmptyState title="Nothing has fired yet">When a rule fires or resolves, it is listed here with its deliveries.</EmptyState>}
      <ol className="alert-events" data-testid="alert-events">
        {shown.map((event) => (
          <EventItem key={event.id} event={event} />
        ))}
      </ol>
      {cursor && (
        <button type="button" className="btn" onClick={more} disabled={loadingMore}>
          Load older events
        </button>
      )}
    </section>
  );
}

function dedupe(events: AlertEvent[]): AlertEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)));
}

function EventItem({ event }: { event: AlertEvent }) {
  const path = dashboardPath(event.logs_url, window.location.origin);
  const href = path ? null : safeHref(event.logs_url, window.location.origin);
  return (
    <li className={`alert-event kind-${event.kind}`} data-testid="alert-event" data-kind={event.kind}>
      <div className="alert-event-head">
        <span className={`pill alert-state tone-${event.kind === 'firing' ? 'bad' : event.kind === 'resolved' ? 'ok' : 'warn'}`}>{event.kind}</span>
        <span className={`severity severity-${event.severity}`}>{event.severity}</span>
        <strong>{event.rule_name}</strong>
        {event.group !== null && <span className="mono small">group {event.group}</span>}
        <span className="spacer" />
        <time className="muted small" dateTime={event.at} title={formatTimestamp(event.at)}>
          {formatClock(Date.parse(event.at), true)}
        </time>
      </div>
      <p className="alert-summary" data-testid="alert-summary">
        {event.summary}
      </p>
      {path ? (
        <Link href={path} className="btn btn-small" data-testid="alert-logs-link">
          Open the matching logs
        </Link>
      ) : (
        href && (
          <a href={href} className="btn btn-small" data-testid="alert-logs-link" rel="noreferrer">
            Open the matching logs
          </a>
        )
      )}
      {event.sample.length > 0 && (
        <ul className="alert-sample" aria-label="Sample lines">
          {event.sample.map((line, i) => (
            <li key={line.id ?? i} className="mono small" data-testid="alert-sample-line">
              <span className="muted">{formatTimestamp(line.timestamp)}</span> <span className={`level level-${line.level.toLowerCase()}`}>{line.level}</span>{' '}
              <span className="muted">{line.service ?? line.service_name ?? ''}</span> {line.message}
            </li>
          ))}
        </ul>
      )}
      <Deliveries deliveries={event.deliveries} />
    </li>
  );
}

function Deliveries({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <div className="muted small">No channel on this rule: nothing was sent.</div>;
  return (
    <table className="table alert-deliveries" aria-label="Deliveries">
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id} data-testid="alert-delivery" data-status={d.status}>
            <td>{d.channel_name}</td>
            <td className={d.status === 'failed' ? 'bad' : d.status === 'sent' ? 'ok-text' : ''}>{deliveryLine(d)}</td>
            <td className="muted small">{d.sent_at ? `sent ${formatClock(Date.parse(d.sent_at), true)}` : d.next_attempt_at ? `next try ${formatClock(Date.parse(d.next_attempt_at), true)}` : formatClock(Date.parse(d.updated_at), true)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
