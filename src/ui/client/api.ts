/**
 * The gateway's JSON API as the pages call it. The answer types come from the schemas the
 * server's views are checked against and the OpenAPI document is generated from
 * (src/http/schemas/responses.ts); `import type` only, so the bundle never pulls in zod.
 */
import type { FacetName as AnyFacetName, Problem } from '../../http/schemas/responses.ts';
import type { BreakerState, Cluster as FullCluster, CopyRecheckAnswer, Draft, DraftPreviewAnswer, Library, ReaderFields, ReaderRequest, ResultPage } from '../../http/schemas/responses.ts';

// The pages show works as result lists and the stream give them: summaries, without source records.
export type { ClusterSummary as Cluster } from '../../http/schemas/responses.ts';
/** A work with its source records (/clusters/:id and its recheck). */
export type { FullCluster };
export type {
  BreakerState, CopyRecheckAnswer, CopyRef, Draft, DuplicateRef, ReaderRequest, FacetValue, Holding, Library, LibraryHoldings, LibraryProgress, LibraryState, LibraryStatus, ReaderFields, ResultPage, SkipNotice,
} from '../../http/schemas/responses.ts';

/** The form a draft would get (POST /api/ill/drafts/preview), before the reader's fields. */
export type DraftPreview = DraftPreviewAnswer;

/** The facets the search page shows (year and material type are filters only). */
export type FacetName = Extract<AnyFacetName, 'library' | 'category' | 'language' | 'decade' | 'availability'>;

/** An RFC 9457 answer, with the ILL API's extensions. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
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
  previewDraft: (body: unknown) => call<DraftPreview>('/api/ill/drafts/preview', { method: 'POST', body: JSON.stringify(body) }),
  createDraft: (body: unknown) => call<Draft>('/api/ill/drafts', { method: 'POST', body: JSON.stringify(body) }),
  submitDraft: (id: string) => call<{ draft: Draft }>(`/api/ill/drafts/${encodeURIComponent(id)}/submit`, { method: 'POST', body: '{}' }),
  /** A librarian's "recheck live" of one copy: by barcode, else its position among the record's holdings. */
  recheckCopy: (resultSetId: string, recordId: string, copy: { barcode: string } | { copy: number }) =>
    call<CopyRecheckAnswer>(`/api/results/${encodeURIComponent(resultSetId)}/records/${encodeURIComponent(recordId)}/recheck?${new URLSearchParams('barcode' in copy ? { barcode: copy.barcode } : { copy: String(copy.copy) }).toString()}`, { method: 'POST', body: '{}' }),
  /** A librarian's "recheck live" of every copy one library lists for a work: the work as it is now, and holdingsRecheck. */
  recheckLibrary: (resultSetId: string, clusterId: string, library: string) =>
    call<FullCluster>(`/api/results/${encodeURIComponent(resultSetId)}/clusters/${encodeURIComponent(clusterId)}/recheck?${new URLSearchParams({ library }).toString()}`, { method: 'POST', body: '{}' }),
  retryLibrary: (id: string) => call<{ library: string; breaker: BreakerState }>(`/api/libraries/${encodeURIComponent(id)}/retry`, { method: 'POST', body: '{}' }),
  drafts: () => call<{ drafts: Draft[] }>('/api/ill/drafts?all=1&limit=100').then((b) => b.drafts),
  /** The signed-in reader's fields from their last form (GET /api/ill/reader-details); null when none. */
  /** 我的申请: the signed-in reader's drafts and requests, newest first. */
  requests: () => call<{ requests: ReaderRequest[] }>('/api/ill/requests').then((b) => b.requests),
  cancelDraft: (id: string) => call<unknown>(`/api/ill/drafts/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: '{}' }),
  readerDetails: () => call<{ reader: ReaderFields | null }>('/api/ill/reader-details').then((b) => b.reader),
};

export function printUrl(draftId: string): string {
  return `/api/ill/drafts/${encodeURIComponent(draftId)}/print`;
}

export function isoUrl(draftId: string): string {
  return `/api/ill/drafts/${encodeURIComponent(draftId)}/iso18626`;
}
