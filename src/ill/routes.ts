/**
 * The ILL API, mounted at /api/ill. Thin handlers: parse, call the service, shape the answer.
 *
 * Roles (src/auth): a signed-in reader creates drafts and sees, submits and wipes only their
 * own — another reader's draft answers 404 like a missing one; librarians see every draft
 * (`?all=1`, `?readerBarcode=`) and may override eligibility. Anonymous callers get 401. Responses carry reader data,
 * so they are marked `Cache-Control: no-store`; errors never echo submitted values and the
 * router's own error handler never logs a request body.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AuthProblem, isLibrarian, librarian, mayAccess, signedIn } from '../auth/principal.ts';
import type { IllSettings } from '../config/schema.ts';
import { clientSignal } from '../gateway/index.ts';
import { ProblemError, type FieldError } from '../http/problem.ts';
import { fieldErrors } from '../http/schemas/field-errors.ts';
import { requestIdOf } from '../http/access-log.ts';
import type { Draft, DraftPreviewAnswer } from '../http/schemas/responses.ts';
import type { IllDraft } from './types.ts';
import { pageHeaders } from '../http/security-headers.ts';
import type { Logger } from '../logging.ts';
import { draftToIso18626 } from './iso18626.ts';
import { printDraft } from './print.ts';
import { IllProblem, draftNotFound, sendIllProblem } from './problems.ts';
import type { DraftPreview, IllService } from './service.ts';
import type { Submitter } from './submitter.ts';
import type { ReaderRequests } from './reader-requests.ts';
import type { CopyRef } from './types.ts';

export interface IllRouterDeps {
  service: IllService;
  submitter: Submitter;
  requests: ReaderRequests;
  settings: IllSettings;
  logger: Logger;
  /** Drafts and submissions by outcome (src/metrics). */
  metrics?: IllMetrics;
  /** Asks the lender for the draft's copy live (Gateway.recheckCopy); absent = submit as drafted. */
  recheckCopy?: (copy: CopyRef) => Promise<LiveCopy | undefined>;
}

/** A copy as its library reports it now. */
export interface LiveCopy {
  statusText?: string;
  eligible?: boolean;
  asOf?: string;
  /** The library could not be asked (down, breaker open): the draft goes as it was drafted. */
  error?: string;
}

export interface IllMetrics {
  draft(outcome: 'created' | 'invalid' | 'ineligible' | 'refused'): void;
  submission(outcome: 'submitted' | 'failed' | 'replayed'): void;
}

const DEFAULT_LIMIT = 50;
/** A BALIS request number as the confirmation page shows it (ST00000001). */
const REQUEST_NUMBER = /^[A-Z]{1,4}\d{4,12}$/u;
const MAX_LIMIT = 500;

const inRange = `an integer from 1 to ${MAX_LIMIT}`;
/** GET /drafts: the checks on each parameter; which combinations a role may give is listParams'. */
export const draftListQuerySchema = z.object({
  readerBarcode: z.string({ error: 'give this parameter once' }).optional().meta({ description: 'Librarians: one reader’s drafts.' }),
  all: z.string({ error: 'give this parameter once' }).optional().meta({ description: '1 or true: every draft (librarians only).' }),
  limit: z.coerce.number({ error: inRange }).int(inRange).min(1, inRange).max(MAX_LIMIT, inRange).default(DEFAULT_LIMIT),
  offset: z.coerce.number({ error: 'a non-negative integer' }).int('a non-negative integer').min(0, 'a non-negative integer').default(0),
});

/** A draft as sent: its type is checked against the schema the OpenAPI document and the browser use. */
const answer = (draft: IllDraft): Draft => draft;
const answerPreview = (preview: DraftPreview): DraftPreviewAnswer => preview;

/** Librarians name the drafts they want (one reader's, or all); a reader always gets their own. */
function listParams(req: Request, forLibrarian: boolean): { readerBarcode?: string; limit: number; offset: number } {
  const parsed = draftListQuerySchema.safeParse(req.query);
  const errors: FieldError[] = parsed.success ? [] : fieldErrors(parsed.error.issues, { topLevel: true });
  const q = parsed.success ? parsed.data : { limit: DEFAULT_LIMIT, offset: 0, ...(req.query as { readerBarcode?: string; all?: string }) };
  const readerBarcode = typeof q.readerBarcode === 'string' && q.readerBarcode.trim() !== '' ? q.readerBarcode.trim() : undefined;
  const all = q.all === '1' || q.all === 'true';
  if (!forLibrarian && all) throw new AuthProblem(403, 'only librarians may list every draft');
  if (forLibrarian && readerBarcode === undefined && !all) errors.push({ parameter: 'readerBarcode', detail: 'give readerBarcode (one reader) or all=1 (librarians)' });
  if (readerBarcode !== undefined && all) errors.push({ parameter: 'all', detail: 'give readerBarcode or all=1, not both' });
  if (errors.length > 0) throw new IllProblem(400, 'Invalid draft listing', errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), errors);
  return { ...(readerBarcode !== undefined ? { readerBarcode } : {}), limit: q.limit, offset: q.offset };
}

