/** Failure modes against our own scriptable TCP target. */
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetError } from '../../../src/diagnostics.ts';
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import { encodeClose } from '../../../src/z3950/apdu/close.ts';
import { encodeInitResponse, type InitResponse } from '../../../src/z3950/apdu/init.ts';
import { encodePresentResponse } from '../../../src/z3950/apdu/present.ts';
import { encodeSearchResponse } from '../../../src/z3950/apdu/search.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { Session } from '../../../adapters/z3950/session.ts';
import { startFakeTarget, type FakeConnection, type FakeTarget } from './support/fake-target.ts';
import { bareTerm, sessionOptions } from './support/session.ts';
import { expectNoOpenSockets } from './support/sockets.ts';

const ACCEPT: Omit<InitResponse, 'diagnostics'> = { versions: [1, 2, 3], options: ['search', 'present'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true };

let target: FakeTarget | undefined;
afterEach(async () => {
  await expectNoOpenSockets();
  await target?.stop();
  target = undefined;
});

async function failure(p: Promise<unknown>): Promise<TargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetError);
  return err as TargetError;
}

/** Accepts Init, then lets `afterInit` answer the first request however it likes. */
function initThen(afterInit: (conn: FakeConnection, request: Buffer) => void | Promise<void>) {
  return async (conn: FakeConnection): Promise<void> => {
    await conn.next();
    conn.socket.write(encodeInitResponse(ACCEPT));
    await afterInit(conn, await conn.next());
  };
}

describe('transport and protocol faults', () => {
  it('connection refused → connect-failed', async () => {
    target = await startFakeTarget(() => undefined);
    const port = target.port;
    await target.stop();
    const err = await failure(Session.open(sessionOptions(port)));
    expect(err.diagnostic.code).toBe('connect-failed');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('a connect that never completes → connect-timeout', async () => {
    // A socket that is never told to connect stands in for a black-holed SYN.
    const err = await failure(Session.open(sessionOptions(1, { connectMs: 50 }, { createSocket: () => new Socket() })));
    expect(err.state).toBe('timeout');
    expect(err.diagnostic.code).toBe('connect-timeout');
  });

  it('a silent target → init-timeout', async () => {
    target = await startFakeTarget(async (conn) => {
      await conn.next();
      await conn.closed;
    });
    const err = await failure(Session.open(sessionOptions(target.port, { initMs: 100 })));
    expect(err).toMatchObject({ state: 'timeout', diagnostic: { source: 'gateway', code: 'init-timeout' } });
  });

  it('Init rejected with a diag-1 diagnostic, then Close → init-rejected naming bib-1 1011', async () => {
    target = await startFakeTarget(async (conn) => {
      await conn.next();
      const diag1 = diagFormat(1011, 'bad');
      conn.socket.write(encodeInitResponse({ ...ACCEPT, result: false, userInformationField: { directReference: OID.DIAG1_FORMAT, encoding: { kind: 'single-ASN1-type', element: diag1 } } }));
      conn.socket.end(encodeClose({ closeReason: 'securityViolation' }));
    });
    const err = await failure(Session.open(sessionOptions(target.port)));
    expect(err.state).toBe('error');
    expect(err.diagnostic).toMatchObject({ code: 'init-rejected', addinfo: 'bad' });
    expect(err.message).toMatch(/Init\/AC: Bad Userid and\/or Password \(bib-1 1011\)/);
  });

  it.each([
    ['a reserved length octet (framing)', 'b7ff', /malformed BER/],
    ['a bad end-of-contents (framing)', 'b7800001', /malformed BER/],
    ['a tag with a leading 0x80 inside a whole PDU', 'b7039f8080', /undecodable search response/],
    ['a SearchResponse without resultCount', 'b703960101', /resultCount \[23\] missing/],
  ])('%s → protocol-error, no hang', async (_name, hex, message) => {
    target = await startFakeTarget(initThen((conn) => void conn.socket.write(Buffer.from(hex, 'hex'))));
    const session = await Session.open(sessionOptions(target.port));
    const err = await failure(session.search({ databases: ['db'], query: bareTerm('1') }));
    expect(err.diagnostic.code).toBe('protocol-error');
    expect(err.message).toMatch(message);
  });

  it('a length larger than maxPduBytes → pdu-too-large as soon as the header arrives', async () => {
    target = await startFakeTarget(initThen((conn) => void conn.socket.write(Buffer.from('b78406400000', 'hex'))));
    const session = await Session.open(sessionOptions(target.port));
    const err = await failure(session.search({ databases: ['db'], query: bareTerm('1') }));
    expect(err.diagnostic.code).toBe('pdu-too-large');
  });

  it('the target closes mid-PDU → peer-dropped, mid-PDU', async () => {
    target = await startFakeTarget(initThen((conn) => void conn.socket.end(encodeSearchResponse({ resultCount: 5, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }).subarray(0, 6))));
    const session = await Session.open(sessionOptions(target.port));
    const err = await failure(session.search({ databases: ['db'], query: bareTerm('1') }));
    expect(err.diagnostic.code).toBe('peer-dropped');
    expect(err.message).toMatch(/peer dropped the connection mid-PDU after 6 bytes/);
  });

  it('a Close instead of a SearchResponse → peer-closed with the reason', async () => {
    target = await startFakeTarget(initThen((conn) => void conn.socket.write(encodeClose({ closeReason: 'lackOfActivity', diagnosticInformation: 'idle' }))));
    const session = await Session.open(sessionOptions(target.port));
    const err = await failure(session.search({ databases: ['db'], query: bareTerm('1') }));
    expect(err.diagnostic.code).toBe('peer-closed');
    expect(err.message).toMatch(/lackOfActivity.*idle/);
  });

  it('a PresentResponse where a SearchResponse belongs → protocol-error', async () => {
    target = await startFakeTarget(initThen((conn) => void conn.socket.write(encodePresentResponse({ numberOfRecordsReturned: 0, nextResultSetPosition: 1, presentStatus: 0 }))));
    const session = await Session.open(sessionOptions(target.port));
    const err = await failure(session.search({ databases: ['db'], query: bareTerm('1') }));
    expect(err.diagnostic.code).toBe('protocol-error');
    expect(err.message).toMatch(/expected SearchResponse, got presentResponse/);
  });
});

/** diag-1 DiagnosticFormat with one defaultDiagRec (see apdu.test.ts). */
function diagFormat(condition: number, addinfo: string) {
  const oid = Buffer.from('06072a8648ce130401', 'hex');
  const cond = Buffer.from([0x02, 0x02, condition >> 8, condition & 0xff]);
  const add = Buffer.concat([Buffer.from([0x1b, addinfo.length]), Buffer.from(addinfo)]);
  const body = Buffer.concat([oid, cond, add]);
  const defaultDiag = Buffer.concat([Buffer.from([0xa1, body.length]), body]);
  const choice = Buffer.concat([Buffer.from([0xa1, defaultDiag.length]), defaultDiag]);
  const item = Buffer.concat([Buffer.from([0x30, choice.length]), choice]);
  return decodeBer(Buffer.concat([Buffer.from([0x30, item.length]), item]));
}
