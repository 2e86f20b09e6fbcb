/**
 * A simulated SRU library: a real HTTP server on loopback that answers searchRetrieve and
 * explain over its own fixture catalogue, with configurable latency and faults. The demo,
 * the tests and the benchmarks all use it; the gateway talks to it like to any SRU server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CqlError } from '../../../src/query/cql/errors.ts';
import { DEFAULT_CONTEXT_SETS } from '../../../src/query/cql/context-sets.ts';
import { parseCql } from '../../../src/query/cql/parser.ts';
import { cqlToQuery } from '../../../src/query/cql/to-query.ts';
import { indexesUsed, type QueryNode, type SearchField } from '../../../src/query/model.ts';
import type { MarcRecord } from '../../../src/records/marc.ts';
import { marcRecordToXml } from '../../../src/records/marcxml/write.ts';
import { hasAuthoredCopies, librarySelection, type SimulatedLibraryIdentity } from '../../../src/simulation/holdings.ts';
import { matches, prepareRecord, type PreparedRecord } from '../../../src/simulation/match.ts';
import { searchRetrieveXml, type SruDiagnosticOut, type SruVersion } from '../../../src/sru/write.ts';
import { readRequestBody, startSimulatorHttpServer } from '../../../src/simulation/http-server.ts';

export type SruFault = 'none' | 'hang' | 'http500' | 'garbage' | 'html' | 'truncated' | 'diagnostic' | 'reset' | 'http401' | 'http429' | 'wrong-charset';

export interface SimulatedSruLibrary extends SimulatedLibraryIdentity {
  /** Path segment of the base URL (http://127.0.0.1:PORT/<database>). */
  database: string;
  latencyMs: number | [number, number];
  fault: SruFault;
  /**
   * A failing server (disk filling, pool exhausted): each request takes `factor` × the previous
   * one's time, from `latencyMs` on, up to `ceilingMs`, where it stays (past any client's
   * timeout: it has stopped answering in time). Every request counts, searches and explains alike.
   */
  degrade?: { factor: number; ceilingMs: number };
}

export interface SruSimulator {
  port: number;
  url(database: string): string;
  setFault(database: string, fault: SruFault): void;
  setLatency(database: string, latencyMs: number | [number, number]): void;
  /** Requests answered so far, per database (tests check "always sends maximumRecords" etc.), with the latency each was given. */
  readonly requests: { database: string; params: Record<string, string>; latencyMs: number }[];
  close(): Promise<void>;
}

/** The most records one request gets (larger maximumRecords are cut to it, as Zebra's front end does). */
const SIM_MAXIMUM_RECORDS = 100;
const MARCXML_SCHEMAS = new Set(['marcxml', 'info:srw/schema/1/marcxml-v1.1', 'info:srw/schema/1/marcxml-1.1', 'http://www.loc.gov/MARC21/slim']);

