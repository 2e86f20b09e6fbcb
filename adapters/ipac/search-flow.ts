/**
 * One search at an iPac OPAC: the hit list (paged with npp/page), brief records (progress
 * says how many), then the full displays of the first hits (bounded in
 * number and time, concurrent within the library's own cap) for holdings. A failure on
 * one full display leaves that hit brief with a warning; only the hit list is vital.
 */
import type { SearchRequest, SearchResult } from '../../src/adapter-api/contract.ts';
import { reportFetched, reportSearching } from '../../src/adapter-api/progress.ts';
import type { LibraryConfig } from '../../src/config/schema.ts';
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import type { BibRecord, RecordWarning } from '../../src/records/model.ts';
import { columnIndexes, holdingsFromTables } from './holdings.ts';
import { IpacLayoutError, type BriefRow, type FullDisplay, type ItemTable } from './page.ts';
import type { IpacPages } from './pages.ts';
import { inYears, toIpacQuery } from './query.ts';
import { briefToRecord, fullToRecord } from './records.ts';
import { fullLabels, itemLabels, type IpacSettings } from './settings.ts';
import type { IpacTransport } from './transport.ts';
import { resolveLink } from './url.ts';

export interface FlowDeps {
  settings: IpacSettings;
  pages: IpacPages;
  transport: IpacTransport;
  library: LibraryConfig;
}

function recordWarning(d: Diagnostic): RecordWarning {
  return { ...d, source: 'record' };
}

/** Holdings from the tables that have the labelled columns; a table without them is reported, not guessed at. */
function readHoldings(deps: FlowDeps, full: FullDisplay, extra: ItemTable[], warnings: RecordWarning[]): BibRecord['holdings'] {
  const labels = itemLabels(deps.settings);
  const usable: ItemTable[] = [];
  for (const table of [...(full.items ? [full.items] : []), ...extra]) {
    try {
      columnIndexes(table, labels, deps.settings.optionalItemColumns);
      usable.push(table);
    } catch (error) {
      if (!(error instanceof IpacLayoutError)) throw error;
      warnings.push({ source: 'record', code: 'layout-changed', message: `holdings of record ${full.key} not read: ${error.message}`, addinfo: error.missing.join(', ') });
    }
  }
  if (full.holdingsUnreadable) warnings.push({ source: 'record', code: 'layout-changed', message: `holdings of record ${full.key} not read: ${full.holdingsUnreadable}` });
  const reading = holdingsFromTables(usable, labels, deps.settings.optionalItemColumns, deps.library);
  warnings.push(...reading.warnings.map(recordWarning));
  return reading.holdings;
}

/** 其它馆址: every branch's copies, over as many pages as the OPAC splits them into (bounded). */
async function branchTables(deps: FlowDeps, full: FullDisplay, pageUrl: string, signal: AbortSignal, warnings: RecordWarning[]): Promise<ItemTable[]> {
  if (!full.otherBranches || deps.settings.maxBranchPages === 0) return [];
  const charset = deps.transport.charset;
  const queue = [resolveLink(full.otherBranches, pageUrl, charset)];
  const visited = new Set<string>();
  const tables: ItemTable[] = [];
  while (queue.length > 0 && visited.size < deps.settings.maxBranchPages) {
    const url = queue.shift() as string;
    if (visited.has(url)) continue;
    visited.add(url);
    try {
      const { page, fetched } = await deps.pages.branches(url, signal);
      if (page.items) tables.push(page.items);
      for (const link of page.pageLinks) {
        const next = resolveLink(link, fetched.url, charset);
        if (!visited.has(next)) queue.push(next);
      }
    } catch (error) {
      if (signal.aborted || !(error instanceof TargetError)) throw error;
      warnings.push({ source: 'record', code: 'branches-incomplete', message: `holdings at other branches of record ${full.key} are incomplete: ${error.message}`, addinfo: url });
      break;
    }
  }
  if (queue.some((u) => !visited.has(u))) {
    warnings.push({ source: 'record', code: 'branches-incomplete', message: `holdings of record ${full.key} span more than ${deps.settings.maxBranchPages} pages; the rest were not read` });
  }
  return tables;
}

async function fullRecord(deps: FlowDeps, full: FullDisplay, brief: BriefRow | undefined, pageUrl: string, charset: string, signal: AbortSignal): Promise<BibRecord> {
  const warnings: RecordWarning[] = [];
  const extra = await branchTables(deps, full, pageUrl, signal, warnings);
  const holdings = readHoldings(deps, full, extra, warnings);
  return fullToRecord(full, brief, fullLabels(deps.settings), deps.library.id, charset, holdings, warnings);
}

