/**
 * The draft request body, checked field by field. Every error names the field (a dotted path,
 * `reader.email`) and says what is expected, never the value given: values may be reader data,
 * and problem responses can end up in logs or proxies.
 */
import { z } from 'zod';
import type { FieldError } from '../http/problem.ts';
import { fieldErrors } from '../http/schemas/field-errors.ts';
import type { HoldingChoice } from './copies.ts';
import { EDITABLE_LIMITS, LIMITS, type EditableField } from './form.ts';
import type { RecordRef } from './record-source.ts';
import { codePointLength } from './text.ts';
import type { ReaderFields } from './types.ts';

interface DraftRequest {
  ref: RecordRef;
  lender: string;
  holding?: HoldingChoice;
  reader: ReaderFields;
  customReference?: string;
  note?: string;
  delegateLibrary?: string;
  needBeforeDate?: string;
  override?: { librarian: true; reason: string };
  /** The reader saw their open requests for the same volume and asks again anyway. */
  confirmDuplicate?: true;
  /** Bibliographic fields the reader corrected on the form, as typed. */
  bibliographic?: Partial<Record<EditableField, string>>;
}

export interface ValidationContext {
  barcodePattern: string;
  /** YYYY-MM-DD, for "needBeforeDate is not in the past". */
  today: string;
  isLibrary(id: string): boolean;
}

