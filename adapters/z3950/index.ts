/**
 * The Z39.50 client adapter: gateway query → Bib-1 RPN, a pooled initialized session per
 * target, Search then chunked Present, records handed to the record mapping (bib.ts).
 */
import type { AdapterDescriptor, SearchRequest, SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { resolveCredentials } from '../../src/adapter-api/settings.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { textCodec } from '../../src/adapter-api/text-codec.ts';
import type { IdAuthentication } from '../../src/z3950/apdu/init.ts';
import { z3950RecordsToBib } from './bib.ts';
import { errorCode, zError } from './errors.ts';
import { RECORD_SYNTAX_OIDS } from '../../src/z3950/oids.ts';
import { SessionPool } from './pool.ts';
import { toPqf } from './pqf.ts';
import { QueryTranslationError, toRpn } from './rpn.ts';
import { runSearch } from './search-flow.ts';
import { Session, type SessionOptions } from './session.ts';
import { z3950SettingsSchema, type Z3950Settings } from './settings.ts';
import { withBothIsbnForms } from '../../src/query/isbn-forms.ts';
import type { QueryNode } from '../../src/query/model.ts';
import { probeZ3950 } from './probe.ts';

/** Failures that mean "this pooled association had died", worth one more try on a fresh one. */
const STALE_SESSION_CODES = new Set(['peer-dropped', 'peer-closed']);
const MAX_ATTEMPTS = 3;

export type Z3950SessionOverrides = Pick<SessionOptions, 'createSocket'>;

export function createZ3950Adapter(settings: Z3950Settings, context: Parameters<AdapterDescriptor<Z3950Settings>['create']>[1], overrides: Z3950SessionOverrides = {}): TargetAdapter {
  // Terms and protocol strings go out in queryCharset; records are read in recordCharset.
  const codec = textCodec(settings.queryCharset ?? settings.charset);
  const recordCodec = textCodec(settings.recordCharset ?? settings.charset);
  const target = `${settings.host}:${settings.port}`;
  const logger = context.logger.child({ adapter: 'z3950', library: context.library.id, target });

  const sessionOptions = (): SessionOptions => {
    const opts: SessionOptions = { host: settings.host, port: settings.port, timeouts: settings.timeouts, maxPduBytes: settings.maxPduBytes, codec, ...overrides };
    if (settings.credentials) {
      const creds = resolveCredentials(settings.credentials, context.env);
      if (!creds) throw zError('init-rejected', `${target}: credentials ${settings.credentials.userEnv} not set in the environment`);
      const auth: IdAuthentication = { kind: 'idPass', userId: creds.user };
      if (creds.password !== undefined) auth.password = creds.password;
      opts.auth = auth;
    }
    return opts;
  };
  const pool = new SessionPool((signal) => Session.open(sessionOptions(), signal), settings.pool, target);

  // One per adapter, not one per search: it reads nothing of the search.
  const bibContext = { library: context.library, settings };
  const convert = (records: Parameters<typeof z3950RecordsToBib>[0]) => z3950RecordsToBib(records, bibContext);

  const rpnFor = (query: QueryNode) => toRpn(settings.isbnForms === 'both' ? withBothIsbnForms(query) : query, { codec, ...(settings.attributeOverrides ? { overrides: settings.attributeOverrides } : {}) });

  async function search(request: SearchRequest): Promise<SearchResult> {
    let rpn;
    try {
      rpn = rpnFor(request.query);
    } catch (err) {
      if (err instanceof QueryTranslationError) throw zError(err.code, `${target}: ${err.message}`);
      throw err;
    }
    // The PQF is written only when someone reads debug lines: building it costs on every search.
    if (logger.isLevelEnabled('debug')) logger.debug({ pqf: toPqf(rpn) }, 'z3950 search');
    const params = {
      databases: settings.databases,
      rpn,
      start: Math.max(1, request.start),
      count: request.count,
      maxRecords: settings.maxRecords,
      presentChunk: settings.presentChunk,
      preferredRecordSyntax: RECORD_SYNTAX_OIDS[settings.recordSyntax],
      elementSetName: settings.elementSetName,
      piggyback: settings.piggyback,
      codec: recordCodec,
      signal: request.signal,
      convert,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.requestId === undefined ? {} : { referenceId: request.requestId }),
    };
    for (let attempt = 1; ; attempt++) {
      const { session, reused } = await pool.acquire(request.signal);
      let reusable = false;
      try {
        const result = await runSearch(session, params);
        reusable = true;
        return result;
      } catch (err) {
        // A bib-1 diagnostic leaves the association healthy; anything else ends it.
        reusable = err instanceof TargetError && err.diagnostic.source === 'bib1';
        const stale = reused && STALE_SESSION_CODES.has(errorCode(err) ?? '') && !request.signal.aborted;
        if (!stale || attempt >= MAX_ATTEMPTS) throw err;
        logger.debug({ err: (err as Error).message }, 'pooled session had died; retrying on a fresh one');
      } finally {
        pool.release(session, reusable && session.usable);
      }
    }
  }

  // Its own association: the probe's Init asks for more options than a search session needs.
  const probe = ({ signal }: { signal: AbortSignal }) => probeZ3950({ session: sessionOptions(), databases: settings.databases, toRpn: rpnFor, signal });
  return { search, probe, close: () => pool.close() };
}

export const z3950Adapter: AdapterDescriptor<Z3950Settings> = {
  kind: 'z3950',
  settingsSchema: z3950SettingsSchema,
  create: (settings, context) => createZ3950Adapter(settings, context),
  recordCap: (settings) => settings.maxRecords,
};
