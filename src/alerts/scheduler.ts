/**
 * Runs the rules that are due, every tick. Safe with several instances: each rule is evaluated under a lock
 * (PostgreSQL advisory lock per rule; SQLite has one instance), and the commit itself is a compare-and-set on
 * the rule's nextRunAt, so a run commits its state and events once even if two instances evaluated it.
 * State lives in the store: a restart neither fires again nor forgets what was firing.
 */
import type { Store } from '../store/types.js';
import { evaluateRule } from './evaluator.js';

/** Rules evaluated per tick at most; the rest are due at the next tick. */
const RULES_PER_TICK = 500;
/** Rules evaluated at once on PostgreSQL. */
const EVALUATION_CONCURRENCY = 3;

export interface SchedulerOptions {
  store: Store;
  publicUrl: string;
  tickMs: number;
  clock?: () => number;
  onError?: (ruleId: string, err: Error) => void;
}

export class AlertScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly opts: SchedulerOptions) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs);
    this.timer.unref();
  }

  /** Evaluates every rule due now; single-flight (a tick during a tick gets that tick). Returns rules evaluated. */
  tick(): Promise<number> {
    this.running ??= this.runDue().finally(() => (this.running = null));
    return this.running;
  }

  private async runDue(): Promise<number> {
    const now = (this.opts.clock ?? Date.now)();
    const { store } = this.opts;
    let due;
    try {
      due = await store.dueAlertRules(now, RULES_PER_TICK);
    } catch (err) {
      this.opts.onError?.('*', err as Error);
      return 0;
    }
    let n = 0;
    const queue = [...due];
    const worker = async () => {
      for (let rule = queue.shift(); rule && !this.stopped; rule = queue.shift()) {
        try {
          const done = await store.withAlertRuleLock(rule.id, () => evaluateRule(store, this.opts.publicUrl, rule!, now));
          if (done) n++;
        } catch (err) {
          this.opts.onError?.(rule.id, err as Error); // one broken rule does not stop the others...
          // ...nor is it retried every tick: its next try is one interval later, like a run that succeeded.
          await store.updateAlertRule(rule.id, { nextRunAt: now + rule.intervalS * 1000 }).catch(() => {});
        }
      }
    };
    // PostgreSQL: a few rules at once (each holds its lock connection plus one for reads, out of a pool of 10);
    // SQLite reads run on this thread anyway.
    await Promise.all(Array.from({ length: store.kind === 'postgres' ? EVALUATION_CONCURRENCY : 1 }, worker));
    return n;
  }

  /** Stops the timer and waits for the evaluation in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
