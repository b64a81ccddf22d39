/** Create a channel (webhook, Slack, email), and the one screen that shows a generated webhook secret. */
import { useState, type FormEvent } from 'react';
import { alertsApi, type CreatedChannel } from '../../api/alerts';
import type { Project } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { CHANNEL_TYPES, channelConfigOf, emptyChannelForm, type ChannelForm } from './channel-form';

export function ChannelFormDialog({ project, onCreated, onClose }: { project: Project; onCreated: (c: CreatedChannel) => void; onClose: () => void }) {
  const [form, setForm] = useState<ChannelForm>(emptyChannelForm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const set = (patch: Partial<ChannelForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    let config: Record<string, unknown>;
    try {
      config = channelConfigOf(form);
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    setBusy(true);
    alertsApi.createChannel({ project_id: project.id, name: form.name.trim(), type: form.type, config }).then(onCreated, (err: Error) => {
      setError(err.message);
      setBusy(false);
    });
  };

  return (
    <Dialog
      title="New channel"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="channel-form" className="btn btn-primary" disabled={busy || !form.name.trim()} data-testid="channel-save">
            Create channel
          </button>
        </>
      }
    >
      <form id="channel-form" className="form" onSubmit={submit}>
        <label>
          Name
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="On-call webhook" required maxLength={100} data-testid="channel-name" />
        </label>
        <label>
          Type
          <select value={form.type} onChange={(e) => set({ type: e.target.value as ChannelForm['type'] })} data-testid="channel-type">
            {CHANNEL_TYPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        {form.type === 'webhook' && (
          <>
            <label>
              URL
              <input type="url" className="mono" value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://example.com/hooks/devsmith" data-testid="channel-url" />
            </label>
            <label>
              Signing secret
              <input className="mono" value={form.secret} onChange={(e) => set({ secret: e.target.value })} placeholder="leave empty to generate one" autoComplete="off" />
              <span className="hint">Each message is signed with HMAC-SHA256 in X-DevSmith-Signature (docs/alerts-dashboard.md).</span>
            </label>
          </>
        )}
        {form.type === 'slack' && (
          <label>
            Slack incoming webhook URL
            <input type="url" className="mono" value={form.slackUrl} onChange={(e) => set({ slackUrl: e.target.value })} placeholder="https://hooks.slack.com/services/…" />
          </label>
        )}
        {form.type === 'email' && (
          <label>
            Send to
            <textarea value={form.to} onChange={(e) => set({ to: e.target.value })} rows={2} placeholder="oncall@example.com, lead@example.com" />
            <span className="hint">The SMTP server is a server setting (DEVSMITH_SMTP_URL).</span>
          </label>
        )}
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Dialog>
  );
}

export function SecretRevealDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  return (
    <Dialog
      title={`Signing secret of ${name}`}
      onClose={onClose}
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          I have stored the secret
        </button>
      }
    >
      <div className="banner banner-warn" role="note">
        <strong>Copy this secret now: it will not be shown again.</strong> Your receiver checks each message with it.
      </div>
      <div className="key-box">
        <code data-testid="channel-secret">{secret}</code>
        <CopyButton text={secret} label="Copy secret" className="btn-primary" />
      </div>
    </Dialog>
  );
}
