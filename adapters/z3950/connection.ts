/**
 * One TCP association: owns the node:net socket and the PDU framer, sends APDUs and
 * hands back whole received APDUs one at a time (Z39.50 runs one operation at a time
 * per association unless concurrentOperations is agreed, §3.2.1.1.6, so one waiter suffices).
 * Every failure becomes a TargetError; after one the connection is unusable and its socket
 * destroyed, so a late reply can never be read as the answer to the next request.
 */
import { Socket, connect as netConnect } from 'node:net';
import { BerError } from '../../src/z3950/ber-types.ts';
import { abortError, timeoutError, zError, type Phase } from './errors.ts';
import { PduFramer, PduTooLargeError } from '../../src/z3950/pdu-framer.ts';
import type { TargetError } from '../../src/diagnostics.ts';

export interface ConnectOptions {
  host: string;
  port: number;
  connectMs: number;
  maxPduBytes: number;
  signal?: AbortSignal;
  /** Test seam: makes the socket (default: node:net connect). */
  createSocket?: (host: string, port: number) => Socket;
}

const liveSockets = new Set<Socket>();
let drainWaiters: (() => void)[] = [];

/** Sockets created here and not yet closed: tests assert this returns to 0. */
export function openSocketCount(): number {
  return liveSockets.size;
}

/** Resolves once every socket created here has emitted 'close' (destroy() closes on a later tick). */
export function socketsDrained(): Promise<void> {
  if (liveSockets.size === 0) return Promise.resolve();
  return new Promise((resolve) => drainWaiters.push(resolve));
}

function forget(socket: Socket): void {
  liveSockets.delete(socket);
  if (liveSockets.size > 0) return;
  const waiters = drainWaiters;
  drainWaiters = [];
  for (const w of waiters) w();
}

/**
 * Reads land in one buffer per association (node:net `onread`): no stream machinery and no
 * fresh Buffer per read on the path every response takes; the framer copies what it keeps.
 */
const READ_BUFFER_BYTES = 64 * 1024;

/** Where a socket opened with `onread` delivers its bytes once the Connection exists. */
interface ReadSink {
  chunk(bytes: Buffer): void;
}

export class Connection {
  readonly target: string;
  private readonly framer: PduFramer;
  private readonly queue: Buffer[] = [];
  /**
   * The pending receive: its promise's settle functions, timer and signal. Kept as fields, with
   * the timeout and abort handlers made once per connection: a receive used to make five
   * closures and a waiter object, on the path of every request.
   */
  private resolveWait: ((pdu: Buffer) => void) | null = null;
  private rejectWait: ((err: TargetError) => void) | null = null;
  private waitTimer: NodeJS.Timeout | undefined;
  private waitSignal: AbortSignal | undefined;
  private waitPhase: Phase = 'init';
  private waitMs = 0;
  private readonly onWaitTimeout = (): void => this.fail(timeoutError(this.waitPhase, this.waitMs, this.target));
  private readonly onWaitAbort = (): void => this.fail(abortError(this.waitSignal!, this.target));
  private failure: TargetError | null = null;
  private socketError: NodeJS.ErrnoException | null = null;

  private constructor(
    private readonly socket: Socket,
    opts: ConnectOptions,
    sink: ReadSink | null,
  ) {
    this.target = `${opts.host}:${opts.port}`;
    this.framer = new PduFramer(opts.maxPduBytes);
    // The `onread` buffer is overwritten by the next read: PDUs are copied out of it.
    if (sink) sink.chunk = (bytes) => this.onData(bytes, true);
    else socket.on('data', (chunk: Buffer) => this.onData(chunk, false));
    socket.on('error', (err: NodeJS.ErrnoException) => (this.socketError = err));
    socket.on('close', () => this.fail(this.droppedError()));
  }

