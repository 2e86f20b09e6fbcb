/**
 * The part of the gateway's JSON API the pages read (README "API"; src/http/views.ts,
 * src/merge/types.ts, src/ill/types.ts). Kept as its own small copy so the browser bundle
 * never pulls in server modules.
 */

interface Bilingual {
  zh: string;
  en: string;
}

interface Diagnostic {
  source: string;
  code: string;
  message: string;
  addinfo?: string;
}

export interface Library {
  id: string;
  name: Bilingual;
  category: string;
  service: { status: 'active' | 'suspended'; notice?: Bilingual; since?: string };
  lenderCode?: string;
  health?: {
    searches: number;
    answerRate?: number;
    medianMs?: number;
    lastError?: Diagnostic & { at: string };
    /** Circuit breaker: open = not queried until the probe (or a librarian's retry) finds it answering. */
    breaker?: BreakerState;
    latency?: { samples: number; p50Ms: number; p95Ms: number; p99Ms: number };
    /** The budget the library gets now; `learned` says how, when learned from its answers. */
    timeout?: { ms: number; configuredMs: number; learned?: string };
  };
}

export interface BreakerState {
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  since?: string;
  retryAt?: string;
  lastError?: string;
}

/** Why the gateway did not ask a selected library (its breaker is open, the index is unsupported). */
export interface SkipNotice extends Bilingual {
  code: 'unavailable' | 'unsupported';
  since?: string;
  retryAt?: string;
  failures?: number;
  indexes?: string[];
}

export type LibraryState = 'ok' | 'timeout' | 'error' | 'suspended' | 'skipped';

export interface LibraryStatus {
  library: string;
  state: LibraryState;
  hits: number;
  fetched: number;
  elapsedMs: number;
  diagnostic?: Diagnostic;
  /** This library's own cap stopped it short: "fetched 50 of 86 (this library's cap)". */
  capped?: { code: 'record-cap'; cap: number; zh: string; en: string };
  skip?: SkipNotice;
}

/** A library's live state while the search runs (SSE `library` events without a status). */
export interface LibraryProgress {
  library: string;
  phase: 'queued' | 'connecting' | 'searching' | 'fetching' | 'done' | 'failed';
  fetched?: number;
  total?: number;
}

export interface Reason extends Bilingual {
  code: string;
}

export interface Holding {
  library: string;
  branch?: string;
  location?: string;
  callNumber?: string;
  volume?: string;
  barcode?: string;
  statusText: string;
  status: string;
  collectionType?: string;
  dueDate?: string;
  ill?: { eligible: boolean; reasons: Reason[] };
  /** When the library said it, and whether live, from a cache or from a union catalogue. */
  asOf?: string;
  source?: 'live' | 'cache' | 'union';
}

export interface LibraryHoldings {
  library: string;
  eligible: boolean;
  available: boolean;
  holdings: Holding[];
}

