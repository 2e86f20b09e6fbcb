/**
 * What the JSON API answers, as zod schemas: the one description that the OpenAPI document
 * (src/http/openapi/document.ts) is generated from, that the server's views are type-checked
 * against (src/http/views.ts, src/ill/routes.ts), and whose inferred types the browser client
 * imports (`import type`, so the bundle never pulls zod). Each shape lists the fields clients
 * read; answers may carry more (the document says so), e.g. a record's full bibliographic data.
 * Imports nothing but zod: the browser's type check reads this file too.
 */
import { z } from 'zod';

/** Named schemas: each becomes #/components/schemas/<id> in the document. */
export const responseSchemas = z.registry<{ id: string; description?: string }>();

function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  responseSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

const bilingualSchema = named('Bilingual', z.object({ zh: z.string(), en: z.string() }));

const reasonSchema = named('Reason', z.object({ code: z.string(), zh: z.string(), en: z.string() }), 'A reason in both UI languages; code is stable for programs.');

const diagnosticSchema = named(
  'Diagnostic',
  z.object({
    source: z.enum(['bib1', 'srw', 'http', 'gateway', 'record']),
    code: z.string(),
    uri: z.string().optional(),
    message: z.string(),
    addinfo: z.string().optional(),
    library: z.string().optional(),
  }),
  'A target’s diagnostic as it sent it: Bib-1 or SRU number, HTTP status or a gateway code such as timeout.',
);

export const breakerSchema = named(
  'Breaker',
  z.object({
    state: z.enum(['closed', 'open', 'half-open']),
    failures: z.number().int(),
    since: z.string().optional(),
    retryAt: z.string().optional(),
    cooldownMs: z.number().optional(),
    lastError: z.string().optional(),
  }),
  'A library’s circuit breaker: open = not asked until the probe (or a librarian’s retry) finds it answering.',
);
export type BreakerState = z.infer<typeof breakerSchema>;

const healthSchema = named(
  'LibraryHealth',
  z.object({
    searches: z.number().int(),
    answerRate: z.number().min(0).max(1).optional(),
    medianMs: z.number().optional(),
    lastError: diagnosticSchema.extend({ at: z.string() }).optional(),
    charsetMismatch: z.object({ at: z.string(), used: z.string(), message: z.string() }).optional(),
    breaker: breakerSchema.optional(),
    latency: z.object({ samples: z.number().int(), p50Ms: z.number(), p95Ms: z.number(), p99Ms: z.number() }).optional(),
    timeout: z.object({ ms: z.number(), configuredMs: z.number(), learned: z.string().optional() }).optional(),
    earlyEnd: z
      .object({ ms: z.number(), rule: z.string() })
      .optional()
      .meta({ description: 'When a search may end early without this library: its own time (the gateway’s loop stalls left out) past earlyEndMargin × its learned p99.' }),
  }),
  'Recent answer rate and latency of one library (librarians only).',
);

const serviceStatusSchema = z.object({
  status: z.enum(['active', 'suspended']),
  /** A suspended library's notice; English may be missing. */
  notice: z.object({ zh: z.string(), en: z.string().optional() }).optional(),
  since: z.string().optional(),
  source: z.enum(['config', 'union']).optional(),
  union: z.string().optional(),
  asOf: z.string().optional(),
});

const searchIndexSchema = z.enum(['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year']);

