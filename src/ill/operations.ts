/** The ILL routes (routes.ts, mounted at /api/ill) as the OpenAPI document describes them. */
import { z } from 'zod';
import type { Operation } from '../http/openapi/operation.ts';
import { draftListSchema, draftPreviewSchema, draftSchema, problemSchema, readerRequestSchema, submittedDraftSchema } from '../http/schemas/responses.ts';
import { draftListQuerySchema } from './routes.ts';
import { draftBodySchema, previewBodySchema } from './validate.ts';

const draftId = { id: 'The draft id.' };
const notFound = { description: 'No such draft, or another reader’s', schema: problemSchema };

/** `barcodePattern` is the configured reader barcode shape, so the document states the rule in force. */
export function illOperations(barcodePattern: string): Operation[] {
  // Which libraries exist and what today is are checked at request time; the document gives the shape.
  const context = { barcodePattern, today: '0000-01-01', isLibrary: () => true };
  const body = draftBodySchema(context);
  return [
    {
      method: 'post',
      path: '/api/ill/drafts',
      summary: 'Draft an ILL request from a merged work or a source record (override: librarians only)',
      tag: 'ill',
      access: 'reader',
      body,
      responses: {
        201: { description: 'The draft (Location names it)', schema: draftSchema },
        404: { description: 'The result set, merged work or record is not found (search again)', schema: problemSchema },
        409: { description: 'No copy may be lent through ILL; reasons and eligible alternatives are given', schema: problemSchema },
        413: { description: 'The body is larger than 64 kB', schema: problemSchema },
      },
    },
    {
      method: 'post',
      path: '/api/ill/drafts/preview',
      summary: 'The BALIS form a draft would get, without the reader’s fields and without keeping anything: the form the reader checks and corrects (bibliographic)',
      tag: 'ill',
      access: 'reader',
      body: previewBodySchema(context),
      responses: {
        200: { description: 'The form, its warnings (values cut to a limit) and the correctable fields’ limits', schema: draftPreviewSchema },
        404: { description: 'The result set, merged work or record is not found (search again)', schema: problemSchema },
        409: { description: 'No copy may be lent through ILL; reasons and eligible alternatives are given', schema: problemSchema },
        413: { description: 'The body is larger than 64 kB', schema: problemSchema },
      },
    },
    {
      method: 'get',
      path: '/api/ill/drafts',
      summary: 'A reader’s own drafts; librarians: one reader’s (readerBarcode) or all (all=1)',
      tag: 'ill',
      access: 'reader',
      query: draftListQuerySchema,
      responses: { 200: { description: 'Drafts, newest first', schema: draftListSchema }, 403: { description: 'all=1 from a reader', schema: problemSchema } },
    },
    {
      method: 'get',
      path: '/api/ill/requests',
      summary: '我的申请: the signed-in reader’s own drafts and requests, with BALIS’s progress for submitted ones',
      tag: 'ill',
      access: 'reader',
      responses: { 200: { description: 'The reader’s requests, newest first', schema: z.object({ requests: z.array(readerRequestSchema) }) } },
    },
    {
      method: 'get',
      path: '/api/ill/reader-details',
      summary: 'The reader fields of the caller’s last form, for the next one (kept server-side)',
      tag: 'ill',
      access: 'reader',
      responses: { 200: { description: 'The fields, or null before the first draft', schema: z.object({ reader: draftSchema.shape.reader }) } },
    },
    {
      method: 'post',
      path: '/api/ill/drafts/:id/cancel',
      summary: 'Cancel a draft or request while BALIS still allows it',
      tag: 'ill',
      access: 'reader',
      pathParams: draftId,
      responses: {
        200: { description: 'The cancelled draft and the request as 我的申请 shows it', schema: z.object({ draft: draftSchema, request: readerRequestSchema }) },
        404: notFound,
        409: { description: 'Too late to cancel', schema: problemSchema },
      },
    },
    {
      method: 'post',
      path: '/api/ill/drafts/:id/check',
      summary: 'Settle a submission a restart left unknown (needs_check), after asking BALIS',
      tag: 'ill',
      access: 'librarian',
      pathParams: draftId,
      body: z.union([z.object({ found: z.literal(true), requestNumber: z.string().regex(/^[A-Z]{1,4}\d{4,12}$/u) }), z.object({ found: z.literal(false) })]),
      responses: { 200: { description: 'The settled draft', schema: draftSchema }, 404: notFound },
    },
    { method: 'get', path: '/api/ill/drafts/:id', summary: 'One draft', tag: 'ill', access: 'reader', pathParams: draftId, responses: { 200: { description: 'The draft', schema: draftSchema }, 404: notFound } },
    {
      method: 'get',
      path: '/api/ill/drafts/:id/iso18626',
      summary: 'The draft as an ISO 18626 Request message',
      tag: 'ill',
      access: 'reader',
      pathParams: draftId,
      responses: { 200: { description: 'ISO 18626 XML', contentType: 'application/xml' }, 404: notFound },
    },
    {
      method: 'get',
      path: '/api/ill/drafts/:id/print',
      summary: 'The draft as a printable BALIS form',
      tag: 'ill',
      access: 'reader',
      pathParams: draftId,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' }, 404: notFound },
    },
    {
      method: 'delete',
      path: '/api/ill/drafts/:id/reader',
      summary: 'Wipe the reader’s data from a draft (the request itself stays)',
      tag: 'ill',
      access: 'reader',
      pathParams: draftId,
      responses: { 200: { description: 'The draft, reader null', schema: draftSchema }, 404: notFound, 409: { description: 'The draft is being submitted; try once it settled', schema: problemSchema } },
    },
    {
      method: 'post',
      path: '/api/ill/drafts/:id/submit',
      summary: 'Submit the draft to BALIS (idempotent: a submitted draft is replayed)',
      tag: 'ill',
      access: 'reader',
      pathParams: draftId,
      responses: {
        200: { description: 'Submitted', schema: submittedDraftSchema },
        404: notFound,
        409: { description: 'Being submitted already, or the reader data was deleted', schema: problemSchema },
        502: { description: 'BALIS did not accept it; the draft stays resubmittable', schema: problemSchema },
        503: { description: 'No BALIS submission is configured (drafts only)', schema: problemSchema },
      },
    },
  ];
}