export async function startSruSimulator(options: { libraries: SimulatedSruLibrary[]; catalogue: readonly MarcRecord[]; port?: number; host?: string }): Promise<SruSimulator> {
  const host = options.host ?? '127.0.0.1';
  const libraries = new Map(options.libraries.map((l) => [l.database, { ...l }]));
  // Each library's records, prepared once: folded texts for matching, MARCXML for answering.
  const holdingsCache = new Map<string, { prepared: PreparedRecord; xml: string }[]>();
  const requests: SruSimulator['requests'] = [];
  /** Requests received per database (a degrading library's answers slow down with each). */
  const asked = new Map<string, number>();

  const collection = (lib: SimulatedSruLibrary) => {
    let held = holdingsCache.get(lib.id);
    if (!held) {
      held = librarySelection(options.catalogue, lib, hasAuthoredCopies(options.catalogue, lib.institution)).map((r) => ({ prepared: prepareRecord(r), xml: marcRecordToXml(r) }));
      holdingsCache.set(lib.id, held);
    }
    return held;
  };


  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
    const lib = libraries.get(database);
    if (!lib) {
      // Zebra answers an unknown database with an HTML 404, not an SRU diagnostic.
      res.writeHead(404, { 'Content-Type': 'text/html' }).end(`<html><body><h1>404 Database ${escapeHtml(database)} not found</h1></body></html>`);
      return;
    }
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(await readRequestBody(req))));
    const drawn = Array.isArray(lib.latencyMs) ? lib.latencyMs[0] + Math.random() * (lib.latencyMs[1] - lib.latencyMs[0]) : lib.latencyMs;
    const latency = lib.degrade ? degradedLatency(drawn, lib.degrade, asked.get(database) ?? 0) : drawn;
    asked.set(database, (asked.get(database) ?? 0) + 1);
    requests.push({ database, params, latencyMs: latency });
    if (lib.fault === 'hang') return; // holds the socket open until the client gives up
    if (latency > 0) {
      const waited = await server.delay(latency, req);
      if (!waited) return;
    }
    switch (lib.fault) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'http500':
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
        return;
      case 'garbage':
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0xfe, 0x3c, 0x3f, 0x00, 0x12]));
        return;
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>登录</title></head><body><form>请登录</form></body></html>');
        return;
      case 'http401':
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Basic realm="SRU"' }).end('Unauthorized');
        return;
      case 'http429':
        res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '30' }).end('Too Many Requests');
        return;
      default:
        break;
    }
    const body = answer(lib, params);
    const xml = lib.fault === 'truncated' ? body.slice(0, Math.floor(body.length / 2)) : body;
    // wrong-charset: the HTTP label says Latin-1; the bytes (and the XML declaration) are UTF-8.
    res.writeHead(200, { 'Content-Type': `text/xml; charset=${lib.fault === 'wrong-charset' ? 'iso-8859-1' : 'utf-8'}` }).end(xml);
  }

  function answer(lib: SimulatedSruLibrary, params: Record<string, string>): string {
    const version: SruVersion = params.version === '1.1' || params.version === '2.0' ? params.version : '1.2';
    const fail = (d: SruDiagnosticOut) => searchRetrieveXml({ version, numberOfRecords: 0, records: [], diagnostics: [d] });
    if (params.version && !['1.1', '1.2', '2.0'].includes(params.version)) return fail({ code: 5, details: '1.2', message: 'Unsupported version' });
    if (lib.fault === 'diagnostic') return fail({ code: 2, message: 'System temporarily unavailable' });
    const operation = params.operation ?? (params.query ? 'searchRetrieve' : 'explain');
    if (operation === 'explain') return explainXml(lib, version);
    if (operation !== 'searchRetrieve') return fail({ code: 4, details: operation, message: 'Unsupported operation' });
    if (!params.query) return fail({ code: 7, details: 'query', message: 'Mandatory parameter not supplied' });
    const schema = params.recordSchema ?? 'marcxml';
    if (!MARCXML_SCHEMAS.has(schema)) return fail({ code: 66, details: schema, message: 'Unknown schema for retrieval' });
    const start = params.startRecord === undefined ? 1 : Number(params.startRecord);
    // Like Zebra: without maximumRecords a client gets the count only.
    const maximum = params.maximumRecords === undefined ? 0 : Number(params.maximumRecords);
    if (!Number.isInteger(start) || start < 1) return fail({ code: 6, details: 'startRecord', message: 'Unsupported parameter value' });
    if (!Number.isInteger(maximum) || maximum < 0) return fail({ code: 6, details: 'maximumRecords', message: 'Unsupported parameter value' });

    let query: QueryNode;
    try {
      query = cqlToQuery(parseCql(params.query));
    } catch (error) {
      if (error instanceof CqlError) return fail({ code: error.diagnostic, details: error.details, message: error.message });
      throw error;
    }
    const lacking = indexesUsed(query).find((field) => lib.lacks?.includes(field));
    if (lacking) return fail({ code: 16, details: lacking, message: 'Unsupported index' });
    const hits = collection(lib).filter((r) => matches(r.prepared, query));
    if (hits.length > 0 && start > hits.length) return fail({ code: 61, message: 'First record position out of range' });
    const page = hits.slice(start - 1, start - 1 + Math.min(maximum, SIM_MAXIMUM_RECORDS));
    const escaping = params.recordPacking === 'string' || params.recordXMLEscaping === 'string' ? 'string' : 'xml';
    const next = start - 1 + page.length < hits.length && page.length > 0 ? start + page.length : undefined;
    return searchRetrieveXml({
      version,
      numberOfRecords: hits.length,
      records: page.map((r, i) => ({ schema: 'info:srw/schema/1/marcxml-v1.1', xml: r.xml, position: start + i, escaping })),
      ...(next === undefined ? {} : { nextRecordPosition: next }),
    });
  }

  const server = await startSimulatorHttpServer(handle, { host, ...(options.port === undefined ? {} : { port: options.port }) });
  const port = server.port;

  return {
    port,
    requests,
    url: (database) => `http://${host}:${port}/${encodeURIComponent(database)}`,
    setFault(database, fault) {
      const lib = libraries.get(database);
      if (lib) lib.fault = fault;
    },
    setLatency(database, latencyMs) {
      const lib = libraries.get(database);
      if (lib) lib.latencyMs = latencyMs;
    },
    close: () => server.close(),
  };
}


