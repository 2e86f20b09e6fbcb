/**
 * A Z39.50 origin session: connect → Init (§3.2.1) → Search (§3.2.2) → Present (§3.2.3) → Close
 * (§3.2.11), each phase with its own timeout. Non-surrogate diagnostics stay data (the caller
 * decides what is fatal); transport and protocol failures are TargetErrors.
 */
import type { Socket } from 'node:net';
import { TargetError } from '../../src/diagnostics.ts';
import { BerError } from '../../src/z3950/ber-types.ts';
import type { TextCodec } from '../../src/adapter-api/text-codec.ts';
import { Connection, type ConnectOptions } from './connection.ts';
import { zError, type Phase } from './errors.ts';
import { encodeClose } from '../../src/z3950/apdu/close.ts';
import { toDiagnostic } from '../../src/z3950/apdu/diag.ts';
import { encodeInitRequest, type IdAuthentication, type InitResponse } from '../../src/z3950/apdu/init.ts';
import { decodeIncomingPdu, PDU_NAMES, type IncomingPdu } from '../../src/z3950/apdu/pdu.ts';
import { encodePresentRequest, type PresentResponse } from '../../src/z3950/apdu/present.ts';
import type { RpnQuery } from '../../src/z3950/apdu/query.ts';
import type { InitOption } from '../../src/z3950/apdu/tags.ts';
import type { External } from '../../src/z3950/external.ts';
import { encodeSearchRequest, type SearchResponse } from '../../src/z3950/apdu/search.ts';

interface SessionTimeouts {
  connectMs: number;
  initMs: number;
  searchMs: number;
  presentMs: number;
}

export interface SessionOptions {
  host: string;
  port: number;
  timeouts: SessionTimeouts;
  maxPduBytes: number;
  codec: TextCodec;
  auth?: IdAuthentication;
  implementationName?: string;
  implementationVersion?: string;
  createSocket?: (host: string, port: number) => Socket;
  /** Init options asked for beyond search, present and namedResultSets (the capability probe asks for all it reports). */
  extraOptions?: InitOption[];
  /** Init otherInfo (the probe's charset-negotiation proposal). */
  initOtherInfo?: External[];
}

export interface SearchParams {
  databases: string[];
  query: RpnQuery;
  resultSetName?: string;
  preferredRecordSyntax?: string;
  /** Records wanted in the SearchResponse itself (piggy-back, §3.2.2.1.4); absent or 0 = none. */
  piggyback?: { count: number; elementSetName?: string };
  /** referenceId (§3.4): the target echoes it and may log it; the gateway sends its request id. */
  referenceId?: string;
}

export interface PresentParams {
  resultSetName?: string;
  start: number;
  count: number;
  preferredRecordSyntax?: string;
  elementSetName?: string;
  referenceId?: string;
}

/** How long a polite Close may take before we just drop the socket. */
const CLOSE_GRACE_MS = 1000;
const DEFAULT_RESULT_SET = 'default';
/** largeSetLowerBound when piggy-backing: no result set counts as large (ZOOM sends the same 2e9). */
const NEVER_LARGE = 2_000_000_000;

export class Session {
  private constructor(
    private readonly conn: Connection,
    private readonly opts: SessionOptions,
    readonly init: InitResponse,
  ) {}

  /** Connects and initializes; rejects with init-rejected (plus the target's diagnostic) on result FALSE. */
  static async open(opts: SessionOptions, signal?: AbortSignal): Promise<Session> {
    const connectOpts: ConnectOptions = { host: opts.host, port: opts.port, connectMs: opts.timeouts.connectMs, maxPduBytes: opts.maxPduBytes };
    if (signal) connectOpts.signal = signal;
    if (opts.createSocket) connectOpts.createSocket = opts.createSocket;
    const conn = await Connection.open(connectOpts);
    try {
      const request = encodeInitRequest(
        {
          // Option bits 0 search, 1 present, 14 namedResultSets; no scan/sort: searches use neither (the probe asks).
          options: ['search', 'present', 'namedResultSets', ...(opts.extraOptions ?? [])],
          ...(opts.initOtherInfo ? { otherInfo: opts.initOtherInfo } : {}),
          preferredMessageSize: opts.maxPduBytes,
          exceptionalRecordSize: opts.maxPduBytes,
          ...(opts.auth ? { idAuthentication: opts.auth } : {}),
          implementationId: 'balis-gateway',
          implementationName: opts.implementationName ?? 'BALIS metasearch gateway',
          implementationVersion: opts.implementationVersion ?? '0.1.0',
        },
        opts.codec.encode,
      );
      const reply = await exchange(conn, request, 'init', opts.timeouts.initMs, opts.codec, signal);
      if (reply.type !== 'initResponse') throw unexpected(conn, reply, 'InitializeResponse');
      const init = reply.pdu;
      if (!init.result) {
        const diag = init.diagnostics[0];
        const detail = diag ? toDiagnostic(diag) : undefined;
        throw zError('init-rejected', `${conn.target}: Init rejected${detail ? `: ${detail.message} (bib-1 ${detail.code})` : ''}`, {
          ...(detail?.addinfo !== undefined ? { addinfo: detail.addinfo } : {}),
          cause: detail,
        });
      }
      if (!init.options.includes('search') || !init.options.includes('present')) {
        throw zError('init-rejected', `${conn.target}: target does not offer search and present`);
      }
      return new Session(conn, opts, init);
    } catch (err) {
      conn.destroy();
      throw err;
    }
  }

