/** A project's notification channels: create, send a test (its delivery shown in place), enable/disable, delete. */
import { useState } from 'react';
import { alertsApi, type Channel, type CreatedChannel, type Delivery } from '../../api/alerts';
import type { Project } from '../../api/types';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { ConfirmDialog } from '../projects/ConfirmDialog';
import { deliveryLine } from './alert-format';
import { ChannelFormDialog, SecretRevealDialog } from './ChannelDialogs';
import { channelTarget } from './channel-form';

type TestResult = { state: 'sending' } | { state: 'done'; delivery: Delivery } | { state: 'error'; message: string };

export function ChannelsSection({ project }: { project: Project }) {
  const channels = useAsync((signal) => alertsApi.channels(project.id, { signal }), [project.id]);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<CreatedChannel>();
  const [deleting, setDeleting] = useState<Channel>();
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [actionError, setActionError] = useState<Error>();

  const created = (channel: CreatedChannel) => {
    setCreating(false);
    if (channel.secret) setRevealed(channel);
    channels.reload();
  };
  const sendTest = (channel: Channel) => {
    setTests((t) => ({ ...t, [channel.id]: { state: 'sending' } }));
    alertsApi.testChannel(channel.id).then(
      (delivery) => setTests((t) => ({ ...t, [channel.id]: { state: 'done', delivery } })),
      (error: Error) => setTests((t) => ({ ...t, [channel.id]: { state: 'error', message: error.message } })),
    );
  };
  const toggle = (channel: Channel) => {
    setActionError(undefined);
    alertsApi.updateChannel(channel.id, { enabled: !channel.enabled }).then(channels.reload, setActionError);
  };

  return (
    <section className="alerts-section" aria-label="Channels">
      <div className="section-bar">
        <span className="muted small">Where fired alerts go. A rule names one or more channels.</span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-channel">
          New channel
        </button>
      </div>
      {actionError && <ErrorBanner error={actionError} />}
      {channels.error && <ErrorBanner error={channels.error} onRetry={channels.reload} />}
      {!channels.data && !channels.error && <Spinner />}
      {channels.data?.length === 0 && <EmptyState title="No channels yet">Add a webhook, a Slack incoming webhook or email addresses.</EmptyState>}
      {channels.data && channels.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="channels-table">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Type</th>
                <th>Target</th>
                <th>Last test</th>
                <th className="actions-col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {channels.data.map((c) => (
                <tr key={c.id} data-testid="channel-row" data-channel={c.name} className={c.enabled ? '' : 'inactive'}>
                  <td className="project-name">{c.name}</td>
                  <td>{c.type}</td>
                  <td className="mono small">{channelTarget(c.type, c.config)}</td>
                  <td data-testid="channel-test-result">
                    <TestCell result={tests[c.id]} />
                  </td>
                  <td className="actions">
                    <button className="btn btn-small" onClick={() => sendTest(c)} disabled={tests[c.id]?.state === 'sending'} data-testid="channel-test">
                      Send test
                    </button>
                    <button className="btn btn-small btn-ghost" onClick={() => toggle(c)}>
                      {c.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button className="btn btn-small btn-ghost danger-text" onClick={() => setDeleting(c)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && <ChannelFormDialog project={project} onCreated={created} onClose={() => setCreating(false)} />}
      {revealed?.secret && <SecretRevealDialog name={revealed.name} secret={revealed.secret} onClose={() => setRevealed(undefined)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete channel “${deleting.name}”?`}
          confirmLabel="Delete channel"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={() => alertsApi.deleteChannel(deleting.id).then(() => (setDeleting(undefined), channels.reload()))}
        >
          Rules that name it stop sending there.
        </ConfirmDialog>
      )}
    </section>
  );
}

function TestCell({ result }: { result: TestResult | undefined }) {
  if (!result) return <span className="muted">–</span>;
  if (result.state === 'sending') return <Spinner label="Sending" />;
  if (result.state === 'error') return <span className="bad">{result.message}</span>;
  const ok = result.delivery.status === 'sent';
  return (
    <span className={ok ? 'ok-text' : 'bad'} data-status={result.delivery.status}>
      {deliveryLine(result.delivery)}
    </span>
  );
}