  static open(opts: ConnectOptions): Promise<Connection> {
    const target = `${opts.host}:${opts.port}`;
    if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal, target));
    const sink: ReadSink | null = opts.createSocket ? null : { chunk: () => undefined };
    const socket = opts.createSocket
      ? opts.createSocket(opts.host, opts.port)
      : netConnect({
          host: opts.host,
          port: opts.port,
          onread: {
            buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
            callback: (bytes: number, buf: Uint8Array) => {
              sink!.chunk(Buffer.from(buf.buffer, buf.byteOffset, bytes));
              return true;
            },
          },
        });
    liveSockets.add(socket);
    socket.once('close', () => forget(socket));
    socket.setNoDelay(true);
    return new Promise((resolve, reject) => {
      const settle = (err: TargetError | null): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        socket.off('connect', onConnect);
        socket.off('error', onError);
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          resolve(new Connection(socket, opts, sink));
        }
      };
      const onConnect = (): void => settle(null);
      const onError = (err: NodeJS.ErrnoException): void =>
        settle(zError('connect-failed', `${target}: cannot connect (${err.code ?? err.message})`, { cause: err }));
      const onAbort = (): void => settle(abortError(opts.signal!, target));
      const timer = setTimeout(() => settle(timeoutError('connect', opts.connectMs, target)), opts.connectMs);
      socket.once('connect', onConnect);
      socket.once('error', onError);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** False once the peer closed, an error happened, or a PDU arrived that nobody asked for. */
  get usable(): boolean {
    return this.failure === null && this.queue.length === 0 && !this.socket.destroyed && this.socket.readyState === 'open';
  }

  /** A request is waiting for its response. */
  get busy(): boolean {
    return this.resolveWait !== null;
  }

  send(pdu: Buffer): void {
    if (this.failure) throw this.failure;
    this.socket.write(pdu);
  }

  /** Next PDU from the peer, or a TargetError (timeout named by `phase`, drop, malformed BER, abort). */
  receive(phase: Phase, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
    // One outstanding operation per association (no concurrentOperations): a second reader is a bug.
    if (this.resolveWait) return Promise.reject(new Error(`${this.target}: a receive is already pending`));
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) {
      const err = abortError(signal, this.target);
      this.fail(err);
      return Promise.reject(err);
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.resolveWait = resolve;
      this.rejectWait = reject;
      this.waitPhase = phase;
      this.waitMs = timeoutMs;
      this.waitTimer = setTimeout(this.onWaitTimeout, timeoutMs);
      if (signal) {
        this.waitSignal = signal;
        signal.addEventListener('abort', this.onWaitAbort, { once: true });
      }
    });
  }

  /** Ends the pending receive's timer and abort listener (its promise is settled by the caller). */
  private endWait(): void {
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.waitSignal?.removeEventListener('abort', this.onWaitAbort);
    this.waitSignal = undefined;
    this.resolveWait = null;
    this.rejectWait = null;
  }

  /** send + receive. */
  request(pdu: Buffer, phase: Phase, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
    this.send(pdu);
    return this.receive(phase, timeoutMs, signal);
  }

  /** Half-closes and waits for the peer to close (at most `graceMs`), then destroys. */
  end(graceMs: number): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), graceMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.fail(zError('peer-dropped', `${this.target}: connection closed by the gateway`));
      this.socket.end();
    });
  }

  destroy(): void {
    this.fail(zError('peer-dropped', `${this.target}: connection closed by the gateway`));
    this.socket.destroy();
  }

  private onData(chunk: Buffer, transient: boolean): void {
    let pdus: Buffer[];
    try {
      pdus = this.framer.push(chunk, transient);
    } catch (err) {
      const e =
        err instanceof PduTooLargeError
          ? zError('pdu-too-large', `${this.target}: ${err.message}`, { cause: err })
          : zError('protocol-error', `${this.target}: malformed BER from target: ${(err as BerError).message}`, { cause: err });
      this.fail(e);
      return;
    }
    for (const pdu of pdus) {
      const resolve = this.resolveWait;
      if (resolve) {
        this.endWait();
        resolve(pdu);
      } else this.queue.push(pdu);
    }
  }

  private droppedError(): TargetError {
    const detail = this.framer.pending > 0 ? ` mid-PDU after ${this.framer.pending} bytes` : '';
    const cause = this.socketError ? ` (${this.socketError.code ?? this.socketError.message})` : '';
    return zError('peer-dropped', `${this.target}: peer dropped the connection${detail}${cause}`, { cause: this.socketError ?? undefined });
  }

  /** First failure wins; the socket goes, the pending receive (if any) rejects. */
  private fail(err: TargetError): void {
    if (!this.failure) this.failure = err;
    if (!this.socket.destroyed && err.diagnostic.code !== 'peer-dropped') this.socket.destroy();
    const reject = this.rejectWait;
    if (reject) {
      this.endWait();
      reject(this.failure);
    }
  }
}
