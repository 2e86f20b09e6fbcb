/**
 * 我的申请: a reader's drafts and requests with where each one is — the gateway's own status
 * until BALIS holds it, then BALIS's (submitted → shipped → arrived → returned), read from BALIS
 * when listed; cancelling while allowed; and the reader fields of their last form, kept with
 * their drafts on the server (never in the browser), offered for the next one.
 */
import type { Logger } from '../logging.ts';
import type { DraftStorage } from './draft-storage.ts';
import { IllProblem } from './problems.ts';
import type { RemoteProgress, SubmissionAdapter } from './submission.ts';
import type { DraftStatus, IllDraft, ReaderFields } from './types.ts';

type RequestStatus = Exclude<DraftStatus, 'submitted'> | RemoteProgress;

export interface ReaderRequest {
  id: string;
  requestNumber?: string;
  status: RequestStatus;
  /** `balis`: as BALIS reported it at `asOf`; `gateway`: the draft's own status (BALIS not asked or not answering). */
  source: 'gateway' | 'balis';
  asOf: string;
  /** BALIS could not be asked: the status shown is the last the gateway knows. */
  progressError?: string;
  title: string;
  lender: IllDraft['lender'];
  createdAt: string;
  updatedAt: string;
  canCancel: boolean;
}

const MAX_LISTED = 200;

export class ReaderRequests {
  private readonly store: DraftStorage;
  private readonly adapter: SubmissionAdapter | undefined;
  private readonly now: () => Date;
  private readonly logger: Logger;

  constructor(deps: { store: DraftStorage; adapter?: SubmissionAdapter | undefined; clock?: () => Date; logger: Logger }) {
    this.store = deps.store;
    this.adapter = deps.adapter;
    this.now = deps.clock ?? (() => new Date());
    this.logger = deps.logger;
  }

  /** The owner's drafts and requests, newest first, each with its current status. */
  async list(owner: string): Promise<ReaderRequest[]> {
    const drafts = await this.store.list({ owner, limit: MAX_LISTED, offset: 0 });
    return Promise.all(drafts.map((d) => this.describe(d)));
  }

  async describe(draft: IllDraft): Promise<ReaderRequest> {
    const base = {
      id: draft.id,
      ...(draft.submission.requestNumber ? { requestNumber: draft.submission.requestNumber } : {}),
      title: draft.form.title,
      lender: draft.lender,
      createdAt: draft.createdAt,
      updatedAt: draft.updatedAt,
    };
    const asOf = this.now().toISOString();
    const number = draft.submission.requestNumber;
    if (draft.status !== 'submitted' || number === undefined) {
      return { ...base, status: draft.status === 'submitted' ? 'submitted' : draft.status, source: 'gateway', asOf: draft.updatedAt, canCancel: draft.status === 'draft' || draft.status === 'failed' };
    }
    if (!this.adapter?.progress) return { ...base, status: 'submitted', source: 'gateway', asOf: draft.updatedAt, canCancel: false };
    const answer = await this.adapter.progress({ requestNumber: number });
    if ('error' in answer) {
      this.logger.warn({ draftId: draft.id, requestNumber: number, error: answer.error }, 'BALIS status not available');
      return { ...base, status: 'submitted', source: 'gateway', asOf: draft.updatedAt, progressError: 'BALIS 暂时无法查询 / BALIS status not available', canCancel: false };
    }
    return { ...base, status: answer.progress, source: 'balis', asOf, canCancel: answer.progress === 'submitted' && this.adapter.cancel !== undefined };
  }

  /** Cancels a draft not yet sent, or a request BALIS has not started on; anything else is 409 with the reason. */
  async cancel(draft: IllDraft): Promise<IllDraft> {
    const at = this.now().toISOString();
    if (draft.status === 'draft' || draft.status === 'failed') {
      await this.store.markCancelled(draft.id, at);
    } else if (draft.status === 'submitted' && draft.submission.requestNumber !== undefined && this.adapter?.cancel) {
      const answer = await this.adapter.cancel({ requestNumber: draft.submission.requestNumber });
      if (!answer.cancelled) {
        throw new IllProblem(answer.refused ? 409 : 502, answer.refused ? 'Cannot cancel' : 'BALIS did not answer', answer.refused ? `BALIS refused: ${answer.error}` : answer.error, [], {
          draftId: draft.id,
          zh: answer.refused ? '不能取消：出借馆已处理此申请' : 'BALIS 暂时无法取消，请稍后再试',
          en: answer.refused ? 'cannot cancel: the lender has already handled this request' : 'BALIS could not be reached; try again later',
        });
      }
      await this.store.markCancelled(draft.id, at);
    } else {
      throw new IllProblem(409, 'Cannot cancel', `a ${draft.status} request cannot be cancelled here`, [], {
        draftId: draft.id,
        status: draft.status,
        zh: draft.status === 'cancelled' ? '此申请已取消' : '此申请当前不能取消',
        en: draft.status === 'cancelled' ? 'this request is already cancelled' : 'this request cannot be cancelled now',
      });
    }
    this.logger.info({ draftId: draft.id, requestNumber: draft.submission.requestNumber }, 'ill request cancelled by the reader');
    return (await this.store.get(draft.id)) as IllDraft;
  }

  /** The reader fields of the owner's newest draft that still has them (wiped drafts are skipped). */
  async readerDetails(owner: string): Promise<ReaderFields | null> {
    const drafts = await this.store.list({ owner, limit: MAX_LISTED, offset: 0 });
    return drafts.find((d) => d.reader !== null)?.reader ?? null;
  }
}
