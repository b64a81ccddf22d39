/**
 * The size of a step the writer thread takes between two ingest commits (rows deleted, index pages merged,
 * pages vacuumed), adapted to its time: a commit that arrives meanwhile waits for the whole step, and the same
 * size costs 3–8 times more on a loaded machine, so the size follows what the last steps took.
 */
export class StepSize {
  private current: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
    start: number,
    /**
     * Time a step aims at: one that took over 1.5× this halves the next; one under half of it grows the next
     * by a quarter only (a step that found little to do is fast, and doubling then overshot: 64 merge pages
     * at 20-40 ms right after 8 at 30 ms, on a loaded machine).
     */
    private readonly budgetMs = 10,
  ) {
    this.current = start;
  }

  get value(): number {
    return this.current;
  }

  /** Records how long a step of `size` took. */
  took(elapsedMs: number, size = this.current): void {
    if (elapsedMs > this.budgetMs * 1.5) this.current = Math.max(this.min, Math.floor(size / 2));
    else if (elapsedMs < this.budgetMs / 2) this.current = Math.min(this.max, Math.max(size + 1, Math.ceil(size * 1.25)));
  }
}
