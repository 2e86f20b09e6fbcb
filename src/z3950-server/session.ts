/**
 * One client association: cuts the byte stream into APDUs (size-limited), answers them one at a
 * time in order, and ends with a Close — "finished" when asked, "lackOfActivity" after the idle
 * timeout, "protocolError" on malformed BER or an APDU out of place (only this session ends), or
 * "systemProblem" on an unexpected failure (logged). The federated search of a session that goes
 * away is aborted.
 */
import type { Socket } from 'node:net';
import { DeadlineError } from '../fanout/abort.ts';
import { AfterAnswer } from '../gateway/after-answer.ts';
import { encodeClose } from '../z3950/apdu/close.ts';
import type { ZDiagnostic } from '../z3950/apdu/diag.ts';
import { encodeInitResponse } from '../z3950/apdu/init.ts';
import { encodePresentResponse } from '../z3950/apdu/present.ts';
import { decodeOriginPdu, type OriginPdu } from '../z3950/apdu/requests.ts';
import { encodeScanResponse } from '../z3950/apdu/scan-request.ts';
import { encodeSearchResponse } from '../z3950/apdu/search.ts';
import { encodeSortResponse } from '../z3950/apdu/sort.ts';
import type { CloseReason } from '../z3950/apdu/tags.ts';
import { PduFramer } from '../z3950/pdu-framer.ts';
import { negotiateInit } from './init.ts';
import { present } from './present.ts';
import { scan } from './scan.ts';
import { search } from './search.ts';
import type { FrontEndService } from './service.ts';
import { SessionSets } from './session-sets.ts';
import { sort } from './sort.ts';
import type { SessionState } from './state.ts';

/** APDUs a client may send ahead of the answers (no concurrentOperations: they queue). */
const MAX_QUEUED = 16;
// One decoder for every session: decode() without { stream } keeps no state between calls.
const utf8Decoder = new TextDecoder('utf-8');
const utf8 = (bytes: Buffer): string => utf8Decoder.decode(bytes);

export class FrontEndSession {
  private readonly framer: PduFramer;
  private readonly controller = new AbortController();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private state: SessionState | undefined;
  private idle: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly service: FrontEndService,
    /** Set when admission refused the session: the Init is answered with it. */
    private readonly refusal?: ZDiagnostic,
  ) {
    this.framer = new PduFramer(service.settings.maxPduBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
    this.touch();
  }

  private receive(chunk: Buffer): void {
    if (this.ended) return;
    this.touch();
    let pdus: Buffer[];
    try {
      pdus = this.framer.push(chunk);
    } catch (error) {
      this.close('protocolError', (error as Error).message);
      return;
    }
    for (const bytes of pdus) {
      if (++this.queued > MAX_QUEUED) {
        this.close('resources', `more than ${MAX_QUEUED} requests waiting`);
        return;
      }
      this.chain = this.chain.then(() => this.handle(bytes)).finally(() => (this.queued -= 1));
    }
  }

  private async handle(bytes: Buffer): Promise<void> {
    if (this.ended) return;
    let pdu: OriginPdu;
    try {
      pdu = decodeOriginPdu(bytes);
    } catch (error) {
      this.close('protocolError', `malformed APDU: ${(error as Error).message}`);
      return;
    }
    try {
      await this.dispatch(pdu);
    } catch (error) {
      if (this.ended || (error instanceof DeadlineError && this.controller.signal.aborted)) return;
      this.service.logger?.error({ err: error, pdu: pdu.type }, 'Z39.50 front end: request failed');
      this.close('systemProblem', 'the request failed; the error was logged');
    }
    this.touch();
  }

  private async dispatch(pdu: OriginPdu): Promise<void> {
    if (pdu.type === 'initRequest') {
      if (this.state) return this.close('protocolError', 'second InitializeRequest');
      const outcome = negotiateInit(pdu.pdu, { maxPduBytes: this.service.settings.maxPduBytes, credentials: this.service.credentials, ...(this.refusal ? { refusal: this.refusal } : {}) });
      this.send(encodeInitResponse(outcome.response));
      if (!outcome.accepted) return this.end();
      this.state = {
        sets: new SessionSets(this.service.settings.maxResultSetsPerSession),
        namedResultSets: outcome.namedResultSets,
        messageSize: outcome.messageSize,
        decode: utf8,
        signal: this.controller.signal,
        client: `z3950:${this.socket.remoteAddress ?? 'unknown'}`,
      };
      return;
    }
    if (pdu.type === 'close') {
      this.send(encodeClose({ closeReason: 'finished', ...(pdu.pdu.referenceId ? { referenceId: pdu.pdu.referenceId } : {}) }));
      return this.end();
    }
    const state = this.state;
    if (!state) return this.close('protocolError', `${pdu.type} before InitializeRequest`);
    switch (pdu.type) {
      case 'searchRequest': {
        const after = new AfterAnswer();
        try {
          return this.send(encodeSearchResponse(await search(pdu.pdu, state, this.service, after.defer)));
        } finally {
          // Bookkeeping the response did not wait for, done before the next request is read (search.ts).
          // The response is out: a failure there is logged, not made the session's end.
          after.run((err) => this.service.logger?.error({ err }, 'Z39.50 front end: bookkeeping after the search answered failed'));
        }
      }
      case 'presentRequest':
        return this.send(encodePresentResponse(present(pdu.pdu, state, this.service)));
      case 'scanRequest':
        return this.send(encodeScanResponse(scan(pdu.pdu, state, this.service)));
      case 'sortRequest':
        return this.send(encodeSortResponse(sort(pdu.pdu, state)));
      default:
        return this.close('protocolError', `unsupported APDU [${pdu.tag}]`);
    }
  }

  /** Resolves when every APDU received so far has been answered (tests; shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Restarts the idle timer. */
  private touch(): void {
    if (this.ended) return;
    // Restarted in place (each request touches it two or three times), not a new timer each time.
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => this.close('lackOfActivity', `idle for ${this.service.settings.idleTimeoutSeconds} s`), this.service.settings.idleTimeoutSeconds * 1000);
  }

  private send(bytes: Buffer): void {
    if (!this.ended && !this.socket.destroyed) this.socket.write(bytes);
  }

  /** Sends a Close and ends the association. */
  close(reason: CloseReason, info?: string): void {
    if (this.ended) return;
    this.send(encodeClose({ closeReason: reason, ...(info ? { diagnosticInformation: info.slice(0, 200) } : {}) }));
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idle);
    this.controller.abort(new DeadlineError('cancelled', 'Z39.50 session ended'));
    this.socket.end();
    // A client that never reads must not keep the socket: give it a moment, then destroy.
    setTimeout(() => this.socket.destroy(), 5000).unref();
  }

  private destroy(): void {
    this.end();
    this.socket.destroy();
  }
}
