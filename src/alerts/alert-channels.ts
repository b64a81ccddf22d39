/**
 * Alert channels' rules (issue 15): a user lists and manages the channels of the projects they may see
 * (their own; an admin all), configs are validated with the SSRF check before they are stored, secrets are
 * write-only, and "send test" sends one message now and records it in the delivery log. Knows no HTTP; the
 * routes are in src/server/routes/alert-channels.ts.
 */
import { AppError } from '../errors.js';
import type { Projects } from '../projects/projects.js';
import type { AlertChannel, AlertDelivery } from '../store/alerts-types.js';
import type { Store, User } from '../store/types.js';
import { sendAlert, validateChannelConfig, type ChannelType, type SenderOptions } from './channels/index.js';
import type { NotifySettings } from './channels/settings.js';
import { testMessage } from './delivery-message.js';

export interface ChannelInput {
  projectId: number;
  name: string;
  type: ChannelType;
  config: unknown;
}

export interface ChannelPatch {
  name?: string;
  config?: unknown;
  enabled?: boolean;
}

export class AlertChannels {
  constructor(
    private readonly store: Store,
    private readonly projects: Projects,
    private readonly settings: NotifySettings,
    private readonly publicUrl: string,
    /** Tests: a trusted CA for their HTTPS receivers. */
    private readonly senderExtras: Partial<SenderOptions> = {},
  ) {}

  async list(user: User, projectId?: number): Promise<AlertChannel[]> {
    const ids = projectId === undefined ? await this.projects.readableIds(user, []) : [(await this.projects.get(user, String(projectId))).id];
    return this.store.listAlertChannels(ids);
  }

  /** The created channel, and the webhook secret once (generated when none was given). */
  async create(user: User, input: ChannelInput): Promise<{ channel: AlertChannel; secret: string | null }> {
    const project = await this.projects.get(user, String(input.projectId));
    const { config, secret } = await validateChannelConfig(input.type, input.config, { allowPrivateTargets: this.settings.allowPrivateTargets });
    const channel = await this.store.createAlertChannel({ projectId: project.id, name: input.name.trim(), type: input.type, config, secret: secret ?? null });
    return { channel, secret: secret ?? null };
  }

  async update(user: User, id: string, patch: ChannelPatch): Promise<{ channel: AlertChannel; secret: string | null }> {
    const current = await this.readable(user, id);
    let config: Record<string, unknown> | undefined;
    let secret: string | undefined;
    if (patch.config !== undefined) {
      const merged = this.keepSecret(current, patch.config);
      const checked = await validateChannelConfig(current.type, merged, { allowPrivateTargets: this.settings.allowPrivateTargets });
      config = checked.config;
      secret = checked.secret;
    }
    const channel = await this.store.updateAlertChannel(id, { name: patch.name?.trim(), config, secret, enabled: patch.enabled });
    if (!channel) throw new AppError('NOT_FOUND', `Alert channel ${id} does not exist.`);
    // A secret is shown once: when the caller set a new one or it was generated for them now.
    const changed = secret !== undefined && secret !== current.secret;
    return { channel, secret: changed ? secret! : null };
  }

  async remove(user: User, id: string): Promise<void> {
    await this.readable(user, id);
    await this.store.deleteAlertChannel(id);
  }

  /** Sends a test message now, once, and records it (event_id null, test true). */
  async test(user: User, id: string): Promise<AlertDelivery> {
    const channel = await this.readable(user, id);
    const project = await this.projects.get(user, String(channel.projectId));
    const opts: SenderOptions = { allowPrivateTargets: this.settings.allowPrivateTargets, smtp: this.settings.smtp, timeoutMs: this.settings.timeoutMs, ...this.senderExtras };
    const result = await sendAlert({ type: channel.type, config: channel.config, secret: channel.secret }, testMessage(project, channel.name, this.publicUrl), opts);
    return this.store.recordTestDelivery(channel.id, { ok: result.ok, statusCode: result.statusCode, error: result.error, at: Date.now() });
  }

  async get(user: User, id: string): Promise<AlertChannel> {
    return this.readable(user, id);
  }

  private async readable(user: User, id: string): Promise<AlertChannel> {
    const channel = await this.store.getAlertChannel(id);
    const missing = new AppError('NOT_FOUND', `Alert channel ${id} does not exist.`);
    if (!channel) throw missing;
    try {
      await this.projects.get(user, String(channel.projectId));
    } catch {
      throw missing; // someone else's channel is indistinguishable from none
    }
    return channel;
  }

  /** A webhook config edited without a secret keeps the stored one (the client never saw it). */
  private keepSecret(current: AlertChannel, config: unknown): unknown {
    if (current.type !== 'webhook' || typeof config !== 'object' || config === null || Array.isArray(config)) return config;
    const c = config as Record<string, unknown>;
    return c.secret === undefined && current.secret ? { ...c, secret: current.secret } : c;
  }
}
