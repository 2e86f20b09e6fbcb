/** A bare Z39.50 origin over a socket for front-end tests: send APDU bytes, read whole APDUs back. */
import { connect, type Socket } from 'node:net';
import { decodeIncomingPdu, type IncomingPdu } from '../../../src/z3950/apdu/pdu.ts';
import { encodeInitRequest, type InitRequest } from '../../../src/z3950/apdu/init.ts';
import { encodeSearchRequest } from '../../../src/z3950/apdu/search.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { PduFramer } from '../../../src/z3950/pdu-framer.ts';

export class RawClient {
  private readonly framer = new PduFramer(16 * 1024 * 1024);
  private readonly queue: Buffer[] = [];
  private waiter: ((pdu: Buffer | undefined) => void) | undefined;
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const pdu of this.framer.push(chunk)) this.deliver(pdu);
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiter?.(undefined);
      this.waiter = undefined;
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private deliver(pdu: Buffer): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(pdu);
    } else this.queue.push(pdu);
  }

  send(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** The next APDU, or undefined once the server closed the connection. */
  next(): Promise<IncomingPdu | undefined> {
    const ready = this.queue.shift();
    if (ready) return Promise.resolve(decodeIncomingPdu(ready));
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiter = (pdu) => resolve(pdu ? decodeIncomingPdu(pdu) : undefined);
    });
  }

  async request(bytes: Buffer): Promise<IncomingPdu | undefined> {
    this.send(bytes);
    return this.next();
  }

  async init(extra: Partial<InitRequest> = {}): Promise<IncomingPdu | undefined> {
    return this.request(encodeInitRequest({ options: ['search', 'present', 'scan', 'sort', 'namedResultSets'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, ...extra }));
  }

  close(): void {
    this.socket.destroy();
  }
}

export function titleSearch(term: string, resultSetName = 'default', databases = ['Default']): Buffer {
  return encodeSearchRequest({
    smallSetUpperBound: 0,
    largeSetLowerBound: 1,
    mediumSetPresentNumber: 0,
    replaceIndicator: true,
    resultSetName,
    databaseNames: databases,
    query: { attributeSet: OID.BIB1_ATTRIBUTES, rpn: { kind: 'term', attributes: [{ type: 1, value: 4 }], term: Buffer.from(term, 'utf8'), text: term } },
  });
}
