/**
 * Bookkeeping an answer does not wait for (gateway.ts SearchOptions.defer: keeping the set in the
 * result-set store, the search's log line, metrics; a front end's own, such as the scan index),
 * run in the turn that sent the answer, right after it: the request that follows still finds the
 * set kept, and the answer did not wait for it. Used by /api/search, SRU and the Z39.50 front end.
 */
export class AfterAnswer {
  private readonly work: (() => void)[] = [];

  /** Hand this to gateway.search as `defer`. */
  readonly defer = (work: () => void): void => {
    this.work.push(work);
  };

  /** Runs what was deferred, once; the answer is out, so a failure is reported, never a second answer. */
  run(onError: (error: unknown) => void): void {
    for (const work of this.work.splice(0)) {
      try {
        work();
      } catch (error) {
        onError(error);
      }
    }
  }
}
