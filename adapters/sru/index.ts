/**
 * The SRU client adapter (SRU 1.1, 1.2, 2.0 per library): CQL from the query model,
 * paging with startRecord/maximumRecords, fatal and surrogate diagnostics kept with their URI.
 */
import type { AdapterDescriptor, SearchRequest, SearchResult } from '../../src/adapter-api/contract.ts';
import { CpuSlices } from '../../src/adapter-api/cpu-turns.ts';
import { reportFetched, reportSearching } from '../../src/adapter-api/progress.ts';
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import { CqlError } from '../../src/query/cql/errors.ts';
import { serializeCql, type CqlTargetProfile } from '../../src/query/cql/serialize.ts';
import { withBothIsbnForms } from '../../src/query/isbn-forms.ts';
import { fetchSruExplain, fetchSruPage } from './client.ts';
import { sruCapabilities } from './capabilities.ts';
import { sruRecordsToBib } from './records.ts';
import type { SruDiagnostic, SruResponse } from './response.ts';
import { sruSettingsSchema, type SruSettings } from './settings.ts';

function srwDiagnostic(d: SruDiagnostic): Diagnostic {
  const out: Diagnostic = { source: 'srw', code: d.code, uri: d.uri, message: d.message ?? `SRU diagnostic ${d.code}` };
  if (d.details) out.addinfo = d.details;
  return out;
}

function isZeroHitQuirk(settings: SruSettings, response: SruResponse): boolean {
  return (
    response.records.length === 0 &&
    response.diagnostics.length > 0 &&
    response.diagnostics.every((d) => settings.zeroHitDiagnostics.some((q) => q.uri === d.uri && (q.message === undefined || (d.message ?? '').includes(q.message))))
  );
}

export const sruAdapter: AdapterDescriptor<SruSettings> = {
  kind: 'sru',
  settingsSchema: sruSettingsSchema,
  create(settings, context) {
    const dispatcher = context.httpDispatcher(settings.timeouts.connectMs);
    const profile: CqlTargetProfile = {};
    if (settings.cql.indexes) profile.indexes = settings.cql.indexes;
    if (settings.cql.wordsRelation) profile.wordsRelation = settings.cql.wordsRelation;
    if (settings.cql.phraseRelation) profile.phraseRelation = settings.cql.phraseRelation;
    if (settings.cql.yearRange) profile.yearRange = settings.cql.yearRange;

    return {
      async search(request: SearchRequest): Promise<SearchResult> {
        // A query this server cannot express (an index it lacks) is that library's error, not the gateway's.
        let query: string;
        try {
          query = serializeCql(settings.isbnForms === 'both' ? withBothIsbnForms(request.query) : request.query, profile);
        } catch (error) {
          if (error instanceof CqlError) throw new TargetError({ source: 'srw', code: String(error.diagnostic), uri: `info:srw/diagnostic/1/${error.diagnostic}`, message: error.message, ...(error.details ? { addinfo: error.details } : {}) });
          throw error;
        }
        const result: SearchResult = { hits: 0, records: [], diagnostics: [] };
        reportSearching(request);
        let position = request.start;
        let wanted = request.count;
        let hits: number | undefined;
        do {
          const maximumRecords = Math.min(wanted, settings.maxRecords);
          const response = await fetchSruPage(settings, dispatcher, { cql: query, startRecord: position, maximumRecords, signal: request.signal, ...(request.requestId === undefined ? {} : { requestId: request.requestId }) }, context.env);
          if (isZeroHitQuirk(settings, response)) return result;
          const fatal = response.records.length === 0 && !response.numberOfRecords ? response.diagnostics[0] : undefined;
          if (fatal) throw new TargetError(srwDiagnostic(fatal));
          if (response.numberOfRecords === undefined) {
            throw new TargetError({ source: 'gateway', code: 'bad-sru', message: 'SRU response has no numberOfRecords' });
          }
          hits = response.numberOfRecords;
          result.hits = hits;
          // Non-fatal diagnostics beside records (e.g. 59 partial results) stay visible.
          result.diagnostics.push(...response.diagnostics.map(srwDiagnostic));
          const page = await sruRecordsToBib(response, context.library, settings, new CpuSlices({ signal: request.signal }));
          result.records.push(...page.records);
          result.diagnostics.push(...page.diagnostics);
          reportFetched(request, result.records.length, hits);
          const returned = response.records.length;
          if (returned === 0) break;
          position += returned;
          wanted -= returned;
        } while (wanted > 0 && position <= hits);
        return result;
      },
      async probe({ signal }) {
        const explain = await fetchSruExplain(settings, dispatcher, signal, context.env);
        const fatal = explain.diagnostics[0];
        if (fatal && explain.indexes.length === 0) throw new TargetError({ source: 'srw', code: fatal.uri.replace(/^info:srw\/diagnostic\/1\//, ''), uri: fatal.uri, message: fatal.message ?? 'explain failed' });
        // A server whose explain lists no index has not said what it searches: unknown, not "nothing".
        if (explain.indexes.length === 0) throw new TargetError({ source: 'gateway', code: 'explain-empty', message: 'the SRU explain record lists no indexes' });
        return sruCapabilities(explain, profile, new Date());
      },
      async close() {
        // The dispatcher is shared and closed by the gateway.
      },
    };
  },
};