/** A timer-driven AbortController (fake-timer friendly, unlike AbortSignal.timeout). */
function budget(ms: number, parent: AbortSignal): { signal: AbortSignal; expired: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('full-record budget spent'));
  }, ms);
  return { signal: AbortSignal.any([parent, controller.signal]), expired: () => expired, clear: () => clearTimeout(timer) };
}

async function completeRecords(deps: FlowDeps, rows: BriefRow[], briefs: BibRecord[], signal: AbortSignal, diagnostics: Diagnostic[]): Promise<BibRecord[]> {
  const wanted = Math.min(rows.length, deps.settings.fullRecords.max);
  if (wanted === 0) return briefs;
  const out = [...briefs];
  const phase = budget(deps.settings.fullRecords.budgetMs, signal);
  let refused: TargetError | undefined;
  let unfinished = 0;
  try {
    await Promise.all(
      rows.slice(0, wanted).map(async (row, i) => {
        if (refused) return;
        try {
          const read = await deps.pages.full(row.key, row.func, phase.signal);
          diagnostics.push(...read.warnings);
          if (read.page.kind !== 'full') return;
          const record = await fullRecord(deps, read.page.full, row, read.fetched.url, read.fetched.charset, phase.signal);
          out[i] = record;
          diagnostics.push(...record.warnings);
        } catch (error) {
          if (signal.aborted || !(error instanceof TargetError)) throw error;
          if (phase.expired()) {
            unfinished += 1;
            return;
          }
          // The OPAC asked us to slow down: leave the remaining hits brief rather than insist.
          if (error.diagnostic.code === '429' || error.diagnostic.code === '503') refused ??= error;
          else diagnostics.push({ ...error.diagnostic, message: `record ${row.key} left brief: ${error.diagnostic.message}` });
        }
      }),
    );
  } finally {
    phase.clear();
  }
  if (unfinished > 0) diagnostics.push({ source: 'gateway', code: 'full-records-partial', message: `${unfinished} record(s) left brief: full displays took longer than ${deps.settings.fullRecords.budgetMs} ms` });
  if (refused) diagnostics.push({ ...refused.diagnostic, message: `full displays stopped: ${refused.diagnostic.message}` });
  return out;
}

export async function runSearch(deps: FlowDeps, state: { session?: string }, request: SearchRequest): Promise<SearchResult> {
  const { settings } = deps;
  const query = toIpacQuery(request.query, settings);
  const diagnostics: Diagnostic[] = [...query.warnings];
  if (settings.session === 'always' && !state.session) await deps.pages.openSession(request.signal);

  const pageSize = settings.pageSize;
  let pageNo = Math.floor((request.start - 1) / pageSize) + 1;
  reportSearching(request);
  const first = await deps.pages.search(query.criteria, pageNo, request.signal);
  diagnostics.push(...first.warnings);
  const result: SearchResult = { hits: 0, records: [], diagnostics };
  if (first.page.kind === 'none') return result;

  if (first.page.kind === 'full') {
    // Exactly one hit: the OPAC went straight to the full display.
    result.hits = first.page.hits;
    if (request.start === 1 && request.count > 0) {
      const record = await fullRecord(deps, first.page.full, undefined, first.fetched.url, first.fetched.charset, request.signal);
      diagnostics.push(...record.warnings);
      if (inYears(record.year, query.years)) result.records.push(record);
    }
    reportFetched(request, result.records.length, result.hits);
    return result;
  }
  if (first.page.kind !== 'list') return result;

  result.hits = first.page.hits;
  const rows: BriefRow[] = first.page.rows.slice((request.start - 1) % pageSize);
  while (rows.length < request.count && pageNo * pageSize < result.hits) {
    pageNo += 1;
    const next = await deps.pages.search(query.criteria, pageNo, request.signal);
    diagnostics.push(...next.warnings);
    if (next.page.kind !== 'list' || next.page.rows.length === 0) break;
    rows.push(...next.page.rows);
  }
  const charset = first.fetched.charset;
  const kept = rows.slice(0, request.count).map((row) => ({ row, brief: briefToRecord(row, deps.library.id, charset) })).filter((r) => inYears(r.brief.year, query.years));
  const briefs = kept.map((k) => k.brief);
  reportFetched(request, briefs.length, result.hits);
  result.records = await completeRecords(
    deps,
    kept.map((k) => k.row),
    briefs,
    request.signal,
    diagnostics,
  );
  return result;
}
