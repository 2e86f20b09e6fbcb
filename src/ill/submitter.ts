/**
 * Submission of a draft, idempotent and crash-safe:
 *  - the store records `submitting` (and the attempt) before BALIS is called, and the outcome after;
 *  - the idempotency key is the draft id, so any repeat (a retry, a reconcile after a crash)
 *    names the same BALIS request and gets the same number back;
 *  - accepted with a failed side effect (mail_send_fail) = submitted, with the warning kept;
 *  - not accepted = failed with the error, reader data and form intact, resubmittable;
 *  - a draft found `submitting` with no call in flight (the process died mid-call) is
 *    re-submitted by `reconcile()` at start-up, or by the next submit;
 *  - only the holder of the draft's claim (DraftStorage.claim) calls BALIS, so with a shared
 *    store two instances never submit one draft at once; the second waits for the first and
 *    then sees it submitted (a replay), or takes over a claim its dead holder lost.
 */
import type { Logger } from '../logging.ts';
import { IllProblem, draftNotFound } from './problems.ts';
import type { DraftStorage } from './draft-storage.ts';
import { scrubReader, type SubmissionAdapter, type SubmissionResult } from './submission.ts';
import type { IllDraft } from './types.ts';

export interface SubmitOutcome {
  draft: IllDraft;
  /** Already submitted before this call: nothing was sent. */
  replayed: boolean;
}

export interface SubmitterDeps {
  store: DraftStorage;
  logger: Logger;
  /** How long a submit waits for another instance's call on the same draft (default 20 s). */
  claimWaitMs?: number;
  /** Absent when no BALIS endpoint is configured (config ill.balis). */
  adapter?: SubmissionAdapter;
  clock?: () => Date;
}

export class Submitter {
  private readonly deps: SubmitterDeps;

  constructor(deps: SubmitterDeps) {
    this.deps = deps;
  }

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  async submit(id: string, signal?: AbortSignal): Promise<SubmitOutcome> {
    const { store, logger, adapter } = this.deps;
    const first = await store.get(id);
    if (!first) throw draftNotFound(id);
    if (first.status === 'submitted') return { draft: first, replayed: true };
    if (!adapter) throw new IllProblem(503, 'Submission not configured', 'no BALIS endpoint is configured (gateway.ill.balis.url); print the form and submit it by hand');
    const claim = await store.claim(id, this.deps.claimWaitMs ?? 20_000);
    if (!claim) {
      throw new IllProblem(409, 'Submission in progress', 'this draft is being submitted to BALIS now; ask again for its status', [], { draftId: id, status: first.status });
    }
    try {
      // Read again under the claim: another holder may have settled it meanwhile.
      const draft = (await store.get(id)) ?? first;
      if (draft.status === 'submitted') return { draft, replayed: true };
      const reader = draft.reader;
      if (reader === null) {
        if (draft.status === 'submitting') await store.markFailed(id, this.now(), 'reader data was deleted before BALIS confirmed the request');
        throw new IllProblem(409, 'Reader data deleted', 'this draft no longer has the reader fields BALIS needs; draft the request again', [], { draftId: id });
      }
      await store.markSubmitting(id, this.now());
      logger.info({ draftId: id, lender: draft.lender.id, attempt: draft.submission.attempts + 1, via: adapter.name }, 'ill submission started');
      let result: SubmissionResult;
      try {
        result = await adapter.submit({ idempotencyKey: id, form: draft.form, reader, ...(signal ? { signal } : {}) });
      } catch (error) {
        // Adapters should not throw; if one does, the outcome is unknown and a resubmit is the safe path.
        result = { accepted: false, error: scrubReader(`submission failed: ${(error as Error).message ?? String(error)}`, reader) };
      }
      if (result.accepted) {
        await store.markSubmitted(id, this.now(), result.requestNumber, result.warnings);
        logger.info({ draftId: id, requestNumber: result.requestNumber, sideEffectFailures: result.warnings.length }, 'ill submission accepted');
        if (result.warnings.length > 0) logger.warn({ draftId: id, requestNumber: result.requestNumber, warnings: result.warnings }, 'BALIS accepted the request but a side effect failed');
      } else {
        await store.markFailed(id, this.now(), result.error);
        logger.warn({ draftId: id, error: result.error }, 'ill submission not accepted');
      }
      return { draft: (await store.get(id)) as IllDraft, replayed: false };
    } finally {
      await claim.release();
    }
  }

  /** Re-submits drafts left `submitting` by a previous process; same key, so no second request. */
  async reconcile(): Promise<IllDraft[]> {
    const settled: IllDraft[] = [];
    for (const pending of await this.deps.store.submitting()) {
      this.deps.logger.info({ draftId: pending.id }, 'ill submission interrupted earlier; re-submitting with the same idempotency key');
      try {
        settled.push((await this.submit(pending.id)).draft);
      } catch (error) {
        if (!(error instanceof IllProblem)) throw error;
        settled.push((await this.deps.store.get(pending.id)) as IllDraft);
      }
    }
    return settled;
  }
}