const NAME_MAX = 50;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;
/** Digits with the separators people write in Chinese phone/fax numbers: 010-6228 2828 转 123. */
const PHONE = /^(?=.*\d)[0-9+()\-\s/,;.#*转分机extEXT]{3,40}$/u;

/** Control characters (line breaks and tabs aside) have no place in a form field. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const upTo = (max: number) =>
  z
    .string()
    .trim()
    .refine((s) => codePointLength(s) <= max, `at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'contains a control character');
const required = (max: number) => upTo(max).refine((s) => s !== '', 'required');
const optionalText = (max: number) => upTo(max).optional();

/** The body of POST /api/ill/drafts; the OpenAPI document describes it from this schema too. */
export function draftBodySchema(ctx: ValidationContext) {
  const barcode = new RegExp(`^(?:${ctx.barcodePattern})$`, 'u');
  const id = z.string().trim().min(1, 'required').max(200, 'at most 200 characters');
  return z
    .object({
      resultSetId: id.optional(),
      clusterId: id.optional(),
      recordId: id.regex(/^[^:]+:.+$/u, 'a source record id library:localId').optional(),
      lender: z.string().trim().min(1, 'required').refine(ctx.isLibrary, 'not a configured library id'),
      holding: z
        .union([
          z.object({ barcode: z.string().trim().min(1, 'required') }).strict(),
          z.object({ index: z.number().int().min(0) }).strict(),
        ], { error: 'an object { "barcode": "…" } or { "index": n }' })
        .optional(),
      reader: z
        .object({
          readerBarcode: z.string().trim().min(1, 'required').regex(barcode, 'does not have the shape of a reader barcode'),
          readerName: optionalText(NAME_MAX),
          recipientName: required(NAME_MAX),
          email: required(254).refine((s) => s === '' || EMAIL.test(s), 'not an e-mail address'),
          phone: z.string().trim().regex(PHONE, 'digits, spaces and + - ( ) /, at most 40 characters').optional(),
        }, { error: 'required: an object with the reader fields' })
        .strict(),
      customReference: optionalText(NAME_MAX),
      note: optionalText(LIMITS.note),
      delegateLibrary: z.string().trim().refine(ctx.isLibrary, 'not a configured library id').optional(),
      needBeforeDate: z.iso
        .date('a date YYYY-MM-DD')
        .refine((d) => d >= ctx.today, 'must not be in the past')
        .optional(),
      delivery: z.literal('物流', 'BALIS delivers by 物流 only').optional(),
      confirmDuplicate: z.boolean('true or false').optional(),
      bibliographic: z
        .object({
          title: required(EDITABLE_LIMITS.title).optional(),
          language: optionalText(EDITABLE_LIMITS.language),
          year: optionalText(EDITABLE_LIMITS.year),
          authors: optionalText(EDITABLE_LIMITS.authors),
          publisher: optionalText(EDITABLE_LIMITS.publisher),
          isbnIssn: optionalText(EDITABLE_LIMITS.isbnIssn),
        }, { error: 'an object with the corrected form fields (title, language, year, authors, publisher, isbnIssn)' })
        .strict()
        .optional(),
      override: z
        .object({ librarian: z.literal(true, 'must be true'), reason: required(200) }, { error: 'an object { "librarian": true, "reason": "…" }' })
        .strict()
        .optional(),
    }, { error: 'a JSON object' })
    .strict();
}

/** POST /api/ill/drafts/preview: the draft body without the reader's part, since the form is shown before it is filled. */
export function previewBodySchema(ctx: ValidationContext) {
  return draftBodySchema(ctx).omit({ reader: true, confirmDuplicate: true });
}

/** Which record: checked apart from the schema so these errors come together with the field errors. */
function referenceErrors(body: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (b.clusterId === undefined && b.recordId === undefined) errors.push({ parameter: 'recordId', detail: 'give clusterId (with resultSetId) or recordId' });
  if (b.clusterId !== undefined && b.recordId !== undefined) errors.push({ parameter: 'clusterId', detail: 'give clusterId or recordId, not both' });
  if (b.clusterId !== undefined && b.resultSetId === undefined) errors.push({ parameter: 'resultSetId', detail: 'required with clusterId' });
  return errors;
}

export type Validated<T = DraftRequest> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** What a preview asks for: the draft request without the reader. */
export type PreviewRequest = Omit<DraftRequest, 'reader' | 'confirmDuplicate'>;

type ParsedBody = z.infer<ReturnType<typeof previewBodySchema>>;

function requestOf(b: ParsedBody): PreviewRequest {
  const ref: RecordRef =
    b.clusterId !== undefined
      ? { kind: 'cluster', resultSetId: b.resultSetId ?? '', clusterId: b.clusterId }
      : { kind: 'record', recordId: b.recordId ?? '', ...(b.resultSetId !== undefined ? { resultSetId: b.resultSetId } : {}) };
  const value: PreviewRequest = { ref, lender: b.lender };
  if (b.holding) value.holding = b.holding;
  if (b.customReference) value.customReference = b.customReference;
  if (b.note) value.note = b.note;
  if (b.delegateLibrary) value.delegateLibrary = b.delegateLibrary;
  if (b.needBeforeDate) value.needBeforeDate = b.needBeforeDate;
  if (b.override) value.override = b.override;
  if (b.bibliographic) {
    const edited = Object.fromEntries(Object.entries(b.bibliographic).filter(([, v]) => v !== undefined)) as Partial<Record<EditableField, string>>;
    if (Object.keys(edited).length > 0) value.bibliographic = edited;
  }
  return value;
}

function failed(parsed: { success: boolean; error?: z.ZodError }, refErrors: FieldError[]): FieldError[] {
  return [...(parsed.success || !parsed.error ? [] : fieldErrors(parsed.error.issues)), ...refErrors];
}

export function validateDraftRequest(body: unknown, ctx: ValidationContext): Validated {
  const parsed = draftBodySchema(ctx).safeParse(body);
  const refErrors = referenceErrors(body);
  if (!parsed.success || refErrors.length > 0) return { ok: false, errors: failed(parsed, refErrors) };
  const b = parsed.data;
  const reader: ReaderFields = { readerBarcode: b.reader.readerBarcode, recipientName: b.reader.recipientName, email: b.reader.email };
  if (b.reader.readerName) reader.readerName = b.reader.readerName;
  if (b.reader.phone) reader.phone = b.reader.phone;
  return { ok: true, value: { ...requestOf(b), reader, ...(b.confirmDuplicate ? { confirmDuplicate: true as const } : {}) } };
}

export function validatePreviewRequest(body: unknown, ctx: ValidationContext): Validated<PreviewRequest> {
  const parsed = previewBodySchema(ctx).safeParse(body);
  const refErrors = referenceErrors(body);
  if (!parsed.success || refErrors.length > 0) return { ok: false, errors: failed(parsed, refErrors) };
  return { ok: true, value: requestOf(parsed.data) };
}
