/**
 * The syslog receiver: listeners → parse → map → route to a project → batches → the ingest pipeline (the same
 * `ingest()` as HTTP, with the project's rate limit, quota, sampling and grouping). Built with the app, started
 * by `listen()` once the HTTP server listens, and `close()`d first at shutdown: every message read before it
 * is stored before the store closes.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyBaseLogger } from 'fastify';
import type { SyslogConfig, SyslogListenerConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { checkProjectRate, ingestForProject } from '../../server/ingest-core.js';
import type { Metrics } from '../../server/metrics.js';
import { OncePer } from '../../server/request-log.js';
import type { Services } from '../../server/services.js';
import type { Project } from '../../store/types.js';
import { ProjectBatches } from './batches.js';
import { listenStream, listenUdp, type BoundListener, type Listener } from './listeners.js';
import { toEntry, type SyslogEntry } from './map.js';
import { parseSyslog } from './parse.js';
import { ProjectRouter } from './routing.js';

/** Stream connections stop being read while this many messages wait for the store, and resume below half. */
const HIGH_WATER = 20_000;
const BATCH_WAIT_MS = 200;
const BATCH_MAX = 500;

const WHY: Record<string, string> = {
  unknown_key: 'syslog messages with an unknown project key dropped: copy the current key from the project page',
  unknown_project: 'syslog messages dropped: the listener\'s project (DEVSMITH_SYSLOG_PROJECT) names no project',
  no_project: 'syslog messages without a project key dropped: send [devsmith@53595 key="dsk_..."] or set DEVSMITH_SYSLOG_PROJECT',
};

export class SyslogReceiver {
  private listeners: Listener[] = [];
  private readonly router: ProjectRouter;
  private readonly batches: ProjectBatches;
  private readonly routing = new Set<Promise<void>>();
  private readonly warned = new Map<string, OncePer>();
  private paused = false;

  constructor(
    private readonly config: SyslogConfig,
    private readonly services: Services,
    private readonly metrics: Metrics,
    private readonly log: FastifyBaseLogger,
    /** Messages waiting for the store above which stream connections are not read (tests lower it). */
    private readonly highWater = HIGH_WATER,
  ) {
    this.router = new ProjectRouter(services);
    const maxEntries = Math.min(BATCH_MAX, services.config.limits.entriesPerBatch);
    this.batches = new ProjectBatches((p, e) => this.deliver(p, e), maxEntries, BATCH_WAIT_MS, (backlog) => this.backpressure(backlog));
  }

  /** Binds every configured listener; returns where each listens (port 0 in tests gets a free one). */
  async listen(): Promise<BoundListener[]> {
    const onMessage = this.onMessage.bind(this);
    const onError = (err: Error, peer: string | null) => this.log.debug({ err: err.message, peer }, 'syslog connection error');
    for (const config of this.config.listeners) {
      const listener = config.transport === 'udp'
        ? await listenUdp(config, this.config.maxMessageBytes, onMessage)
        : await listenStream(config, this.config.maxMessageBytes, onMessage, this.config.tls, onError);
      this.listeners.push(listener);
      if (config.project && !(await this.services.store.getProjectBySlug(config.project, null))) {
        this.log.warn({ project: config.project, transport: config.transport }, 'syslog listener\'s project does not exist (yet): messages without a key are dropped until it does');
      }
    }
    return this.addresses();
  }

  addresses(): BoundListener[] {
    return this.listeners.map((l) => l.bound);
  }

  /** Stops listening, then stores every message already read. */
  async close(): Promise<void> {
    const listeners = this.listeners;
    this.listeners = [];
    await Promise.all(listeners.map((l) => l.close()));
    const partial = listeners.reduce((n, l) => n + l.partialAtClose, 0);
    if (partial) this.metrics.syslogDropped.inc({ reason: 'incomplete_at_shutdown' });
    while (this.routing.size) await Promise.all([...this.routing]);
    await this.batches.flushAll();
  }

  private onMessage(bytes: Buffer, truncated: boolean, listener: SyslogListenerConfig, peer: string | null): void {
    this.metrics.syslogReceived.inc({ transport: listener.transport });
    if (bytes.length === 0) return this.drop('empty', 1); // an empty datagram: nothing to store
    // A cut message may end inside a UTF-8 sequence: that is not a reason to read it as Latin-1.
    const latin1 = !truncated && !isUtf8(bytes);
    let text = bytes.toString(latin1 ? 'latin1' : 'utf8');
    if (truncated && text.endsWith('\uFFFD')) text = text.slice(0, -1);
    const msg = parseSyslog(text);
    if (msg.format === 'raw') this.metrics.syslogDegraded.inc({ reason: 'not_syslog' });
    if (truncated) this.metrics.syslogDegraded.inc({ reason: 'truncated' });
    if (latin1) this.metrics.syslogDegraded.inc({ reason: 'latin1' });
    const { key, entry } = toEntry(msg, { transport: listener.transport, peer, truncated, latin1 });
    const routed = this.router.route(key, listener.project).then(
      (route) => {
        if ('project' in route) {
          this.batches.add(route.project, entry);
          if (this.batches.backlog >= this.highWater) this.backpressure(this.batches.backlog);
        } else this.drop(route.drop, 1);
      },
      (err: Error) => this.drop('store_unavailable', 1, err.message),
    );
    this.routing.add(routed);
    void routed.finally(() => this.routing.delete(routed));
  }

  /** One batch into the ingest pipeline; never throws: what is not stored is counted by reason. */
  private async deliver(project: Project, entries: SyslogEntry[]): Promise<void> {
    try {
      await checkProjectRate(this.services, this.metrics, project, this.log);
      const result = await ingestForProject(this.services, this.metrics, project, { service_name: 'syslog', logs: entries });
      for (const r of result.rejected) this.drop(r.code, 1, r.reason);
    } catch (err) {
      const reason = err instanceof AppError ? err.code.toLowerCase() : 'internal';
      if (!(err instanceof AppError)) this.log.error({ err }, 'syslog batch failed');
      this.drop(reason, entries.length, (err as Error).message);
    }
  }

  private drop(reason: string, count: number, detail?: string): void {
    this.metrics.syslogDropped.inc({ reason }, count);
    let once = this.warned.get(reason);
    if (!once) this.warned.set(reason, (once = new OncePer(60_000)));
    const held = once.pass();
    if (held !== null) this.log.warn({ reason, detail, held_back: held }, `${WHY[reason] ?? `syslog messages dropped (${reason})`} (said once a minute)`);
  }

  private backpressure(backlog: number): void {
    const pause = backlog >= this.highWater ? true : backlog < this.highWater / 2 ? false : this.paused;
    if (pause === this.paused) return;
    this.paused = pause;
    for (const l of this.listeners) l.setPaused(pause);
  }
}
