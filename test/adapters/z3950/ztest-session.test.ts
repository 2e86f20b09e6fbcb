/** Session against a real yaz-ztest on loopback (test/peers/ztest.ts). */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describePeer } from '../../peers/availability.ts';
import { startYazZtest, type YazZtestPeer } from '../../peers/ztest.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { openSocketCount } from '../../../adapters/z3950/connection.ts';
import { expectNoOpenSockets } from './support/sockets.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { extractRecord } from '../../../adapters/z3950/records.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { encodeScanRequest } from '../../../src/z3950/apdu/scan.ts';
import { Session } from '../../../adapters/z3950/session.ts';
import { bareTerm, sessionOptions } from './support/session.ts';

async function rejection(p: Promise<unknown>): Promise<TargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetError);
  return err as TargetError;
}

describePeer('Z39.50 session against yaz-ztest', ['yaz'], () => {
  let peer: YazZtestPeer;
  beforeAll(async () => {
    peer = await startYazZtest();
  });
  afterAll(() => peer?.stop());
  afterEach(() => expectNoOpenSockets());

  it('initializes, finds 12, presents USMARC records in two chunks, closes', async () => {
    const session = await Session.open(sessionOptions(peer.port));
    expect(session.init).toMatchObject({ result: true, implementationName: 'GFS/YAZ', versions: [1, 2, 3] });
    const found = await session.search({ databases: ['Default'], query: bareTerm('12') });
    expect(found).toMatchObject({ resultCount: 12, searchStatus: true, numberOfRecordsReturned: 0 });
    const first = await session.present({ start: 1, count: 5, preferredRecordSyntax: OID.USMARC, elementSetName: 'F' });
    const second = await session.present({ start: 6, count: 7, preferredRecordSyntax: OID.USMARC, elementSetName: 'F' });
    expect([first.numberOfRecordsReturned, second.numberOfRecordsReturned]).toEqual([5, 7]);
    expect(second.nextResultSetPosition).toBe(13);
    const records = [first, second].flatMap((p) => (p.records?.kind === 'records' ? p.records.records : []));
    const extracted = records.map((r, i) => extractRecord(r, i + 1, textCodec('utf-8')));
    for (const o of extracted) {
      // ISO 2709: the leader's first five digits give the record length, the last byte is 0x1D.
      const bytes = o.ok && o.record.syntax === 'usmarc' ? o.record.bytes : Buffer.alloc(0);
      expect(Number(bytes.subarray(0, 5).toString())).toBe(bytes.length);
      expect(bytes.at(-1)).toBe(0x1d);
    }
    expect(session.usable).toBe(true);
    await session.close();
    expect(openSocketCount()).toBe(0);
  });

  it('presents OPAC records with holdings', async () => {
    const session = await Session.open(sessionOptions(peer.port));
    await session.search({ databases: ['Default'], query: bareTerm('3') });
    const page = await session.present({ start: 1, count: 2, preferredRecordSyntax: OID.OPAC });
    const outcomes = (page.records?.kind === 'records' ? page.records.records : []).map((r, i) => extractRecord(r, i + 1, textCodec('utf-8')));
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.ok && o.record.syntax === 'opac' && o.record.opac.holdings[0]?.kind).toBe('holdingsAndCirc');
    }
    await session.close();
  });

  it('unknown database → non-surrogate diagnostic 109; present beyond the hits → 13; the session stays usable', async () => {
    const session = await Session.open(sessionOptions(peer.port));
    const bad = await session.search({ databases: ['Nope'], query: bareTerm('12') });
    expect(bad.searchStatus).toBe(false);
    expect(bad.records).toEqual({ kind: 'diagnostics', diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 109, addinfo: 'Nope' }] });
    await session.search({ databases: ['Default'], query: bareTerm('12') });
    const beyond = await session.present({ start: 13, count: 1, preferredRecordSyntax: OID.USMARC });
    expect(beyond.records?.kind === 'diagnostics' && beyond.records.diagnostics[0]?.condition).toBe(13);
    expect(session.usable).toBe(true);
    await session.close();
  });

  it('a search slower than searchMs → search-timeout (state timeout), socket destroyed', async () => {
    const session = await Session.open(sessionOptions(peer.port, { searchMs: 300 }));
    const err = await rejection(session.search({ databases: ['Slow3'], query: bareTerm('1') }));
    expect(err.state).toBe('timeout');
    expect(err.diagnostic).toMatchObject({ source: 'gateway', code: 'search-timeout' });
    expect(session.usable).toBe(false);
  });

  it('Scan makes ztest’s session process exit → peer-dropped', async () => {
    const session = await Session.open(sessionOptions(peer.port));
    const err = await rejection(session.raw(encodeScanRequest(['Default'], 'computer'), 'search', 3000));
    expect(err.state).toBe('error');
    expect(err.diagnostic.code).toBe('peer-dropped');
    expect(err.message).toMatch(/peer dropped the connection/);
  });

  it('an aborted search destroys the socket at once', async () => {
    const session = await Session.open(sessionOptions(peer.port));
    const controller = new AbortController();
    const pending = session.search({ databases: ['Slow3'], query: bareTerm('1') }, controller.signal);
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const err = await rejection(pending);
    expect(err.diagnostic.code).toBe('aborted');
    expect(err.state).toBe('timeout');
    expect(session.usable).toBe(false);
  });
});