export function illRouter({ service, submitter, requests, settings, logger, metrics, recheckCopy }: IllRouterDeps): Router {
  const router = express.Router();
  /** The draft if this caller may see it; another reader's draft is "not found", not "forbidden". */
  const ownDraft = async (req: Request, res: Response, what: string) => {
    const who = signedIn(res, what);
    const draft = await service.get(String(req.params.id));
    if (!mayAccess(who, draft.owner)) throw draftNotFound(draft.id);
    return draft;
  };
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: '64kb' }));

  router.post('/drafts', async (req, res) => {
    const who = signedIn(res, 'draft an ILL request');
    const body = req.body as { override?: unknown } | undefined;
    if (body?.override !== undefined) librarian(res, 'override eligibility');
    let draft;
    try {
      draft = await service.create(req.body, who.id);
    } catch (error) {
      const status = error instanceof ProblemError ? error.status : 500;
      metrics?.draft(status === 409 ? 'ineligible' : status === 400 ? 'invalid' : 'refused');
      throw error;
    }
    metrics?.draft('created');
    res.status(201).location(`${req.baseUrl}/drafts/${encodeURIComponent(draft.id)}`).json(answer(draft));
  });

  // The form the draft would get, before the reader fills in theirs: the browser shows it for correction.
  router.post('/drafts/preview', async (req, res) => {
    signedIn(res, 'draft an ILL request');
    if ((req.body as { override?: unknown } | undefined)?.override !== undefined) librarian(res, 'override eligibility');
    res.json(answerPreview(await service.preview(req.body)));
  });

  router.get('/drafts', async (req, res) => {
    const who = signedIn(res, 'list ILL drafts');
    const params = listParams(req, isLibrarian(who));
    // Each draft says which of the same reader's open requests are for the same volume (`duplicates`).
    res.json({ drafts: await service.listMarked(isLibrarian(who) ? params : { ...params, owner: who.id }), limit: params.limit, offset: params.offset });
  });

  // 我的申请: the signed-in reader's own drafts and requests, with BALIS's progress for submitted ones.
  router.get('/requests', async (_req, res) => {
    const who = signedIn(res, 'list your ILL requests');
    res.json({ requests: await requests.list(who.id) });
  });

  // The reader fields of the caller's last form, kept server-side with their drafts, for the next form.
  router.get('/reader-details', async (_req, res) => {
    const who = signedIn(res, 'read your ILL reader details');
    res.json({ reader: await requests.readerDetails(who.id) });
  });

  router.post('/drafts/:id/cancel', async (req, res) => {
    const draft = await ownDraft(req, res, 'cancel an ILL request');
    const cancelled = await requests.cancel(draft);
    res.json({ draft: cancelled, request: await requests.describe(cancelled) });
  });

  router.get('/drafts/:id', async (req, res) => {
    res.json(answer(await ownDraft(req, res, 'see an ILL draft')));
  });

  router.get('/drafts/:id/iso18626', async (req, res) => {
    const draft = await ownDraft(req, res, 'see an ILL draft');
    res.type('application/xml; charset=utf-8').send(draftToIso18626(draft, { settings, timestamp: service.now() }));
  });

  router.get('/drafts/:id/print', async (req, res) => {
    const draft = await ownDraft(req, res, 'see an ILL draft');
    // The UI pages' headers, with a policy for a page that has only its own inline style.
    res.set({ ...pageHeaders("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"), 'Cache-Control': 'no-store' });
    res.type('text/html; charset=utf-8').send(printDraft(draft));
  });

  router.delete('/drafts/:id/reader', async (req, res) => {
    const draft = await ownDraft(req, res, "delete a reader's data");
    res.json(answer(await service.wipeReader(draft.id)));
  });

  router.post('/drafts/:id/submit', async (req, res) => {
    // The client leaving aborts the BALIS call: the draft ends failed and stays resubmittable.
    const own = await ownDraft(req, res, 'submit an ILL request');
    if (recheckCopy && own.copy && own.status !== 'submitted' && own.status !== 'submitting') await confirmCopy(own.copy, own.id, req.body as { acknowledgeStatus?: unknown } | undefined);
    const { draft, replayed } = await submitter.submit(own.id, clientSignal(res), requestIdOf(req));
    metrics?.submission(replayed ? 'replayed' : draft.status === 'submitted' ? 'submitted' : 'failed');
    if (draft.status !== 'submitted') {
      throw new IllProblem(502, 'BALIS did not accept the request', draft.submission.lastError ?? 'no request number returned', [], {
        draftId: draft.id,
        draftStatus: draft.status,
        resubmit: `${req.baseUrl}/drafts/${encodeURIComponent(draft.id)}/submit`,
      });
    }
    res.json({ draft: answer(draft), replayed });
  });

  // A librarian settles a submission a restart left unknown (status needs_check), after asking BALIS.
  router.post('/drafts/:id/check', async (req, res) => {
    librarian(res, 'settle a submission check');
    const body = req.body as { found?: unknown; requestNumber?: unknown } | undefined;
    const requestNumber = typeof body?.requestNumber === 'string' ? body.requestNumber.trim() : undefined;
    if (body?.found === true && requestNumber !== undefined && REQUEST_NUMBER.test(requestNumber)) {
      return res.json(await submitter.resolveCheck(String(req.params.id), { found: true, requestNumber }));
    }
    if (body?.found === false && requestNumber === undefined) return res.json(await submitter.resolveCheck(String(req.params.id), { found: false }));
    throw new IllProblem(400, 'Invalid check', 'give { "found": true, "requestNumber": "ST00000001" } or { "found": false }', [
      { parameter: body?.found === true ? 'requestNumber' : 'found', detail: body?.found === true ? 'the BALIS request number, e.g. ST00000001' : 'true or false' },
    ]);
  });

  /**
   * The copy's status is asked again, live, before BALIS is: a change since the draft (归还 → 借出)
   * is a 409 the reader sees before anything is sent. A copy that may no longer be lent stops the
   * submission; one that changed but may still be lent goes once the reader acknowledges the new status.
   */
  async function confirmCopy(copy: CopyRef, draftId: string, body: { acknowledgeStatus?: unknown } | undefined): Promise<void> {
    const live = await recheckCopy!(copy).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }) as LiveCopy);
    if (!live || live.error !== undefined || live.statusText === undefined) {
      logger.info({ draftId, lender: copy.library, reason: live?.error ?? 'record no longer kept' }, 'ill copy not rechecked before submission');
      return;
    }
    if (live.statusText === copy.statusText) return;
    const change = { draftId, copy: { ...copy, statusText: live.statusText }, previousStatus: copy.statusText ?? null, currentStatus: live.statusText, asOf: live.asOf ?? null, eligible: live.eligible ?? false };
    if (live.eligible === false) {
      throw new IllProblem(409, 'Copy status changed', `the copy is now "${live.statusText}" (was "${copy.statusText ?? '?'}") and may not be lent: nothing was sent; choose another copy`, [{ parameter: 'copy', detail: `status now ${live.statusText}` }], { code: 'copy-status-changed', ...change });
    }
    if (body?.acknowledgeStatus !== live.statusText) {
      throw new IllProblem(409, 'Copy status changed', `the copy is now "${live.statusText}" (was "${copy.statusText ?? '?'}"): nothing was sent; submit again with acknowledgeStatus to confirm`, [{ parameter: 'acknowledgeStatus', detail: `send "${live.statusText}" to submit with the new status` }], { code: 'copy-status-changed', ...change });
    }
  }

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof ProblemError) return sendIllProblem(res, error, req.originalUrl.split('?')[0]);
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === 'entity.parse.failed') {
      return sendIllProblem(res, new IllProblem(400, 'Invalid ILL draft request', 'body: not valid JSON', [{ parameter: 'body', detail: 'not valid JSON' }]));
    }
    if (parserError.type === 'entity.too.large') return sendIllProblem(res, new IllProblem(413, 'Request too large', 'the body is larger than 64 kB'));
    // Only the error itself: the request body (reader data) is never logged.
    logger.error({ err: error, path: req.path }, 'ill API error');
    sendIllProblem(res, new IllProblem(500, 'Internal error', 'the ILL service failed to answer; the error was logged'));
  });

  return router;
}