/** The time of a degrading library's request number `n` (0 = the first): base × factor^n, at most the ceiling. */
function degradedLatency(base: number, degrade: { factor: number; ceilingMs: number }, n: number): number {
  return Math.min(degrade.ceilingMs, base * degrade.factor ** n);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The CQL indexes the simulator reads (src/query/cql/index-map.ts), by field, as its explain lists them. */
const EXPLAINED: readonly { set: string; name: string; field: SearchField; title: string }[] = [
  { set: 'dc', name: 'title', field: 'title', title: '题名' },
  { set: 'dc', name: 'creator', field: 'author', title: '责任者' },
  { set: 'bath', name: 'name', field: 'author', title: '责任者' },
  { set: 'dc', name: 'subject', field: 'subject', title: '主题' },
  { set: 'dc', name: 'publisher', field: 'publisher', title: '出版者' },
  { set: 'dc', name: 'date', field: 'year', title: '出版年' },
  { set: 'bath', name: 'isbn', field: 'isbn', title: 'ISBN' },
  { set: 'bath', name: 'issn', field: 'issn', title: 'ISSN' },
  { set: 'cql', name: 'serverChoice', field: 'keyword', title: '任意词' },
];

function explainXml(lib: SimulatedSruLibrary, version: SruVersion): string {
  const ns = version === '2.0' ? 'http://docs.oasis-open.org/ns/search-ws/sruResponse' : 'http://www.loc.gov/zing/srw/';
  const sets = Object.entries(DEFAULT_CONTEXT_SETS).filter(([name]) => ['cql', 'dc', 'bath'].includes(name)).map(([name, uri]) => `<set name="${name}" identifier="${uri}"/>`).join('');
  const indexes = EXPLAINED.filter((i) => !lib.lacks?.includes(i.field))
    .map((i) => `<index search="true" scan="false" sort="false"><title lang="zh">${i.title}</title><map><name set="${i.set}">${i.name}</name></map></index>`)
    .join('');
  const zeerex = [
    `<explain xmlns="http://explain.z3950.org/dtd/2.0/"><serverInfo protocol="SRU" version="${version}"><host>127.0.0.1</host><database>${escapeHtml(lib.database)}</database></serverInfo>`,
    `<databaseInfo><title>${escapeHtml(lib.branchName)}</title></databaseInfo>`,
    `<indexInfo>${sets}${indexes}</indexInfo>`,
    '<schemaInfo><schema identifier="info:srw/schema/1/marcxml-v1.1" name="marcxml" retrieve="true"><title>MARCXML</title></schema></schemaInfo>',
    `<configInfo><default type="numberOfRecords">0</default><setting type="maximumRecords">${SIM_MAXIMUM_RECORDS}</setting><default type="contextSet">cql</default></configInfo></explain>`,
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<zs:explainResponse xmlns:zs="${ns}">${version === '2.0' ? '' : `<zs:version>${version}</zs:version>`}<zs:record><zs:recordSchema>http://explain.z3950.org/dtd/2.0/</zs:recordSchema><zs:recordPacking>xml</zs:recordPacking><zs:recordData>${zeerex}</zs:recordData></zs:record></zs:explainResponse>\n`;
}
