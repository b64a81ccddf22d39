/**
 * Ingest requests start one per turn of the event loop. 400 requests arriving at once were each handled to the
 * end of their synchronous work as their bytes were read (key check, refusal, answer), all in one turn: a
 * /healthz or a dashboard query that arrived among them waited for the whole burst (150-250 ms under issue 9's
 * flood). Behind this gate an ingest request's work starts in a turn of its own, after whatever else was read
 * in that turn, so a burst of ingest requests stretches over many short turns instead of one long one, and the
 * other routes (which take no turn) are answered in the next. A request waits as long as the requests ahead
 * of it take to start (not to finish: its body, parse and store run as before), a few microseconds each.
 */
import type { onRequestHookHandler } from 'fastify';

export class Turns {
  private readonly waiting: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  /** The onRequest hook: the request goes on when its turn comes. */
  readonly hook: onRequestHookHandler = (_request, _reply, done) => {
    this.waiting.push(done as () => void);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.next);
    }
  };

  /** Requests waiting for their turn. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  private readonly next = (): void => {
    const go = this.waiting[this.head++]!;
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
      this.scheduled = false;
    } else {
      if (this.head >= 1024) (this.waiting.splice(0, this.head), (this.head = 0));
      setImmediate(this.next);
    }
    go();
  };
}
