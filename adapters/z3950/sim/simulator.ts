/**
 * A simulated Z39.50 library: a real TCP server on loopback speaking the same BER codec as the
 * client (Init, Search, Present, Close), over the shared fixture catalogue with the same record
 * selection and matching as the SRU simulator (src/simulation). The demo, tests and benchmarks
 * use it; the gateway talks to it like to any Z39.50 target.
 *
 * Faults, per database, shown where a real target shows them: `hang` never answers the Search;
 * `reset` resets the TCP connection on Search; `diagnostic` fails the Search with bib-1 2;
 * `garbage` answers the Search with bytes that are not BER; `truncated` sends half a
 * SearchResponse and hangs up; `http` answers like a web server on the Z39.50 port.
 * `init-reject` refuses the Init (result FALSE, bib-1 1011) when every database served has it:
 * at Init time the origin has not named a database yet.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { MarcRecord } from '../../../src/records/marc.ts';
import { hasAuthoredCopies, librarySelection, type SimulatedLibraryIdentity } from '../../../src/simulation/holdings.ts';
import { flavourOf, matches, prepareRecord, type PreparedRecord } from '../../../src/simulation/match.ts';
import { BerError } from '../../../src/z3950/ber-types.ts';
import { PduFramer } from '../../../src/z3950/pdu-framer.ts';
import { encodeClose } from '../../../src/z3950/apdu/close.ts';
import { encodeInitResponse } from '../../../src/z3950/apdu/init.ts';
import { encodePresentResponse } from '../../../src/z3950/apdu/present.ts';
import type { NamePlusRecord, Records } from '../../../src/z3950/apdu/records.ts';
import { decodeOriginPdu, type InitRequestIn, type PresentRequestIn, type SearchRequestIn } from '../../../src/z3950/apdu/requests.ts';
import { encodeSearchResponse } from '../../../src/z3950/apdu/search.ts';
import { diag1External, type Z3950Fault } from './faults.ts';
import { EncodedRecord, SERVED_SYNTAXES } from './records.ts';
import { QueryDiagnostic, rpnToQuery } from './query.ts';
import { EXPLAIN_DATABASE, explainHits, simulatedExplain } from './explain.ts';
import type { BerElement } from '../../../src/z3950/ber-types.ts';
import { OID } from '../../../src/z3950/oids.ts';

export interface SimulatedZ3950Library extends SimulatedLibraryIdentity {
  /** Database name the origin searches (several libraries may share one server). */
  database: string;
  latencyMs: number | [number, number];
  fault: Z3950Fault;
  /** MARC flavours served: a CNMARC library keeps only the UNIMARC records of the catalogue. */
  formats?: 'all' | 'marc21' | 'unimarc';
  /** Serves no records (a secondary database of the same server). */
  empty?: boolean;
}

interface Z3950SimulatorStats {
  connections: number;
  inits: number;
  searches: number;
  presents: number;
}

export interface Z3950Simulator {
  host: string;
  port: number;
  setFault(database: string, fault: Z3950Fault): void;
  setLatency(database: string, latencyMs: number | [number, number]): void;
  readonly stats: Z3950SimulatorStats;
  /** Connections currently open on the server side. */
  openConnections(): number;
  close(): Promise<void>;
}

interface Entry {
  prepared: PreparedRecord;
  encoded: EncodedRecord;
}
interface Hit {
  entry: Entry;
  database: string;
}

const MAX_PDU = 1 << 20;
const MAX_RECORDS_PER_PRESENT = 100;
const utf8 = (b: Buffer): string => b.toString('utf8');

