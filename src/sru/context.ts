/** What every operation handler gets: the service, the config-derived tables, the request. */
import type { LibraryConfig, SruSettings } from '../config/schema.ts';
import type { Gateway } from '../gateway/index.ts';
import type { Logger } from '../logging.ts';
import type { DatabaseCatalog, VirtualDatabase } from './databases.ts';
import type { SruParams } from './params.ts';
import type { RenderContext } from './schemas/registry.ts';
import type { TermIndex } from './term-index.ts';
import type { SruDiagnosticOut, SruVersion } from './write.ts';

export interface SruService {
  gateway: Gateway;
  settings: SruSettings;
  catalog: DatabaseCatalog;
  libraries: ReadonlyMap<string, LibraryConfig>;
  render: RenderContext;
  terms: TermIndex;
  logger?: Logger;
}

export interface OperationRequest {
  params: SruParams;
  version: SruVersion;
  database: VirtualDatabase;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Who asks (admission fairness, src/http/client-key.ts). */
  client: string;
  /** The access log's id for this HTTP request, passed on to the libraries. */
  requestId?: string;
  /** Where the client reached us (explain's serverInfo). */
  host: string;
  port: number;
  /** Non-fatal diagnostics found while reading the request (e.g. 110 for a stylesheet). */
  warnings: SruDiagnosticOut[];
  /**
   * Takes bookkeeping the response does not need (keeping the set, the scan index, the search's
   * log line and metrics); the router runs it right after sending the response, in the same turn,
   * so a request that follows finds it done (gateway.ts SearchOptions.defer). Absent: done at once.
   */
  defer?: (work: () => void) => void;
}

/** Record packing of the request: 1.x recordPacking xml|string; 2.0 recordXMLEscaping + recordPacking packed|unpacked. */
export interface Packing {
  escaping: 'xml' | 'string';
  packing?: 'packed' | 'unpacked';
}
