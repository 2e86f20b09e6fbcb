/**
 * Drafting: resolve the record reference, choose the copy, judge eligibility, fill the form,
 * keep the draft. Logs carry the draft id, lender and outcome only — never a reader field.
 */
import { randomBytes } from 'node:crypto';
import type { IllSettings, LibraryConfig } from '../config/schema.ts';
import type { Reason } from '../holdings/model.ts';
import { suspendedReason } from '../holdings/reasons.ts';
import { ServiceSnapshot, statusOf } from '../holdings/lender-service.ts';
import type { Logger } from '../logging.ts';
import { alternatives, chooseCopy, listCopies, noCopyReason, type Copy } from './copies.ts';
import { EDITABLE_LIMITS, fillForm, type EditableField } from './form.ts';
import { IllProblem, draftNotFound, invalidDraft } from './problems.ts';
import { isResolveFailure, type IllRecordSource, type ResolveFailure } from './record-source.ts';
import type { DraftStorage } from './draft-storage.ts';
import type { BalisForm, CopyRef, DraftWarning, IllDraft } from './types.ts';
import { validateDraftRequest, validatePreviewRequest, type PreviewRequest } from './validate.ts';
import { duplicateRef, openDuplicates, readerOf } from './duplicates.ts';
import { isValidIsbn } from '../identifiers/isbn.ts';

export interface LibraryLookup {
  readonly libraries: readonly LibraryConfig[];
  library(id: string): LibraryConfig | undefined;
}

export interface IllServiceDeps {
  store: DraftStorage;
  libraries: LibraryLookup;
  records: IllRecordSource;
  settings: IllSettings;
  logger: Logger;
  clock?: () => Date;
  newId?: (now: Date) => string;
  /** Lenders' service statuses as the search judges them (Gateway.lenderServices); default: the config's. */
  services?: () => Promise<ServiceSnapshot>;
}

