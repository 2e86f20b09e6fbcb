/**
 * searchRetrieve: CQL → federated search through the gateway (its result-set cache
 * included) or a kept result set → post-filters → the page asked for, each record in the
 * requested schema. Libraries that failed are reported in extraResponseData, and with
 * diagnostic 59 when the set is partial; the records that did come are still served.
 */
import { AdmissionRejected, DeadlineError, viewResultSet } from '../gateway/index.ts';
import { StoreUnavailableError } from '../stores/errors.ts';
import type { ResultSet } from '../resultsets/store.ts';
import type { OperationRequest, Packing, SruService } from './context.ts';
import { diagnostic, SruDiagnosticError, toSruDiagnostic } from './diagnostics.ts';
import { failed, federationXml } from './federation.ts';
import { viewFilter, type PostFilter } from './filters.ts';
import { readPacking } from './packing.ts';
import { echo, integerParam } from './params.ts';
import { analyzeQuery } from './query.ts';
import { decodeSetId, encodeSetId, remainingSeconds } from './result-sets.ts';
import { findSchema, type RecordSchema } from './schemas/registry.ts';
import { recordsToServe, renderedOnce, type ServedRecord } from './serve.ts';
import { diagnosticXml, searchRetrieveXml, type SruDiagnosticOut, type SruRecordOut, type SruVersion } from './write.ts';

const DIAGNOSTICS_SCHEMA = 'info:srw/schema/1/diagnostics-v1.1';

/** Echo order: LoC 1.2 schema for 1.x, sruResponse.xsd for 2.0. */
const ECHO_1X = ['version', 'query', 'startRecord', 'maximumRecords', 'recordPacking', 'recordSchema', 'resultSetTTL', 'sortKeys', 'stylesheet'];
const ECHO_20 = ['version', 'queryType', 'query', 'startRecord', 'maximumRecords', 'recordXMLEscaping', 'recordPacking', 'recordSchema', 'resultSetTTL', 'sortKeys', 'stylesheet', 'renderedBy', 'httpAccept', 'responseType'];

interface Page {
  startRecord: number;
  maximumRecords: number;
  schema: RecordSchema;
  packing: Packing;
  resultSetTTL: number | undefined;
}

function readPage(request: OperationRequest, service: SruService): Page {
  const { params, version } = request;
  const queryType = params.get('queryType');
  if (queryType !== undefined && queryType !== 'cql') throw new SruDiagnosticError(6, 'queryType', `Unsupported parameter value: queryType "${queryType}" (only cql)`);
  if (params.get('sortKeys') !== undefined) throw new SruDiagnosticError(80, params.get('sortKeys'), 'Sort not supported: merged works come ranked by relevance');
  const startRecord = integerParam(params, 'startRecord', 1, 1);
  // More than the maximum is not an error: the server may return fewer (nextRecordPosition tells the client).
  const maximumRecords = Math.min(integerParam(params, 'maximumRecords', service.settings.defaultRecords, 0), service.settings.maxRecords);
  const schemaName = params.get('recordSchema') ?? service.settings.defaultSchema;
  const schema = findSchema(schemaName);
  if (!schema) throw new SruDiagnosticError(66, schemaName, `Unknown schema for retrieval: "${schemaName}" (marcxml, dc, holdings or their URIs)`);
  const ttlText = params.get('resultSetTTL');
  const resultSetTTL = ttlText === undefined ? undefined : integerParam(params, 'resultSetTTL', 0, 0);
  return { startRecord, maximumRecords, schema, packing: readPacking(params, version), resultSetTTL };
}

function renderRecord(item: ServedRecord, position: number, page: Page, service: SruService, version: SruVersion): SruRecordOut {
  const base = { position, escaping: page.packing.escaping, ...(page.packing.packing ? { packing: page.packing.packing } : {}) };
  try {
    return { ...base, schema: page.schema.uri, xml: renderedOnce(item, service.render, page.schema.uri, () => page.schema.render(item, service.render)) };
  } catch (error) {
    // One record that cannot be given must not cost the client the page: a surrogate diagnostic stands in for it.
    const d = toSruDiagnostic(error) ?? diagnostic(64, item.id, 'Record temporarily unavailable: it could not be serialized');
    if (!(error instanceof SruDiagnosticError)) service.logger?.error({ err: error, record: item.id }, 'SRU record rendering failed');
    return { ...base, schema: DIAGNOSTICS_SCHEMA, xml: diagnosticXml(d, version, '') };
  }
}