const capabilitiesSchema = named(
  'LibraryCapabilities',
  z.object({
    /** False: never probed, the probe failed or the adapter cannot probe; every search is sent. */
    known: z.boolean(),
    configured: z.boolean(),
    indexes: z.array(searchIndexSchema).optional(),
    source: z.string().optional(),
    at: z.string().optional(),
    facts: z
      .discriminatedUnion('protocol', [
        z.object({ protocol: z.literal('sru'), version: z.string().optional(), schemas: z.array(z.string()), maximumRecords: z.number().int().optional(), cqlIndexes: z.array(z.string()) }),
        z.object({
          protocol: z.literal('z3950'),
          namedResultSets: z.boolean(),
          scan: z.boolean(),
          sort: z.boolean(),
          charsetNegotiation: z.boolean(),
          explain: z.boolean(),
          /** What the target's Explain database said (IR-Explain-1), when offered and readable. */
          explainInfo: z
            .object({
              syntax: z.enum(['explain', 'xml']).optional(),
              target: z
                .object({
                  name: z.string(),
                  namedResultSets: z.boolean().optional(),
                  multipleDatabaseSearch: z.boolean().optional(),
                  maxResultSets: z.number().int().optional(),
                  maxResultSize: z.number().int().optional(),
                  timeoutInterval: z.object({ value: z.number().int(), unit: z.string().optional() }).optional(),
                })
                .optional(),
              databases: z.array(z.object({ name: z.string(), recordCount: z.number().int().optional(), approximate: z.boolean().optional(), title: z.string().optional() })),
              listedUseAttributes: z.number().int(),
              problems: z.array(z.string()).optional(),
            })
            .optional(),
          implementation: z.string().optional(),
          useAttributes: z.array(z.object({ use: z.number().int(), supported: z.boolean(), from: z.enum(['explain', 'probe']), diagnostic: z.string().optional() })),
        }),
        z.object({ protocol: z.literal('form'), options: z.array(z.object({ value: z.string(), label: z.string() })) }),
      ])
      .optional(),
    /** The last probe; its error is shown to librarians only. */
    lastProbe: z.object({ at: z.string(), outcome: z.enum(['ok', 'failed']), error: z.string().optional() }).optional(),
    nextProbeAt: z.string().optional(),
  }),
  'What the library can search (canonical indexes) and its protocol facts, configured or discovered by probing it; a search using an index it lacks skips it with "unsupported: <index>".',
);

const librarySchema = named(
  'Library',
  z.object({
    id: z.string(),
    name: bilingualSchema,
    category: z.string(),
    adapter: z.string(),
    service: serviceStatusSchema,
    lenderCode: z.string().optional(),
    capabilities: capabilitiesSchema,
    health: healthSchema.optional(),
  }),
);
export type Library = z.infer<typeof librarySchema>;

export const librariesSchema = named(
  'Libraries',
  z.object({
    degraded: z.boolean(),
    stores: z.array(z.object({ store: z.string(), kind: z.string(), ready: z.boolean() })),
    libraries: z.array(librarySchema),
    unions: z.array(z.object({ library: z.string(), members: z.array(z.object({ code: z.string(), name: z.string(), library: z.string().optional() })).optional(), error: z.string().optional() })),
  }),
  'The configured libraries, the shared stores and the members union catalogues list.',
);

/** Why a selected library was not asked (its breaker is open, or it lacks an index the search uses). */
const skipSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('unavailable'), since: z.string(), failures: z.number().int(), retryAt: z.string(), zh: z.string(), en: z.string() }),
  z.object({ code: z.literal('unsupported'), indexes: z.array(z.string()), zh: z.string(), en: z.string() }),
]);
export type SkipNotice = z.infer<typeof skipSchema>;

const LIBRARY_STATES = ['ok', 'timeout', 'error', 'suspended', 'skipped'] as const;
export type LibraryState = (typeof LIBRARY_STATES)[number];

export const libraryStatusSchema = named(
  'LibraryStatus',
  z.object({
    library: z.string(),
    state: z.enum(LIBRARY_STATES),
    hits: z.number().int(),
    fetched: z.number().int(),
    elapsedMs: z.number(),
    gatewayStallMs: z.number().optional().meta({ description: 'Of elapsedMs, how long the gateway’s own event loop was stalled: not the library’s time, and left out of its learned answer times.' }),
    diagnostic: diagnosticSchema.optional(),
    warnings: z.array(diagnosticSchema),
    capped: z.object({ code: z.literal('record-cap'), cap: z.number().int(), zh: z.string(), en: z.string() }).optional(),
    skip: skipSchema.optional(),
    reason: bilingualSchema.optional().meta({ description: 'Why the state is not ok, short, for people.' }),
  }),
  'One library’s outcome in one search: always one per selected library.',
);
export type LibraryStatus = z.infer<typeof libraryStatusSchema>;

export const libraryProgressSchema = named(
  'LibraryProgress',
  z.object({
    library: z.string(),
    phase: z.enum(['queued', 'connecting', 'searching', 'fetching', 'done', 'failed']),
    fetched: z.number().int().optional(),
    total: z.number().int().optional(),
  }),
  'A library’s live state while a search runs (the SSE library events).',
);
export type LibraryProgress = z.infer<typeof libraryProgressSchema>;

