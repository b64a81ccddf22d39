/** The rules of one project with their live state; actions enable/disable, mute, unmute and delete in place. */
import { useState } from 'react';
import { alertsApi, type Channel, type Rule } from '../../api/alerts';
import type { Project } from '../../api/types';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { formatAgo } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { Link } from '../../router';
import { ConfirmDialog } from '../projects/ConfirmDialog';
import { describeCondition, formatValue, mutedFor, ruleBadge } from './alert-format';
import { alertsUrl, ruleEditorUrl } from './alerts-urls';
import { usePolling } from './usePolling';

export function RulesSection({ project }: { project: Project }) {
  const tick = usePolling(5_000);
  const rules = useAsync((signal) => alertsApi.rules(project.id, { signal }), [project.id, tick]);
  const channels = useAsync((signal) => alertsApi.channels(project.id, { signal }), [project.id]);
  const [actionError, setActionError] = useState<Error>();
  const [deleting, setDeleting] = useState<Rule>();

  const act = (work: Promise<unknown>) => {
    setActionError(undefined);
    work.then(rules.reload, (error: Error) => setActionError(error));
  };

  return (
    <section className="alerts-section" aria-label="Rules">
      <div className="section-bar">
        <span className="muted small">Refreshed every 5 s.</span>
        <span className="spacer" />
        <Link href={ruleEditorUrl(project.slug)} className="btn btn-primary" data-testid="new-rule">
          New rule
        </Link>
      </div>
      {actionError && <ErrorBanner error={actionError} />}
      {rules.error && <ErrorBanner error={rules.error} onRetry={rules.reload} />}
      {!rules.data && !rules.error && <Spinner />}
      {rules.data?.length === 0 && (
        <EmptyState title="No alert rules yet">
          A rule counts logs matching a query, watches error groups, error rate, latency, silence or anomalies, and tells a channel when
          it fires. <Link href={ruleEditorUrl(project.slug)}>Create the first rule</Link>.
        </EmptyState>
      )}
      {rules.data && rules.data.length > 0 && (
        <RulesTable project={project} rules={rules.data} channels={channels.data ?? []} act={act} onDelete={setDeleting} />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete rule “${deleting.name}”?`}
          confirmLabel="Delete rule"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={() => alertsApi.deleteRule(deleting.id).then(() => (setDeleting(undefined), rules.reload()))}
        >
          Its state stops being evaluated. Past events stay in the history.
        </ConfirmDialog>
      )}
    </section>
  );
}

interface TableProps {
  project: Project;
  rules: Rule[];
  channels: Channel[];
  act: (work: Promise<unknown>) => void;
  onDelete: (rule: Rule) => void;
}

function RulesTable({ project, rules, channels, act, onDelete }: TableProps) {
  const now = Date.now();
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="rules-table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>State</th>
            <th>Severity</th>
            <th className="num">Last value</th>
            <th>Channels</th>
            <th className="actions-col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const badge = ruleBadge(rule, now);
            const muted = mutedFor(rule.muted_until, now);
            return (
              <tr key={rule.id} data-testid="rule-row" data-rule={rule.name} data-state={rule.state} className={rule.enabled ? '' : 'inactive'}>
                <td>
                  <Link href={ruleEditorUrl(project.slug, rule.id)} className="project-name">
                    {rule.name}
                  </Link>
                  <div className="sub mono">{describeCondition(rule.condition)}</div>
                </td>
                <td>
                  <span className={`pill alert-state tone-${badge.tone}`} data-testid="rule-state" title={`since ${rule.state_since}`}>
                    {badge.label}
                  </span>
                  {rule.groups.length > 0 && (
                    <div className="sub">
                      {rule.groups.filter((g) => g.state === 'firing').length}/{rule.groups.length} groups firing
                    </div>
                  )}
                  {muted && <div className="sub">{muted}</div>}
                  <div className="sub" title={rule.last_evaluated_at ?? ''}>
                    {rule.last_evaluated_at ? `checked ${formatAgo(rule.last_evaluated_at)}` : 'not evaluated yet'}
                  </div>
                </td>
                <td>
                  <span className={`severity severity-${rule.severity}`}>{rule.severity}</span>
                </td>
                <td className="num" data-testid="rule-value">
                  {formatValue(rule.condition, rule.last_value)}
                </td>
                <td>{rule.channel_ids.length ? rule.channel_ids.map(channelName).join(', ') : <span className="muted">none</span>}</td>
                <td className="actions">
                  <RuleActions project={project} rule={rule} muted={Boolean(muted)} act={act} onDelete={onDelete} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RuleActions({ project, rule, muted, act, onDelete }: Omit<TableProps, 'rules' | 'channels'> & { rule: Rule; muted: boolean }) {
  return (
    <>
      <button className="btn btn-small btn-ghost" onClick={() => act(alertsApi.updateRule(rule.id, { enabled: !rule.enabled }))}>
        {rule.enabled ? 'Disable' : 'Enable'}
      </button>
      {muted ? (
        <button className="btn btn-small btn-ghost" onClick={() => act(alertsApi.unmute(rule.id))}>
          Unmute
        </button>
      ) : (
        <>
          <button className="btn btn-small btn-ghost" onClick={() => act(alertsApi.mute(rule.id, 60))} title="No notifications for 1 hour">
            Mute 1 h
          </button>
          <button className="btn btn-small btn-ghost" onClick={() => act(alertsApi.mute(rule.id, 24 * 60))} title="No notifications for 24 hours">
            Mute 24 h
          </button>
        </>
      )}
      <Link href={alertsUrl(project.slug, 'history', rule.id)} className="btn btn-small btn-ghost">
        History
      </Link>
      <button className="btn btn-small btn-ghost danger-text" onClick={() => onDelete(rule)}>
        Delete
      </button>
    </>
  );
}