export interface Cluster {
  id: string;
  merged: {
    title: string;
    subtitle?: string;
    partNumber?: string;
    partName?: string;
    authors: { name: string; vernacular?: string }[];
    publisher?: string;
    year?: number;
    yearText?: string;
    languages: string[];
    languageNames: string[];
    materialType: string;
    isbns: { original: string; isbn13?: string; valid: boolean }[];
    issns: string[];
  };
  members: { recordId: string; library: string; rule: string; value: string }[];
  /** Works kept apart on purpose, with the veto that kept them apart ("第2版 vs 第1版"). */
  relations?: { kind: string; clusterId: string; title: string; via?: string; reason?: { code: string; zh: string; en: string } }[];
  holdings: LibraryHoldings[];
  libraries: string[];
  eligibleLibraries: string[];
  score?: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export type FacetName = 'library' | 'category' | 'language' | 'decade' | 'availability';

export interface ResultPage {
  resultSetId: string;
  total: number;
  offset: number;
  limit: number;
  elapsedMs: number;
  clusters: Cluster[];
  facets: Record<FacetName | 'year' | 'materialType', FacetValue[]>;
  libraries: LibraryStatus[];
}

export interface CopyRef {
  library: string;
  libraryName: string;
  recordId: string;
  index: number;
  barcode?: string;
  branch?: string;
  location?: string;
  callNumber?: string;
  statusText?: string;
  collectionType?: string;
}

type BalisForm = Record<
  | 'title' | 'language' | 'year' | 'authors' | 'publisher' | 'isbnIssn' | 'lenderName' | 'lenderCode' | 'lenderDetail' | 'delegateLibrary'
  | 'materialType' | 'delivery' | 'pickup' | 'fee' | 'paymentMethod' | 'customReference' | 'note',
  string
>;

export interface ReaderFields {
  readerBarcode: string;
  readerName?: string;
  recipientName: string;
  email: string;
  phone?: string;
}

/** One of the reader's open requests for the same volume ("您已于 2026-12-05 申请过此书 (ST00000001)"). */
export interface DuplicateRef extends Bilingual {
  id: string;
  status: Draft['status'];
  requestNumber?: string;
}

export interface Draft {
  id: string;
  status: 'draft' | 'submitting' | 'submitted' | 'failed' | 'needs_check' | 'cancelled';
  createdAt: string;
  lender: { id: string; name: Bilingual };
  form: BalisForm;
  eligibility: { eligible: boolean; reasons: Reason[] };
  alternatives: CopyRef[];
  reader: ReaderFields | null;
  warnings: (Bilingual & { field: string; code: string })[];
  submission: { requestNumber?: string; lastError?: string; warnings: string[] };
  /** In lists: ids of the same reader's other open requests for this volume. */
  duplicates?: string[];
}

/** One line of 我的申请 (GET /api/ill/requests): the draft's own status until BALIS holds it, then BALIS's. */
export interface ReaderRequest {
  id: string;
  requestNumber?: string;
  status: Draft['status'] | 'shipped' | 'arrived' | 'returned';
  source: 'gateway' | 'balis';
  asOf: string;
  title: string;
  lender: { id: string; name: Bilingual };
  createdAt: string;
  canCancel: boolean;
}

/** An RFC 9457 answer, with the ILL API's extensions. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string; detail?: string; code?: string; zh?: string; en?: string; errors?: { parameter: string; detail: string }[]; reasons?: Reason[]; alternatives?: CopyRef[]; duplicates?: DuplicateRef[];
    },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
  const text = await res.text();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!res.ok) throw new ApiError(res.status, body as ApiError['problem']);
  return body as T;
}

export const api = {
  libraries: () => call<{ libraries: Library[] }>('/api/libraries').then((b) => b.libraries),
  results: (id: string, view: URLSearchParams) => call<ResultPage>(`/api/results/${encodeURIComponent(id)}?${view.toString()}`),
  search: (params: URLSearchParams) => call<ResultPage>(`/api/search?${params.toString()}`),
  createDraft: (body: unknown) => call<Draft>('/api/ill/drafts', { method: 'POST', body: JSON.stringify(body) }),
  submitDraft: (id: string) => call<{ draft: Draft }>(`/api/ill/drafts/${encodeURIComponent(id)}/submit`, { method: 'POST', body: '{}' }),
  retryLibrary: (id: string) => call<{ library: string; breaker: BreakerState }>(`/api/libraries/${encodeURIComponent(id)}/retry`, { method: 'POST', body: '{}' }),
  drafts: () => call<{ drafts: Draft[] }>('/api/ill/drafts?all=1&limit=100').then((b) => b.drafts),
  /** 我的申请: the signed-in reader's drafts and requests, newest first. */
  requests: () => call<{ requests: ReaderRequest[] }>('/api/ill/requests').then((b) => b.requests),
  cancelDraft: (id: string) => call<unknown>(`/api/ill/drafts/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: '{}' }),
  /** The signed-in reader's fields from their last form (GET /api/ill/reader-details); null when none. */
  readerDetails: () => call<{ reader: ReaderFields | null }>('/api/ill/reader-details').then((b) => b.reader),
};

export function printUrl(draftId: string): string {
  return `/api/ill/drafts/${encodeURIComponent(draftId)}/print`;
}

export function isoUrl(draftId: string): string {
  return `/api/ill/drafts/${encodeURIComponent(draftId)}/iso18626`;
}