/** GW-20250115-3F9A1C0B7E2D: sortable by day, readable over the phone, 48 random bits. */
function draftId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/gu, '');
  return `GW-${day}-${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** The form a draft would get, shown (and correctable) before the reader fills in theirs. */
export interface DraftPreview {
  lender: IllDraft['lender'];
  copy?: CopyRef;
  form: BalisForm;
  warnings: DraftWarning[];
  edited?: string[];
  /** The limits of the fields a reader may correct (src/ill/form.ts EDITABLE_LIMITS). */
  limits: Record<EditableField, number>;
}

const SEARCH_AGAIN = 'search again and draft from the new results';
/** How many of one reader's drafts the duplicate check reads (newest first). */
const READER_DRAFTS_MAX = 500;

function notResolved(failure: ResolveFailure): IllProblem {
  switch (failure.missing) {
    case 'resultSet':
      return new IllProblem(404, 'Result set not found', `unknown or expired result set id: ${SEARCH_AGAIN}`, [{ parameter: 'resultSetId', detail: 'unknown or expired' }]);
    case 'cluster':
      return new IllProblem(404, 'Merged record not found', `no such merged record in this result set: ${SEARCH_AGAIN}`, [{ parameter: 'clusterId', detail: 'not in this result set' }]);
    case 'clusterSupport':
      return new IllProblem(404, 'Merged records unavailable', 'this gateway keeps no merged records yet: draft from a recordId', [{ parameter: 'clusterId', detail: 'merged records are not available' }]);
    case 'record':
      return new IllProblem(404, 'Record not found', `unknown record, or its result set expired: ${SEARCH_AGAIN}`, [{ parameter: 'recordId', detail: 'not in any kept result set' }]);
  }
}

export class IllService {
  readonly store: DraftStorage;
  private readonly deps: IllServiceDeps;

  constructor(deps: IllServiceDeps) {
    this.deps = deps;
    this.store = deps.store;
  }

  now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** The validation context of both the draft and the preview bodies. */
  private context(now: Date) {
    const { libraries, settings } = this.deps;
    return { barcodePattern: settings.barcodePattern, today: now.toISOString().slice(0, 10), isLibrary: (id: string) => libraries.library(id) !== undefined };
  }

  /**
   * The form as the draft would have it, before the reader fills in theirs: what the browser's
   * form shows and lets the reader correct (POST /api/ill/drafts/preview). Nothing is kept.
   */
  async preview(body: unknown): Promise<DraftPreview> {
    const now = this.now();
    const checked = validatePreviewRequest(body, this.context(now));
    if (!checked.ok) throw invalidDraft(checked.errors);
    const p = await this.prepare(checked.value, now);
    return { lender: p.lenderRef, ...(p.chosen ? { copy: p.chosen.ref } : {}), form: p.filled.form, warnings: p.filled.warnings, ...(p.edited.length > 0 ? { edited: p.edited } : {}), limits: { ...EDITABLE_LIMITS } };
  }

  /** `owner`: the signed-in reader making it (absent only in tests of the form logic). */
  async create(body: unknown, owner?: string): Promise<IllDraft> {
    const { logger } = this.deps;
    const now = this.now();
    const checked = validateDraftRequest(body, this.context(now));
    if (!checked.ok) throw invalidDraft(checked.errors);
    const request = checked.value;
    const { resolved, record, lender, lenderRef, chosen, reasons, eligible, alts, filled, edited } = await this.prepare(request, now);
    const at = now.toISOString();
    const draft: IllDraft = {
      id: (this.deps.newId ?? draftId)(now),
      status: 'draft',
      createdAt: at,
      updatedAt: at,
      source: { recordId: record.id, ...(resolved.resultSetId ? { resultSetId: resolved.resultSetId } : {}), ...(resolved.clusterId ? { clusterId: resolved.clusterId } : {}) },
      lender: lenderRef,
      ...(chosen ? { copy: chosen.ref } : {}),
      eligibility: { eligible, reasons },
      alternatives: alts,
      // Recorded whenever given, so an audit sees it; `eligibility` shows whether it was needed.
      ...(request.override ? { override: { librarian: true as const, reason: request.override.reason, at } } : {}),
      ...(owner !== undefined ? { owner } : {}),
      form: filled.form,
      bibliographic: filled.bibliographic,
      ...(edited.length > 0 ? { edited } : {}),
      ...(request.needBeforeDate ? { needBeforeDate: request.needBeforeDate } : {}),
      reader: request.reader,
      warnings: filled.warnings,
      submission: { attempts: 0, warnings: [] },
    };
    // No silent duplicates: the reader's open requests for the same volume, at any lender, need an explicit confirmation.
    const duplicates = openDuplicates(draft, await this.readersDrafts(draft));
    if (duplicates.length > 0 && !request.confirmDuplicate) {
      const refs = duplicates.map(duplicateRef);
      throw new IllProblem(409, 'Already requested', refs.map((r) => r.en).join('; '), [{ parameter: 'confirmDuplicate', detail: 'you have open requests for this volume; send confirmDuplicate: true to request it again' }], {
        code: 'duplicate_request',
        zh: refs.map((r) => r.zh).join('；'),
        en: refs.map((r) => r.en).join('; '),
        duplicates: refs,
      });
    }
    if (duplicates.length > 0) draft.duplicateOf = duplicates.map((d) => d.id);
    await this.store.insert(draft);
    logger.info({ draftId: draft.id, lender: lender.id, recordId: record.id, eligible, override: draft.override !== undefined, duplicates: duplicates.length }, 'ill draft created');
    return this.get(draft.id);
  }

  /** Resolves the record, chooses and judges the copy, fills the form and applies the reader's corrections. */
  private async prepare(request: PreviewRequest, now: Date) {
    const { libraries } = this.deps;
    const resolved = await this.deps.records.resolve(request.ref);
    if (isResolveFailure(resolved)) throw notResolved(resolved);
    const lender = libraries.library(request.lender) as LibraryConfig;

    const services = (await this.deps.services?.()) ?? ServiceSnapshot.configured(libraries.libraries, now.toISOString());
    const copies = listCopies(resolved.records, (id) => libraries.library(id), services);
    const choice = chooseCopy(copies, lender.id, request.holding, resolved.recordId);
    if (choice.kind === 'unknownHolding') {
      throw invalidDraft([{ parameter: 'holding', detail: `no such copy of this record at ${lender.id}` }]);
    }
    const chosen: Copy | undefined = choice.kind === 'copy' ? choice.copy : undefined;
    const reasons: Reason[] = chosen ? chosen.eligibility.reasons : [noCopyReason(lender.name.zh)];
    const lenderService = services.of(lender.id);
    if (!chosen && lenderService?.status === 'suspended') {
      const status = statusOf(lenderService);
      if (status.status === 'suspended') reasons.push(suspendedReason(status.notice, { source: lenderService.source, asOf: lenderService.asOf }));
    }
    const eligible = chosen !== undefined && chosen.eligibility.eligible;
    const alts = alternatives(copies, lender.id, chosen);

    if (!eligible && !request.override) {
      throw new IllProblem(
        409,
        'Copy not eligible for ILL',
        reasons.map((r) => r.en).join('; ') || 'not eligible',
        [{ parameter: 'lender', detail: 'the chosen copy may not be lent; pick an alternative or ask a librarian to override' }],
        { lender: lender.id, reasons, alternatives: alts },
      );
    }

    const record = chosen?.record ?? resolved.records.find((r) => r.id === resolved.recordId) ?? resolved.records.find((r) => r.library === lender.id) ?? resolved.records[0];
    if (!record) throw notResolved({ missing: 'record' });
    const delegate = request.delegateLibrary !== undefined ? libraries.library(request.delegateLibrary) : undefined;
    const volumeRecord = chosen?.holding.volume && !record.partNumber ? await this.deps.records.volumeRecord?.(resolved, record, chosen.holding.volume) : undefined;
    // A catalogue of another library (上海图书馆日文书目数据库) names that library as the lender.
    const lending = (lender.ill.lenderLibrary !== undefined ? libraries.library(lender.ill.lenderLibrary) : undefined) ?? lender;
    const named: LibraryConfig = lending === lender ? lender : { ...lender, name: lending.name, ill: { ...lender.ill, lenderCode: lender.ill.lenderCode ?? lending.ill.lenderCode } };
    const filled = fillForm({
      record,
      lender: named,
      ...(chosen ? { holding: chosen.holding } : {}),
      ...(volumeRecord ? { volumeRecord } : {}),
      ...(delegate ? { delegate } : {}),
      ...(request.customReference !== undefined ? { customReference: request.customReference } : {}),
      ...(request.note !== undefined ? { note: request.note } : {}),
    });
    // The reader's corrections replace the filled values as typed; the ISO 18626 title follows an edited title.
    const edited = request.bibliographic ?? {};
    for (const [field, value] of Object.entries(edited) as [keyof typeof edited, string][]) filled.form[field] = value;
    if (edited.title !== undefined) {
      filled.bibliographic = { ...filled.bibliographic, titleProper: edited.title };
      delete filled.bibliographic.subtitle;
      delete filled.bibliographic.volume;
      filled.warnings = filled.warnings.filter((w) => w.field !== 'title');
    }
    if (edited.isbnIssn !== undefined) {
      delete filled.bibliographic.isbn;
      delete filled.bibliographic.issn;
      if (isValidIsbn(edited.isbnIssn)) filled.bibliographic.isbn = edited.isbnIssn;
      else if (/^\d{4}-?\d{3}[\dXx]$/u.test(edited.isbnIssn)) filled.bibliographic.issn = edited.isbnIssn;
    }
    if (filled.form.title === '') throw invalidDraft([{ parameter: 'recordId', detail: 'the record has no title to put in 书刊名称' }]);

    const lenderRef: IllDraft['lender'] = {
      id: lending.id,
      name: { zh: lending.name.zh, en: lending.name.en },
      ...(named.ill.lenderCode ? { code: named.ill.lenderCode } : {}),
      ...(lending !== lender ? { catalogue: { id: lender.id, name: { zh: lender.name.zh, en: lender.name.en } } } : {}),
    };
    return { resolved, record, lender, lenderRef, chosen, reasons, eligible, alts, filled, edited: Object.keys(edited) };
  }

  async get(id: string): Promise<IllDraft> {
    const draft = await this.store.get(id);
    if (!draft) throw draftNotFound(id);
    return draft;
  }

  list(query: { readerBarcode?: string; owner?: string; limit: number; offset: number }): Promise<IllDraft[]> {
    return this.store.list(query);
  }

  /** One page of drafts, each with `duplicates`: the same reader's other open requests for the same volume (librarian list). */
  async listMarked(query: { readerBarcode?: string; owner?: string; limit: number; offset: number }): Promise<(IllDraft & { duplicates: string[] })[]> {
    const page = await this.store.list(query);
    const byReader = new Map<string, Promise<IllDraft[]>>();
    return Promise.all(
      page.map(async (draft) => {
        const who = readerOf(draft);
        const key = who ? JSON.stringify(who) : '';
        if (!byReader.has(key)) byReader.set(key, this.readersDrafts(draft));
        const open = draft.status === 'cancelled' ? [] : openDuplicates(draft, await (byReader.get(key) as Promise<IllDraft[]>));
        return { ...draft, duplicates: open.map((d) => d.id) };
      }),
    );
  }

  /** Every draft of the same reader (by owner, else reader barcode); none for a wiped, ownerless draft. */
  private readersDrafts(draft: Pick<IllDraft, 'owner' | 'reader'>): Promise<IllDraft[]> {
    const who = readerOf(draft);
    return who ? this.store.list({ ...who, limit: READER_DRAFTS_MAX, offset: 0 }) : Promise.resolve([]);
  }

  /** Deletes the reader's data; the bibliographic part, status and request number stay. */
  async wipeReader(id: string): Promise<IllDraft> {
    const draft = await this.get(id);
    if (draft.status === 'submitting') {
      throw new IllProblem(409, 'Submission in progress', 'the draft is being submitted to BALIS; delete the reader data once it has settled', [], { draftId: id, status: draft.status });
    }
    if (draft.reader !== null) {
      await this.store.wipeReader(id, this.now().toISOString());
      this.deps.logger.info({ draftId: id }, 'ill reader data deleted');
    }
    return this.get(id);
  }
}
