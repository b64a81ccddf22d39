/**
 * The WAL's restart, shared by the checkpointer thread (checkpointer.ts) and the writer thread through three
 * cells of shared memory: [0] is raised by the checkpointer when the WAL is long (or by the vacuum, below),
 * lowered by the writer once it has checkpointed; [1] counts the checkpointer's completed checkpoints; [2] is
 * raised while retention's steps wait for a checkpointer pass.
 *
 * For a second after it raised [0], unless [2] is raised, the checkpointer runs no pass: the writer's
 * checkpoint after its next commit needs the checkpoint lock, and a PASSIVE checkpoint does not wait for it.
 * Passes run back to back (as they did, 5 ms apart) took that lock from the writer every time on a busy
 * machine, whose passes last a second: the WAL then grew to the writer's 65,536-frame backstop (256 MiB)
 * before it started over.
 *
 * The WAL starts over only at a commit that finds it fully copied, and the checkpointer, copying alongside,
 * never copies the frames committed during its own pass. The writer copies that tail itself, between two
 * commits; what it costs a waiting commit is that tail plus two syncs. Retention's steps write ~35 MB a second,
 * so a tail left by a checkpointer pass of 30-150 ms was 700-1,600 pages, and the writer's checkpoint 28-94 ms.
 * So when asked, retention pauses its steps (ingest commits go on) until a checkpointer pass that began after
 * the pause has ended: the tail is then only the few pages of the ingest commits meanwhile.
 */
export const WAL_CELLS = 3;

/** Longest pause of retention's steps waiting for the checkpointer (it may be stuck behind a reader). */
const MAX_PAUSE_MS = 1_000;

/** 16 MiB of 4 KiB pages. */
const VACUUM_PAGES_PER_RESTART = 4_096;

export type Gate = 'go' | 'wait' | 'checkpointed';

export class WalRequests {
  private pausedAtPass = -1;
  private pausedAt = 0;
  private vacuumedPages = 0;

  /** `checkpoint` runs a PASSIVE checkpoint on the write connection; false when the checkpointer's was running. */
  constructor(private readonly cells: Int32Array | undefined, private readonly checkpoint: (label: string) => boolean) {}

  get asked(): boolean {
    return !!this.cells && Atomics.load(this.cells, 0) === 1;
  }

  /** Between commits, no retention running: the tail since the checkpointer's last pass; false when busy. */
  checkpointNow(label: string): boolean {
    if (!this.checkpoint(label)) return false;
    this.vacuumedPages = 0;
    if (this.cells) Atomics.store(this.cells, 0, 0);
    this.unpause();
    return true;
  }

  /**
   * The incremental vacuum handed `pages` back. SQLite shrinks the file only at a checkpoint that copies the
   * whole WAL, and that truncation (with its sync) is the writer's: 30 MiB at once took up to 106 ms. Past
   * VACUUM_PAGES_PER_RESTART since the last, the WAL is asked to start over, so each truncation stays small.
   */
  vacuumed(pages: number): void {
    this.vacuumedPages += pages;
    if (this.cells && this.vacuumedPages >= VACUUM_PAGES_PER_RESTART) Atomics.store(this.cells, 0, 1);
  }

  /** Retention stopped (done, failed or closed): a pause it had asked the checkpointer for ends with it. */
  unpause(): void {
    this.pausedAtPass = -1;
    if (this.cells) Atomics.store(this.cells, 2, 0);
  }

  /** Before a retention step: 'go' on, 'wait' (a few ms, commits keep going), or it just checkpointed. */
  beforeStep(): Gate {
    if (!this.cells || !this.asked) {
      this.unpause(); // lowered meanwhile (a commit's checkpoint): a later request pauses anew
      return 'go';
    }
    const passes = Atomics.load(this.cells, 1);
    if (this.pausedAtPass < 0) {
      this.pausedAtPass = passes;
      this.pausedAt = performance.now();
      Atomics.store(this.cells, 2, 1); // the checkpointer: passes, and soon
      return 'wait';
    }
    // +2: the pass under way when the pause began may have started before the last step's frames.
    if (passes < this.pausedAtPass + 2 && performance.now() - this.pausedAt < MAX_PAUSE_MS) return 'wait';
    return this.checkpointNow('writer checkpoint (retention paused)') ? 'checkpointed' : 'wait';
  }
}