export async function startZ3950Simulator(options: { libraries: SimulatedZ3950Library[]; catalogue: readonly MarcRecord[]; port?: number; host?: string }): Promise<Z3950Simulator> {
  const host = options.host ?? '127.0.0.1';
  const libraries = new Map(options.libraries.map((l) => [l.database, { ...l }]));
  const collections = new Map<string, Entry[]>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const stats: Z3950SimulatorStats = { connections: 0, inits: 0, searches: 0, presents: 0 };

  const collection = (lib: SimulatedZ3950Library): Entry[] => {
    let entries = collections.get(lib.database);
    if (!entries) {
      const wanted = lib.formats ?? 'all';
      const held = lib.empty ? [] : librarySelection(options.catalogue, lib, hasAuthoredCopies(options.catalogue, lib.institution));
      entries = held.filter((r) => wanted === 'all' || flavourOf(r) === wanted).map((r) => ({ prepared: prepareRecord(r), encoded: new EncodedRecord(r) }));
      collections.set(lib.database, entries);
    }
    return entries;
  };
  let explain: ReturnType<typeof simulatedExplain> | undefined;
  const explainEntries = () => (explain ??= simulatedExplain([...libraries.values()], (lib) => collection(lib).length));

  function delay(ms: number, socket: Socket): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!socket.destroyed);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        socket.off('close', onClose);
        resolve(!socket.destroyed);
      }, ms);
      const onClose = (): void => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      timers.add(timer);
      socket.once('close', onClose);
    });
  }

  function serve(socket: Socket): void {
    stats.connections += 1;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const framer = new PduFramer(MAX_PDU);
    const resultSets = new Map<string, Hit[]>();
    /** Result sets of IR-Explain-1 searches: Explain records. */
    const explainSets = new Map<string, BerElement[]>();
    let initialized = false;
    let chain = Promise.resolve();

    const closeWith = (reason: 'protocolError' | 'finished', info?: string): void => {
      socket.end(encodeClose({ closeReason: reason, ...(info ? { diagnosticInformation: info } : {}) }));
      initialized = false;
    };

    // One operation at a time per association (no concurrentOperations): requests are queued.
    socket.on('data', (chunk: Buffer) => {
      let pdus: Buffer[];
      try {
        pdus = framer.push(chunk);
      } catch (err) {
        closeWith('protocolError', (err as Error).message);
        return;
      }
      for (const pdu of pdus) {
        chain = chain
          .then(() => handle(pdu))
          .catch(() => {
            socket.destroy();
          });
      }
    });

    async function handle(bytes: Buffer): Promise<void> {
      if (socket.destroyed) return;
      let incoming;
      try {
        incoming = decodeOriginPdu(bytes);
      } catch (err) {
        if (err instanceof BerError) return closeWith('protocolError', err.message);
        throw err;
      }
      switch (incoming.type) {
        case 'initRequest':
          return init(incoming.pdu);
        case 'searchRequest':
          if (!initialized) return closeWith('protocolError', 'Search before Init');
          return search(incoming.pdu);
        case 'presentRequest':
          if (!initialized) return closeWith('protocolError', 'Present before Init');
          return present(incoming.pdu);
        case 'close':
          return closeWith('finished');
        default:
          return closeWith('protocolError', `unsupported APDU ${incoming.type === 'other' ? `[${incoming.tag}]` : incoming.type}`);
      }
    }

    function init(req: InitRequestIn): void {
      stats.inits += 1;
      const all = [...libraries.values()];
      const http = all.length > 0 && all.every((l) => l.fault === 'http');
      if (http) {
        socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>500</body></html>\r\n');
        return;
      }
      const rejected = all.length > 0 && all.every((l) => l.fault === 'init-reject');
      const offered = ['search', 'present', 'namedResultSets'] as const;
      const response = encodeInitResponse({
        ...(req.referenceId ? { referenceId: req.referenceId } : {}),
        versions: [1, 2, 3],
        options: offered.filter((o) => req.options.includes(o)),
        preferredMessageSize: Math.min(req.preferredMessageSize, MAX_PDU),
        exceptionalRecordSize: MAX_PDU,
        result: !rejected,
        implementationId: 'balis-sim',
        implementationName: 'BALIS Z39.50 library simulator',
        implementationVersion: '0.1.0',
        ...(rejected ? { userInformationField: diag1External({ condition: 1011, addinfo: 'simulated init-reject' }) } : {}),
      });
      if (rejected) {
        socket.end(response);
        return;
      }
      initialized = true;
      socket.write(response);
    }

    function failSearch(req: SearchRequestIn, condition: number, addinfo?: string): void {
      const diagnostic = addinfo === undefined ? { condition } : { condition, addinfo };
      socket.write(
        encodeSearchResponse({
          ...(req.referenceId ? { referenceId: req.referenceId } : {}),
          resultCount: 0,
          numberOfRecordsReturned: 0,
          nextResultSetPosition: 0,
          searchStatus: false,
          resultSetStatus: 3,
          records: { kind: 'diagnostics', diagnostics: [diagnostic] },
        }),
      );
    }

    async function search(req: SearchRequestIn): Promise<void> {
      stats.searches += 1;
      const names = req.databaseNames.map(utf8);
      if (names.length === 1 && names[0] === EXPLAIN_DATABASE) return explainSearch(req);
      const libs: SimulatedZ3950Library[] = [];
      for (const name of names) {
        const lib = libraries.get(name);
        if (!lib) return failSearch(req, 109, name);
        libs.push(lib);
      }
      const faulty = libs.find((l) => l.fault !== 'none');
      if (faulty?.fault === 'hang') return; // the origin's search timeout has to end this
      const slowest = Math.max(0, ...libs.map((l) => (Array.isArray(l.latencyMs) ? l.latencyMs[0] + Math.random() * (l.latencyMs[1] - l.latencyMs[0]) : l.latencyMs)));
      if (!(await delay(slowest, socket))) return;
      switch (faulty?.fault) {
        case 'reset':
          socket.resetAndDestroy();
          return;
        case 'garbage':
          socket.end(Buffer.from([0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00]));
          return;
        case 'diagnostic':
          return failSearch(req, 2, 'simulated failure');
        default:
          break;
      }
      let query;
      try {
        query = rpnToQuery(req.query, utf8, [...new Set(libs.flatMap((l) => l.lacks ?? []))]);
      } catch (err) {
        if (err instanceof QueryDiagnostic) return failSearch(req, err.diagnostic.condition, err.diagnostic.addinfo);
        throw err;
      }
      const hits: Hit[] = [];
      for (const lib of libs) for (const entry of collection(lib)) if (matches(entry.prepared, query)) hits.push({ entry, database: lib.database });
      resultSets.set(utf8(req.resultSetName), hits);
      explainSets.delete(utf8(req.resultSetName));
      // Piggy-back (§3.2.2.1.4): all records for a small set, none for a large one, else the medium number.
      const piggy = hits.length === 0 || hits.length >= req.largeSetLowerBound ? 0 : hits.length <= req.smallSetUpperBound ? hits.length : req.mediumSetPresentNumber;
      const count = Math.min(piggy, hits.length, MAX_RECORDS_PER_PRESENT);
      const syntaxOk = req.preferredRecordSyntax === undefined || SERVED_SYNTAXES.has(req.preferredRecordSyntax);
      const records = count > 0 ? (syntaxOk ? recordsOf(hits.slice(0, count), req.preferredRecordSyntax) : undefined) : undefined;
      const response = encodeSearchResponse({
        ...(req.referenceId ? { referenceId: req.referenceId } : {}),
        resultCount: hits.length,
        numberOfRecordsReturned: records ? count : 0,
        nextResultSetPosition: records ? count + 1 : 1,
        searchStatus: true,
        ...(records ? { presentStatus: 0, records } : {}),
      });
      if (faulty?.fault === 'truncated') {
        socket.end(response.subarray(0, Math.max(2, Math.floor(response.length / 2))));
        return;
      }
      socket.write(response);
    }

    function explainSearch(req: SearchRequestIn): void {
      if (req.query.kind !== 'rpn' || req.query.attributeSet !== OID.EXP1_ATTRIBUTES) return failSearch(req, 121, req.query.kind === 'rpn' ? req.query.attributeSet : 'query type');
      const found = explainHits(explainEntries(), req.query.rpn);
      explainSets.set(utf8(req.resultSetName), found);
      resultSets.delete(utf8(req.resultSetName));
      socket.write(encodeSearchResponse({ ...(req.referenceId ? { referenceId: req.referenceId } : {}), resultCount: found.length, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }));
    }

    function recordsOf(hits: Hit[], syntax: string | undefined): Records {
      const records: NamePlusRecord[] = hits.map((h) => ({ databaseName: h.database, record: h.entry.encoded.body(syntax) }));
      return { kind: 'records', records };
    }

    function present(req: PresentRequestIn): void {
      stats.presents += 1;
      const ref = req.referenceId ? { referenceId: req.referenceId } : {};
      const fail = (condition: number, addinfo: string): void => {
        socket.write(encodePresentResponse({ ...ref, numberOfRecordsReturned: 0, nextResultSetPosition: 0, presentStatus: 5, records: { kind: 'diagnostics', diagnostics: [{ condition, addinfo }] } }));
      };
      const explained = explainSets.get(utf8(req.resultSetId));
      if (explained) return presentExplain(req, explained, fail);
      const hits = resultSets.get(utf8(req.resultSetId));
      if (!hits) return fail(30, utf8(req.resultSetId));
      if (req.start < 1 || req.start > hits.length || req.count < 0) return fail(13, String(req.start));
      if (req.preferredRecordSyntax !== undefined && !SERVED_SYNTAXES.has(req.preferredRecordSyntax)) return fail(239, req.preferredRecordSyntax);
      const page = hits.slice(req.start - 1, req.start - 1 + Math.min(req.count, MAX_RECORDS_PER_PRESENT));
      socket.write(encodePresentResponse({ ...ref, numberOfRecordsReturned: page.length, nextResultSetPosition: req.start + page.length, presentStatus: 0, records: recordsOf(page, req.preferredRecordSyntax) }));
    }

    /** Explain records come in the Explain syntax only (any other: 239, as Zebra answers the other way round). */
    function presentExplain(req: PresentRequestIn, found: BerElement[], fail: (condition: number, addinfo: string) => void): void {
      if (req.start < 1 || req.start > found.length || req.count < 0) return fail(13, String(req.start));
      if (req.preferredRecordSyntax !== undefined && req.preferredRecordSyntax !== OID.EXPLAIN) return fail(239, req.preferredRecordSyntax);
      const page = found.slice(req.start - 1, req.start - 1 + Math.min(req.count, MAX_RECORDS_PER_PRESENT));
      const records: NamePlusRecord[] = page.map((element) => ({ databaseName: EXPLAIN_DATABASE, record: { kind: 'retrieval', external: { directReference: OID.EXPLAIN, encoding: { kind: 'single-ASN1-type', element } } } }));
      socket.write(encodePresentResponse({ ...(req.referenceId ? { referenceId: req.referenceId } : {}), numberOfRecordsReturned: page.length, nextResultSetPosition: req.start + page.length, presentStatus: 0, records: { kind: 'records', records } }));
    }
  }

  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host,
    port,
    stats,
    openConnections: () => sockets.size,
    setFault(database, fault) {
      const lib = libraries.get(database);
      if (lib) lib.fault = fault;
    },
    setLatency(database, latencyMs) {
      const lib = libraries.get(database);
      if (lib) lib.latencyMs = latencyMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