const holdingSchema = named(
  'Holding',
  z.object({
    library: z.string(),
    branch: z.string().optional(),
    location: z.string().optional(),
    callNumber: z.string().optional(),
    volume: z.string().optional(),
    barcode: z.string().optional(),
    statusText: z.string(),
    status: z.string(),
    collectionType: z.string().optional(),
    loanable: z.boolean(),
    dueDate: z.string().optional(),
    note: z.string().optional(),
    ill: z.object({ eligible: z.boolean(), reasons: z.array(reasonSchema) }).optional(),
    asOf: z.string().optional().meta({ description: 'When the library said it.' }),
    source: z.enum(['live', 'cache', 'union']).optional().meta({ description: 'Asked live, from a cache, or from a union catalogue.' }),
  }),
  'One copy as its library reports it, with its ILL eligibility.',
);
export type Holding = z.infer<typeof holdingSchema>;

export const copyRecheckSchema = named(
  'CopyRecheck',
  z.object({
    recordId: z.string(),
    library: z.string(),
    barcode: z.string().optional().meta({ description: 'The copy asked for, by barcode…' }),
    copy: z.number().int().optional().meta({ description: '…or by position among the record’s holdings.' }),
    state: z.enum(['live', 'not-listed', 'record-not-listed', 'failed']).meta({
      description: 'live: the library lists the copy now (holding); not-listed: it answered but no longer lists it; record-not-listed: it no longer returns the record; failed: it could not be asked (error), the kept copy is unchanged.',
    }),
    asOf: z.string().optional().meta({ description: 'When the library answered.' }),
    holding: holdingSchema.optional().meta({ description: 'The copy as the library lists it now (source live).' }),
    previous: holdingSchema.optional().meta({ description: 'The copy as the result set had it before.' }),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  'One copy asked of its library again, live.',
);
export type CopyRecheckAnswer = z.infer<typeof copyRecheckSchema>;

const libraryHoldingsSchema = z.object({
  library: z.string(),
  recordIds: z.array(z.string()),
  eligible: z.boolean(),
  available: z.boolean(),
  holdings: z.array(holdingSchema),
});
export type LibraryHoldings = z.infer<typeof libraryHoldingsSchema>;

const isbnSchema = z.object({ original: z.string(), isbn13: z.string().optional(), valid: z.boolean() });
const authorSchema = z.object({ name: z.string(), vernacular: z.string().optional() });

export const recordSchema = named(
  'SourceRecord',
  z.object({
    id: z.string(),
    library: z.string(),
    localId: z.string(),
    format: z.enum(['marc21', 'unimarc', 'cnmarc', 'ipac', 'dc', 'other']),
    title: z.string(),
    authors: z.array(authorSchema),
    publisher: z.string().optional(),
    year: z.number().int().optional(),
    isbns: z.array(isbnSchema),
    issns: z.array(z.string()),
    holdings: z.array(holdingSchema),
    warnings: z.array(diagnosticSchema),
    marc: z.unknown().optional(),
  }),
  'One library’s record, unchanged by merging; its MARC only with marc=1.',
);
export type SourceRecord = z.infer<typeof recordSchema>;

const holdingsRecheckSchema = named(
  'HoldingsRecheck',
  z.object({
    library: z.string(),
    rechecked: z.array(z.string()).meta({ description: 'Source records whose copies were replaced by the library’s answer now.' }),
    asOf: z.string().optional().meta({ description: 'When the library answered.' }),
    error: z.object({ code: z.string(), message: z.string() }).optional().meta({ description: 'Why the library could not be asked (or code not-found: it did not return some records); their kept copies stay.' }),
  }),
  'One library asked again, live, for the copies of a work.',
);

export const clusterSchema = named(
  'Cluster',
  z.object({
    id: z.string(),
    merged: z.object({
      title: z.string(),
      subtitle: z.string().optional(),
      partNumber: z.string().optional(),
      partName: z.string().optional(),
      authors: z.array(authorSchema),
      publisher: z.string().optional(),
      year: z.number().int().optional(),
      yearText: z.string().optional(),
      languages: z.array(z.string()),
      languageNames: z.array(z.string()),
      materialType: z.string(),
      isbns: z.array(isbnSchema),
      issns: z.array(z.string()),
    }),
    members: z.array(z.object({ recordId: z.string(), library: z.string(), rule: z.string(), value: z.string() })),
    records: z.array(recordSchema),
    relations: z.array(z.object({ kind: z.string(), clusterId: z.string(), title: z.string(), via: z.string().optional(), reason: reasonSchema.optional() })),
    holdings: z.array(libraryHoldingsSchema),
    libraries: z.array(z.string()),
    eligibleLibraries: z.array(z.string()),
    available: z.boolean(),
    score: z.number().optional(),
    holdingsRecheck: z
      .array(holdingsRecheckSchema)
      .optional()
      .meta({ description: 'When holdings were just asked again (opening a work past the holdings TTL, a librarian’s recheck): per library.' }),
  }),
  'One merged work: the best value of each field, its member records and the holdings table by library.',
);
export type Cluster = z.infer<typeof clusterSchema>;

const clusterSummarySchema = named(
  'ClusterSummary',
  clusterSchema.omit({ records: true, holdingsRecheck: true }).extend({
    records: z.array(recordSchema).optional().meta({ description: 'Only with records=1 or marc=1; otherwise on /api/results/{id}/clusters/{clusterId}.' }),
  }),
  'One merged work as a result list shows it: the merged record, members, holdings table and relations; its source records are on /api/results/{id}/clusters/{clusterId}.',
);
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const facetValueSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int() });
export type FacetValue = z.infer<typeof facetValueSchema>;
const FACET_NAMES = ['library', 'category', 'language', 'decade', 'year', 'materialType', 'availability'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

const texts = z.array(z.string()).readonly().optional();
/** The view's filters as applied (query parameters filter.*). */
const filtersSchema = z.object({
  libraries: texts,
  categories: texts,
  languages: texts,
  excludeLanguages: texts,
  years: z.array(z.object({ from: z.number().int().optional(), to: z.number().int().optional() })).readonly().optional(),
  decades: texts,
  materialTypes: texts,
  availability: z.enum(['eligible', 'not-eligible', 'available', 'any']).optional(),
});

export const resultPageSchema = named(
  'ResultPage',
  z.object({
    resultSetId: z.string(),
    createdAt: z.string(),
    fromCache: z.boolean().optional(),
    elapsedMs: z.number(),
    hits: z.number().int(),
    records: z.number().int(),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    sort: z.object({ field: z.enum(['relevance', 'title', 'author', 'year']), direction: z.enum(['asc', 'desc']).optional() }),
    filters: filtersSchema,
    clusters: z.array(clusterSummarySchema),
    facets: z.object(Object.fromEntries(FACET_NAMES.map((name) => [name, z.array(facetValueSchema)])) as Record<FacetName, z.ZodArray<typeof facetValueSchema>>),
    libraries: z.array(libraryStatusSchema),
    summary: z.object({
      zh: z.string(),
      en: z.string(),
      libraries: z.number().int(),
      answered: z.number().int(),
      failed: z.number().int(),
      timeout: z.number().int(),
      error: z.number().int(),
      suspended: z.number().int(),
      skipped: z.number().int(),
      allFailed: z.boolean(),
    }),
    services: z.record(z.string(), serviceStatusSchema.extend({ library: z.string() })).optional().meta({ description: 'Each library’s service status the copies were judged with, by library id.' }),
  }),
  'One page of a result set: merged works after filters and sort, facets over the whole set, each library’s status.',
);
export type ResultPage = z.infer<typeof resultPageSchema>;

export const searchAnswerSchema = named(
  'SearchAnswer',
  resultPageSchema.extend({ warnings: z.array(z.object({ parameter: z.string(), message: z.string() })).optional() }),
  'A result page, with warnings about the search as sent (a wrong ISBN check digit).',
);

const readerFieldsSchema = z.object({
  readerBarcode: z.string(),
  readerName: z.string().optional(),
  recipientName: z.string(),
  email: z.string(),
  phone: z.string().optional(),
});
export type ReaderFields = z.infer<typeof readerFieldsSchema>;

const copyRefSchema = named(
  'CopyRef',
  z.object({
    library: z.string(),
    libraryName: z.string(),
    lenderCode: z.string().optional(),
    recordId: z.string(),
    index: z.number().int(),
    barcode: z.string().optional(),
    branch: z.string().optional(),
    location: z.string().optional(),
    callNumber: z.string().optional(),
    volume: z.string().optional(),
    statusText: z.string().optional(),
    collectionType: z.string().optional(),
  }),
  'One copy as an ILL draft shows it; index is usable as holding.index.',
);
export type CopyRef = z.infer<typeof copyRefSchema>;

const BALIS_FORM_FIELDS = [
  'title', 'language', 'year', 'authors', 'publisher', 'isbnIssn', 'lenderName', 'lenderCode', 'lenderDetail', 'delegateLibrary',
  'materialType', 'delivery', 'pickup', 'fee', 'paymentMethod', 'customReference', 'note',
] as const;
const balisFormSchema = z.object(Object.fromEntries(BALIS_FORM_FIELDS.map((f) => [f, z.string()])) as Record<(typeof BALIS_FORM_FIELDS)[number], z.ZodString>);

const DRAFT_STATUSES = ['draft', 'submitting', 'submitted', 'failed', 'needs_check', 'cancelled'] as const;

export const draftSchema = named(
  'IllDraft',
  z.object({
    id: z.string(),
    status: z.enum(DRAFT_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    lender: z.object({ id: z.string(), name: bilingualSchema, code: z.string().optional() }),
    copy: copyRefSchema.optional(),
    form: balisFormSchema,
    eligibility: z.object({ eligible: z.boolean(), reasons: z.array(reasonSchema) }),
    alternatives: z.array(copyRefSchema),
    needBeforeDate: z.string().optional(),
    reader: readerFieldsSchema.nullable(),
    warnings: z.array(z.object({ field: z.string(), code: z.string(), zh: z.string(), en: z.string() })),
    submission: z.object({ requestNumber: z.string().optional(), attempts: z.number().int(), lastError: z.string().optional(), warnings: z.array(z.string()) }),
    duplicates: z.array(z.string()).optional().meta({ description: 'In a listing: ids of the same reader’s open requests for the same volume.' }),
  }),
  'A draft ILL request in the BALIS form’s fields; reader is null once wiped on the reader’s request.',
);
export type Draft = z.infer<typeof draftSchema>;

export const draftPreviewSchema = named(
  'IllDraftPreview',
  z.object({
    lender: draftSchema.shape.lender,
    copy: copyRefSchema.optional(),
    form: balisFormSchema,
    warnings: draftSchema.shape.warnings,
    edited: z.array(z.string()).optional().meta({ description: 'The fields given in bibliographic.' }),
    limits: z.object({ title: z.number().int(), language: z.number().int(), year: z.number().int(), authors: z.number().int(), publisher: z.number().int(), isbnIssn: z.number().int() }).meta({ description: 'The most characters (code points) each correctable field takes.' }),
  }),
  'The BALIS form a draft would get, before the reader’s fields: for the reader to check and correct.',
);
export type DraftPreviewAnswer = z.infer<typeof draftPreviewSchema>;

const duplicateRefSchema = named(
  'DuplicateRef',
  z.object({
    id: z.string(),
    status: z.enum(DRAFT_STATUSES),
    createdAt: z.string(),
    requestNumber: z.string().optional(),
    lender: z.object({ id: z.string(), name: bilingualSchema, code: z.string().optional() }),
    title: z.string(),
    zh: z.string(),
    en: z.string(),
  }),
  'The reader’s open request for the same volume, as a 409 names it.',
);
export type DuplicateRef = z.infer<typeof duplicateRefSchema>;

export const readerRequestSchema = named(
  'ReaderRequest',
  z.object({
    id: z.string(),
    requestNumber: z.string().optional(),
    status: z.enum([...DRAFT_STATUSES, 'shipped', 'arrived', 'returned']),
    source: z.enum(['gateway', 'balis']),
    asOf: z.string(),
    progressError: z.string().optional(),
    title: z.string(),
    lender: z.object({ id: z.string(), name: bilingualSchema, code: z.string().optional() }),
    createdAt: z.string(),
    canCancel: z.boolean(),
  }),
  'One line of 我的申请: the draft’s own status until BALIS holds it, then BALIS’s.',
);
export type ReaderRequest = z.infer<typeof readerRequestSchema>;

export const draftListSchema = named('IllDraftList', z.object({ drafts: z.array(draftSchema), limit: z.number().int(), offset: z.number().int() }));
export const submittedDraftSchema = named('IllSubmission', z.object({ draft: draftSchema, replayed: z.boolean() }), 'The draft after submission to BALIS; replayed when it had been submitted before.');

export const problemSchema = named(
  'Problem',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ parameter: z.string(), detail: z.string() })).optional(),
    code: z.string().optional(),
    zh: z.string().optional(),
    en: z.string().optional(),
    reasons: z.array(reasonSchema).optional(),
    alternatives: z.array(copyRefSchema).optional(),
    duplicates: z.array(duplicateRefSchema).optional(),
  }),
  'RFC 9457 problem details; errors name each parameter or body field at fault; requestId matches the access log.',
);
export type Problem = z.infer<typeof problemSchema>;