/** The set a request answers from; `reread` when it names a kept set (cql.resultSetId) rather than searching. */
async function findSet(request: OperationRequest, service: SruService, query: string): Promise<{ set?: ResultSet; fromCache: boolean; filters: PostFilter[]; reread?: true }> {
  const analyzed = analyzeQuery(query);
  if (analyzed.kind === 'resultSet') {
    const decoded = decodeSetId(analyzed.id);
    const set = decoded ? await service.gateway.resultSet(decoded.gatewayId).catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) throw new SruDiagnosticError(2, analyzed.id, 'System temporarily unavailable: the shared result-set store cannot be reached; search again');
      throw error;
    }) : undefined;
    if (!decoded || !set) throw new SruDiagnosticError(51, analyzed.id, 'Result set does not exist (unknown or expired): search again');
    return { set, fromCache: true, filters: [...decoded.filters, ...analyzed.filters], reread: true };
  }
  // A database with no member libraries (a category without members in this config) simply has no records.
  if (request.database.libraries.length === 0) return { fromCache: false, filters: analyzed.filters };
  const outcome = await service.gateway.search(analyzed.query, request.database.libraries, {
    signal: request.signal,
    client: request.client,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
    ...(request.defer ? { defer: request.defer } : {}),
  });
  return { set: outcome.resultSet, fromCache: outcome.fromCache, filters: analyzed.filters };
}

/** Non-fatal diagnostics about the libraries: 59 when some failed; 2 when every queried one did. */
function federationDiagnostics(set: ResultSet | undefined): { list: SruDiagnosticOut[]; allFailed: boolean } {
  const statuses = set?.statuses ?? [];
  const down = statuses.filter(failed);
  const queried = statuses.filter((s) => s.state !== 'suspended');
  if (down.length === 0) return { list: [], allFailed: false };
  const ids = down.map((s) => s.library).join(' ');
  if (down.length === queried.length) {
    return { list: [diagnostic(2, ids, `System temporarily unavailable: no member library answered (${ids}); see extraResponseData`)], allFailed: true };
  }
  return { list: [diagnostic(59, ids, `Result set created with valid partial results available: ${down.length} of ${queried.length} libraries did not answer (${ids}); see extraResponseData`)], allFailed: false };
}

export async function searchRetrieve(request: OperationRequest, service: SruService): Promise<string> {
  const { params, version } = request;
  const echoed = echo(params, version === '2.0' ? ECHO_20 : ECHO_1X);
  if (version !== '2.0' && echoed.version === undefined) echoed.version = version;
  const fail = (d: SruDiagnosticOut, numberOfRecords = 0, extra?: string): string =>
    searchRetrieveXml({ version, numberOfRecords, records: [], echoedRequest: echoed, diagnostics: [d, ...request.warnings], ...(extra ? { extraResponseData: extra } : {}) });
  try {
    const query = params.raw('query');
    if (query === undefined) throw new SruDiagnosticError(7, 'query', 'Mandatory parameter not supplied: query');
    const page = readPage(request, service);
    const { set, fromCache, filters, reread } = await findSet(request, service, query);
    const all = set ? recordsToServe(set) : [];
    // A search's records join the scan index (as the Z39.50 front end's do); paging a kept set by its id adds nothing new.
    if (!reread && all.length > 0) {
      if (request.defer) request.defer(() => service.terms.add(all));
      else service.terms.add(all);
    }
    const shown = set ? viewResultSet(set, { filters: filters.map(viewFilter), offset: page.startRecord - 1, limit: page.maximumRecords }, service.gateway.libraries) : { total: 0, page: [] };
    const total = shown.total;
    const extra = federationXml(set, service.libraries, { fromCache, filters, version, served: total });
    const federation = federationDiagnostics(set);
    if (federation.allFailed) return fail(federation.list[0] as SruDiagnosticOut, 0, extra);
    if (total > 0 && page.startRecord > total) {
      return fail(diagnostic(61, String(page.startRecord), `First record position out of range: there are ${total} records`), total, extra);
    }
    const served = new Map(all.map((item) => [item.id, item]));
    const slice = shown.page.map((cluster) => served.get(cluster.id) as ServedRecord);
    const records = slice.map((item, i) => renderRecord(item, page.startRecord + i, page, service, version));
    const end = page.startRecord - 1 + slice.length;
    const ttlSeconds = service.gateway.config.gateway.cache.ttlSeconds;
    const keepSet = set !== undefined && page.resultSetTTL !== 0;
    return searchRetrieveXml({
      version,
      numberOfRecords: total,
      ...(keepSet ? { resultSetId: encodeSetId(set.id, filters), resultSetTTL: remainingSeconds(set, ttlSeconds) } : {}),
      records,
      ...(slice.length > 0 && end < total ? { nextRecordPosition: end + 1 } : {}),
      echoedRequest: echoed,
      diagnostics: [...federation.list, ...request.warnings],
      extraResponseData: extra,
      resultCountPrecision: `info:srw/vocabulary/resultCountPrecision/1/${federation.list.length > 0 ? 'minimum' : 'exact'}`,
    });
  } catch (error) {
    const d = toSruDiagnostic(error);
    if (d) return fail(d);
    // Refused admission: the router answers 503 with Retry-After and diagnostic 2.
    if (error instanceof AdmissionRejected) throw error;
    // The client went away: nobody to answer.
    if (error instanceof DeadlineError && request.signal.aborted) throw error;
    service.logger?.error({ err: error }, 'SRU searchRetrieve failed');
    return fail(diagnostic(1, undefined, 'General system error: the search failed; the error was logged'));
  }
}
