/**
 * Messages wait here per project until 500 have come or 200 ms have passed, then go to the ingest pipeline as
 * one batch: one commit for many datagrams (group commit), one rate-limit hit per batch.
 */
import type { Project } from '../../store/types.js';
import type { SyslogEntry } from './map.js';

export type Deliver = (project: Project, entries: SyslogEntry[]) => Promise<void>;

interface OpenBatch {
  project: Project;
  entries: SyslogEntry[];
  timer: NodeJS.Timeout;
}

export class ProjectBatches {
  private readonly open = new Map<number, OpenBatch>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Entries accepted and not yet delivered (the TCP listeners pause reading above a limit). */
  backlog = 0;

  constructor(
    private readonly deliver: Deliver,
    private readonly maxEntries = 500,
    private readonly maxWaitMs = 200,
    /** Called after each delivery, with the backlog left. */
    private readonly onDelivered: (backlog: number) => void = () => {},
  ) {}

  add(project: Project, entry: SyslogEntry): void {
    this.backlog++;
    let batch = this.open.get(project.id);
    if (!batch) {
      batch = { project, entries: [], timer: setTimeout(() => this.flush(project.id), this.maxWaitMs) };
      this.open.set(project.id, batch);
    }
    batch.entries.push(entry);
    if (batch.entries.length >= this.maxEntries) this.flush(project.id);
  }

  private flush(projectId: number): void {
    const batch = this.open.get(projectId);
    if (!batch) return;
    this.open.delete(projectId);
    clearTimeout(batch.timer);
    // deliver() counts its own failures; the catch only keeps a bug there from becoming an unhandled rejection.
    const done = this.deliver(batch.project, batch.entries).catch(() => {}).finally(() => {
      this.backlog -= batch.entries.length;
      this.inFlight.delete(done);
      this.onDelivered(this.backlog);
    });
    this.inFlight.add(done);
  }

  /** Sends every open batch now and waits until all are delivered (shutdown). */
  async flushAll(): Promise<void> {
    for (const id of [...this.open.keys()]) this.flush(id);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
