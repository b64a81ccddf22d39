/**
 * The delivery worker: claims pending and retrying deliveries from the AlertStore with a lease, sends each
 * once with `sendAlert`, and records the attempt. Safe with several instances (the store's claim gives a row
 * to one worker at a time); a process killed mid-send leaves a claim whose lease expires, and the next claim
 * counts the lost attempt and marks the row 'retrying', so the delivery log shows it.
 * Backoff after a failed attempt: 30 s, 2 m, 10 m, 30 m, 2 h; then 'failed'.
 */
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Services } from '../server/services.js';
import type { AlertDelivery } from '../store/alerts-types.js';
import { sendAlert, type SenderOptions, type SendResult } from './channels/index.js';
import { eventMessage } from './delivery-message.js';

export const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000];

/** When to try again after the attempt numbered `attempt` (1-based) failed; null: give up. */
export function nextAttemptAfter(attempt: number, result: SendResult, now: number): number | null {
  if (!result.retryable) return null;
  const delay = BACKOFF_MS[attempt - 1];
  return delay === undefined ? null : now + delay;
}

export interface DeliveryWorkerOptions {
  pollMs?: number;
  batch?: number;
  workerId?: string;
  clock?: () => number;
  /** Extra sender options (tests: a trusted CA, a resolver). */
  sender?: Partial<SenderOptions>;
}

export interface DeliveryWorker {
  /** Runs one claim-and-send round now (tests; also what the timer runs). Returns the deliveries attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

type Log = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export function startDeliveryWorker(services: Pick<Services, 'store'>, config: Pick<Config, 'alertsNotify'>, log: Log, opts: DeliveryWorkerOptions = {}): DeliveryWorker {
  const { store } = services;
  const settings = config.alertsNotify;
  const clock = opts.clock ?? Date.now;
  const workerId = opts.workerId ?? `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  // A claim must outlive the slowest attempt, or a second worker could take the row while it is still sent.
  const leaseMs = settings.timeoutMs * 2 + 10_000;
  const abort = new AbortController();
  const senderOpts: SenderOptions = { allowPrivateTargets: settings.allowPrivateTargets, smtp: settings.smtp, timeoutMs: settings.timeoutMs, signal: abort.signal, ...opts.sender };
  let running: Promise<number> | null = null;
  let stopped = false;

  async function deliver(d: AlertDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    const result = await attemptDelivery(d);
    const now = clock();
    const next = result.ok ? null : nextAttemptAfter(attempt, result, now);
    const mine = await store.recordDeliveryAttempt(d.id, workerId, { ok: result.ok, statusCode: result.statusCode, error: result.error, nextAttemptAt: next, at: now });
    if (!mine) log.warn({ delivery: d.id }, 'alert delivery: the claim expired before the attempt was recorded (the send took longer than the lease)');
    else if (!result.ok) log.warn({ delivery: d.id, attempt, status: result.statusCode, err: result.error, retry_at: next && new Date(next).toISOString() }, next ? 'alert delivery failed; will retry' : 'alert delivery failed; giving up');
  }

  async function attemptDelivery(d: AlertDelivery): Promise<SendResult> {
    const channel = await store.getAlertChannel(d.channelId);
    const event = d.eventId ? await store.getAlertEvent(d.eventId) : null;
    if (!channel || !event) return { ok: false, statusCode: null, error: 'the channel or the alert event no longer exists', retryable: false };
    if (!channel.enabled) return { ok: false, statusCode: null, error: 'channel disabled', retryable: false };
    const project = await store.getProject(event.projectId);
    if (!project) return { ok: false, statusCode: null, error: 'the project no longer exists', retryable: false };
    return sendAlert({ type: channel.type, config: channel.config, secret: channel.secret }, eventMessage(event, project), senderOpts);
  }

  async function round(): Promise<number> {
    const claimed = await store.claimAlertDeliveries({ now: clock(), workerId, leaseMs, limit: opts.batch ?? 10 });
    // Different targets in parallel: one slow receiver must not hold up the others for its whole timeout.
    await Promise.all(claimed.map((d) => deliver(d).catch((err: Error) => log.error({ err, delivery: d.id }, 'alert delivery crashed'))));
    return claimed.length;
  }

  function runOnce(): Promise<number> {
    if (!running) {
      running = round().finally(() => {
        running = null;
      });
    }
    return running;
  }

  const timer = setInterval(() => {
    if (stopped || running) return;
    runOnce().catch((err: Error) => log.warn({ err: err.message }, 'alert delivery round failed'));
  }, opts.pollMs ?? 1000);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // Sends in flight get a moment; then they are aborted and their claims expire into a counted retry.
      const inFlight = running;
      if (inFlight) {
        const grace = setTimeout(() => abort.abort(), 2000);
        await inFlight.catch(() => 0);
        clearTimeout(grace);
      }
    },
  };
}
