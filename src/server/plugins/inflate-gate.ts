/**
 * At most `slots` request bodies inflate at once; up to `queue` more wait for a slot with their sockets unread
 * (TCP holds the rest of their bodies at the client), and past that a compressed body is refused at once with
 * 503 OVERLOADED. Inflating is CPU on the event loop (each output chunk is a callback through the meter and the
 * parser): 400 bodies inflating at once, as in issue 9's flood, made runs of 100–230 ms of zlib callbacks that
 * held /healthz and every other request, for bodies the memory budget then refused after their first chunks.
 * A handful of streams inflate as fast as the cores allow; more only interleave.
 */

/** Bodies that may wait per slot before compressed bodies are refused: a queue of at most a few hundred ms. */
export const INFLATE_QUEUE_PER_SLOT = 16;

/**
 * A place at the gate. `ready` resolves true when the body may inflate, false when it left the queue before its
 * turn; `release` frees the slot or leaves the queue (only the first call counts).
 */
export interface GateTicket {
  ready: Promise<boolean>;
  release(): void;
}

export class InflateGate {
  private active = 0;
  private readonly waiting: Array<(turn: boolean) => void> = [];

  constructor(
    readonly slots: number,
    readonly queue: number,
  ) {}

  /** Bodies inflating now, and waiting for a slot. */
  get stats(): { inflating: number; waiting: number } {
    return { inflating: this.active, waiting: this.waiting.length };
  }

  /** A ticket, or null when every slot is taken and the queue is full (refuse the request). */
  enter(): GateTicket | null {
    const now = this.active < this.slots;
    if (!now && this.waiting.length >= this.queue) return null;
    let state: 'waiting' | 'inflating' | 'done' = now ? 'inflating' : 'waiting';
    let answer: (turn: boolean) => void = () => {};
    let ready: Promise<boolean>;
    if (now) {
      this.active++;
      ready = Promise.resolve(true);
    } else {
      ready = new Promise<boolean>((resolve) => {
        answer = (turn) => {
          state = turn ? 'inflating' : 'done';
          resolve(turn);
        };
      });
      this.waiting.push(answer);
    }
    return {
      ready,
      release: () => {
        if (state === 'waiting') {
          this.waiting.splice(this.waiting.indexOf(answer), 1); // gone before its turn
          answer(false);
        } else if (state === 'inflating') {
          state = 'done';
          this.next();
        }
      },
    };
  }

  /** A slot was freed: it passes to the first in the queue, or becomes free. */
  private next(): void {
    const answer = this.waiting.shift();
    if (answer) answer(true);
    else this.active--;
  }
}
