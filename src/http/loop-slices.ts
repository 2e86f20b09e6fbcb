/**
 * Runs jobs on the main event loop for at most `sliceMs` a turn (at least one job), the rest in later turns.
 *
 * Node reads every socket that is ready in one poll phase, and runs each request's listener as
 * it reads it. In a burst of 1,000 searches the poll phases grew to hundreds of requests, each
 * with the door's refusal work (~0.3 ms), so a /healthz or a result-set read that arrived just
 * after a phase began waited for the whole of it: up to 420 ms on two cores. Queued here, a
 * request costs the poll phase only Node's own reading of it; the refusals go out in slices
 * between polls, in the order they came, and whatever else arrived is answered in between.
 * (src/adapter-api/cpu-turns.ts does the same for a search's own long work, a turn at a time and
 * always in a later iteration; the door runs a job at once while the turn has time left, so an
 * unhurried search is not delayed by a turn.)
 */
export class LoopSlices {
  private readonly jobs: ((() => void) | undefined)[] = [];
  private head = 0;
  /** Time the jobs took in this turn (since the last drain began). */
  private spentMs = 0;
  private drainScheduled = false;

  constructor(
    private readonly sliceMs: number,
    /** A job that throws is reported here; the others still run. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Jobs waiting for a later turn. */
  get waiting(): number {
    return this.jobs.length - this.head;
  }

  /** Runs `job` now if nothing waits and this turn's slice is not spent, else after those before it. */
  run(job: () => void): void {
    if (this.waiting === 0 && this.spentMs < this.sliceMs) this.timed(job);
    else this.jobs.push(job);
    // The next check phase starts a new slice (and runs what waits): without it a spent slice would never reset.
    this.scheduleDrain();
  }

  private timed(job: () => void): void {
    const started = performance.now();
    try {
      job();
    } catch (error) {
      this.onError(error);
    } finally {
      this.spentMs += performance.now() - started;
    }
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(this.drain);
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    this.spentMs = 0;
    // At least one job a turn, whatever the slice: the queue always moves.
    for (let ran = 0; this.head < this.jobs.length && (ran === 0 || this.spentMs < this.sliceMs); ran += 1) {
      const job = this.jobs[this.head];
      this.jobs[this.head] = undefined;
      this.head += 1;
      if (job) this.timed(job);
    }
    if (this.head === this.jobs.length || this.head > 1024) {
      // Drop the run jobs' slots, so that a queue never empty under steady load does not grow.
      this.jobs.splice(0, this.head);
      this.head = 0;
    }
    if (this.waiting > 0) {
      // setImmediate from the check phase runs in the next turn, after a poll phase that does not block.
      this.scheduleDrain();
    }
  };
}
