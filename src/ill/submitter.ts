/**
 * Submission of a draft, idempotent and crash-safe:
 *  - the store records `submitting` (and the attempt) before BALIS is called, and the outcome after;
 *  - the idempotency key is the draft id, so any repeat (a retry, a reconcile after a crash)
 *    names the same BALIS request and gets the same number back;
 *  - accepted with a failed side effect (mail_send_fail) = submitted, with the warning kept;
 *  - not accepted = failed with the error, reader data and form intact, resubmittable;
 *  - a draft found `submitting` at start-up (the process died mid-call) is re-submitted by
 *    `reconcile()` only when the adapter declares idempotent submission; otherwise BALIS may
 *    hold it or not, and it is marked `needs_check` with what is known (attempt start, payload
 *    hash, last answer) until a librarian settles it (`resolveCheck`). An explicit submit of a
 *    draft whose holder died mid-call follows the same rule: re-sent with the same key only
 *    through an idempotent adapter, else held as `needs_check` and refused (409);
 *  - only the holder of the draft's claim (DraftStorage.claim) calls BALIS, so with a shared
 *    store two instances never submit one draft at once; the second waits for the first and
 *    then sees it submitted (a replay), or takes over a claim its dead holder lost.
 */
import type { Logger } from '../logging.ts';
import { IllProblem, draftNotFound } from './problems.ts';
import type { DraftStorage } from './draft-storage.ts';
import { payloadDigest, scrubReader, type SubmissionAdapter, type SubmissionResult } from './submission.ts';
import type { IllDraft, NeedsCheck } from './types.ts';

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

  /** `requestId`: the HTTP request asking (the access log's id), passed on to BALIS. */
  async submit(id: string, signal?: AbortSignal, requestId?: string): Promise<SubmitOutcome> {
    const { store, logger, adapter } = this.deps;
    const first = await store.get(id);
    if (!first) throw draftNotFound(id);
    if (first.status === 'submitted') return { draft: first, replayed: true };
    refuseUnsendable(first);
    if (!adapter) throw new IllProblem(503, 'Submission not configured', 'no BALIS endpoint is configured (gateway.ill.balis.url); print the form and submit it by hand');
    const claim = await store.claim(id, this.deps.claimWaitMs ?? 20_000);
    if (!claim) {
      throw new IllProblem(409, 'Submission in progress', 'this draft is being submitted to BALIS now; ask again for its status', [], { draftId: id, status: first.status });
    }
    try {
      // Read again under the claim: another holder may have settled it meanwhile.
      const draft = (await store.get(id)) ?? first;
      if (draft.status === 'submitted') return { draft, replayed: true };
      refuseUnsendable(draft);
      // Still `submitting` though its claim was free: the holder died mid-call, and BALIS may hold the request.
      if (draft.status === 'submitting' && !adapter.idempotentSubmission) refuseUnsendable(await this.recordNeedsCheck(draft));
      const reader = draft.reader;
      if (reader === null) {
        if (draft.status === 'submitting') await store.markFailed(id, this.now(), 'reader data was deleted before BALIS confirmed the request');
        throw new IllProblem(409, 'Reader data deleted', 'this draft no longer has the reader fields BALIS needs; draft the request again', [], { draftId: id });
      }
      await store.markSubmitting(id, this.now(), payloadDigest({ idempotencyKey: id, form: draft.form, reader }));
      logger.info({ draftId: id, lender: draft.lender.id, attempt: draft.submission.attempts + 1, via: adapter.name }, 'ill submission started');
      let result: SubmissionResult;
      try {
        result = await adapter.submit({ idempotencyKey: id, form: draft.form, reader, ...(signal ? { signal } : {}), ...(requestId ? { requestId } : {}) });
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

  /**
   * Drafts left `submitting` by a previous process: re-submitted with the same key when the adapter
   * declares idempotent submission, else marked `needs_check` for a librarian.
   */
  async reconcile(): Promise<IllDraft[]> {
    const settled: IllDraft[] = [];
    for (const pending of await this.deps.store.submitting()) {
      if (!this.deps.adapter?.idempotentSubmission) {
        settled.push(await this.holdForCheck(pending.id));
        continue;
      }
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

  /** Under the draft's claim (no live call on any instance), a draft still `submitting` becomes `needs_check`. */
  private async holdForCheck(id: string): Promise<IllDraft> {
    const { store } = this.deps;
    const claim = await store.claim(id, this.deps.claimWaitMs ?? 20_000);
    // Another instance holds it: its call is alive and will settle the draft.
    if (!claim) return (await store.get(id)) as IllDraft;
    try {
      const draft = (await store.get(id)) as IllDraft;
      return draft.status === 'submitting' ? await this.recordNeedsCheck(draft) : draft;
    } finally {
      await claim.release();
    }
  }

  /** A `submitting` draft, under its claim, becomes `needs_check` with what is known of the cut-off attempt. */
  private async recordNeedsCheck(draft: IllDraft): Promise<IllDraft> {
    const { store, logger, adapter } = this.deps;
    const { id } = draft;
    const started = (await store.events(id)).filter((e) => e.status === 'submitting').at(-1);
    const digest = /^payload sha256:([0-9a-f]{64})$/u.exec(started?.detail ?? '')?.[1];
    const when = draft.submission.submittingAt ?? started?.at;
    const check: NeedsCheck = {
      foundAt: this.now(),
      attempts: draft.submission.attempts,
      zh: `提交过程中网关中断（重启或实例停止），BALIS 是否已收到申请未知（开始于 ${when ?? '未知时间'}），请馆员向 BALIS 核实后再处理`,
      en: `the gateway stopped during submission (a restart, or an instance lost); whether BALIS received the request (attempt started ${when ?? 'at an unknown time'}) is unknown: a librarian checks with BALIS before anything is sent again`,
    };
    if (when) check.attemptStartedAt = when;
    if (digest) check.payloadSha256 = digest;
    if (draft.submission.lastError) check.lastResponse = draft.submission.lastError;
    if (adapter) check.via = adapter.name;
    await store.markNeedsCheck(id, this.now(), check);
    logger.warn({ draftId: id, attemptStartedAt: when, attempts: draft.submission.attempts }, 'ill submission interrupted earlier; not re-sent (BALIS submission is not idempotent): needs a librarian check');
    return (await store.get(id)) as IllDraft;
  }

  /**
   * A librarian's answer to `needs_check`: BALIS holds the request (its number), or it does not
   * (the draft becomes `failed`, resubmittable).
   */
  async resolveCheck(id: string, outcome: { found: true; requestNumber: string } | { found: false }): Promise<IllDraft> {
    const { store, logger } = this.deps;
    const draft = await store.get(id);
    if (!draft) throw draftNotFound(id);
    if (draft.status !== 'needs_check') throw new IllProblem(409, 'Nothing to check', `the draft is ${draft.status}, not needs_check`, [], { draftId: id, status: draft.status });
    if (outcome.found) await store.markSubmitted(id, this.now(), outcome.requestNumber, []);
    else await store.markFailed(id, this.now(), 'a librarian checked with BALIS: the request was not received; it may be submitted again');
    logger.info({ draftId: id, found: outcome.found }, 'ill submission check settled by a librarian');
    return (await store.get(id)) as IllDraft;
  }
}

/** A draft waiting for a librarian's check, or withdrawn, is not sent. */
function refuseUnsendable(draft: IllDraft): void {
  if (draft.status === 'needs_check') {
    throw new IllProblem(409, 'Needs a librarian check', draft.needsCheck?.en ?? 'a librarian checks with BALIS first', [], { draftId: draft.id, status: draft.status, needsCheck: draft.needsCheck });
  }
  if (draft.status === 'cancelled') throw new IllProblem(409, 'Request cancelled', 'this request was cancelled', [], { draftId: draft.id, status: draft.status });
}