  get target(): string {
    return this.conn.target;
  }

  /** Still connected and idle with nothing unexpected received. */
  get usable(): boolean {
    return this.conn.usable;
  }

  /**
   * Search, replacing the named result set. Without `piggyback` no records come back (0/1/0, as
   * yaz-client sends). With it, up to `count` records ride on the response, saving the Present
   * round trip: small = count (a set that small comes whole), large = never, medium = count.
   */
  async search(params: SearchParams, signal?: AbortSignal): Promise<SearchResponse> {
    const piggy = params.piggyback && params.piggyback.count > 0 ? params.piggyback : undefined;
    const esn = piggy?.elementSetName;
    const request = encodeSearchRequest(
      {
        smallSetUpperBound: piggy ? piggy.count : 0,
        largeSetLowerBound: piggy ? NEVER_LARGE : 1,
        mediumSetPresentNumber: piggy ? piggy.count : 0,
        replaceIndicator: true,
        resultSetName: params.resultSetName ?? DEFAULT_RESULT_SET,
        databaseNames: params.databases,
        ...(esn !== undefined ? { smallSetElementSetName: esn, mediumSetElementSetName: esn } : {}),
        ...(params.preferredRecordSyntax !== undefined ? { preferredRecordSyntax: params.preferredRecordSyntax } : {}),
        query: params.query,
        ...(params.referenceId === undefined ? {} : { referenceId: Buffer.from(params.referenceId, 'utf8') }),
      },
      this.opts.codec.encode,
    );
    const reply = await this.guard(exchange(this.conn, request, 'search', this.opts.timeouts.searchMs, this.opts.codec, signal));
    if (reply.type !== 'searchResponse') throw this.fatal(unexpected(this.conn, reply, 'SearchResponse'));
    return reply.pdu;
  }

  async present(params: PresentParams, signal?: AbortSignal): Promise<PresentResponse> {
    const request = encodePresentRequest(
      {
        resultSetId: params.resultSetName ?? DEFAULT_RESULT_SET,
        start: params.start,
        count: params.count,
        ...(params.elementSetName !== undefined ? { elementSetName: params.elementSetName } : {}),
        ...(params.preferredRecordSyntax !== undefined ? { preferredRecordSyntax: params.preferredRecordSyntax } : {}),
        ...(params.referenceId === undefined ? {} : { referenceId: Buffer.from(params.referenceId, 'utf8') }),
      },
      this.opts.codec.encode,
    );
    const reply = await this.guard(exchange(this.conn, request, 'present', this.opts.timeouts.presentMs, this.opts.codec, signal));
    if (reply.type !== 'presentResponse') throw this.fatal(unexpected(this.conn, reply, 'PresentResponse'));
    return reply.pdu;
  }

  /** Test seam and escape hatch: send any APDU and read the reply under a phase's timeout. */
  async raw(pdu: Buffer, phase: Phase, timeoutMs: number, signal?: AbortSignal): Promise<IncomingPdu> {
    return this.guard(exchange(this.conn, pdu, phase, timeoutMs, this.opts.codec, signal));
  }

  /** Sends Close (finished), waits briefly for the target's Close, then ends the socket. Never throws. */
  async close(): Promise<void> {
    // With an operation in flight a Close would be read as its answer: just drop the line then.
    if (this.conn.busy) return this.destroy();
    if (this.conn.usable) {
      try {
        await this.conn.request(encodeClose({ closeReason: 'finished' }), 'close', CLOSE_GRACE_MS);
      } catch {
        // The target may just drop the line after our Close; either way we are done.
      }
    }
    await this.conn.end(CLOSE_GRACE_MS);
  }

  destroy(): void {
    this.conn.destroy();
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      throw this.fatal(err);
    }
  }

  private fatal(err: unknown): unknown {
    this.conn.destroy();
    return err;
  }
}

async function exchange(conn: Connection, pdu: Buffer, phase: Phase, timeoutMs: number, codec: TextCodec, signal?: AbortSignal): Promise<IncomingPdu> {
  const bytes = await conn.request(pdu, phase, timeoutMs, signal);
  let reply: IncomingPdu;
  try {
    reply = decodeIncomingPdu(bytes, codec.decode);
  } catch (err) {
    if (err instanceof BerError) throw zError('protocol-error', `${conn.target}: undecodable ${phase} response: ${err.message}`, { cause: err });
    throw err;
  }
  if (reply.type === 'close') {
    const info = reply.pdu.diagnosticInformation;
    throw zError('peer-closed', `${conn.target}: target closed the association (${String(reply.pdu.closeReason)})${info ? `: ${info}` : ''}`);
  }
  return reply;
}

function unexpected(conn: Connection, reply: IncomingPdu, wanted: string): TargetError {
  const got = reply.type === 'other' ? (PDU_NAMES[reply.tag] ?? `PDU [${reply.tag}]`) : reply.type;
  return zError('protocol-error', `${conn.target}: expected ${wanted}, got ${got}`);
}
