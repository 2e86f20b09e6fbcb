/** One search's Search/Present sequence: the next Present is on the wire before a chunk is decoded. */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { TargetError } from '../../../src/diagnostics.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import { encodeInitResponse } from '../../../src/z3950/apdu/init.ts';
import type { NamePlusRecord } from '../../../src/z3950/apdu/records.ts';
import { encodeSearchResponse } from '../../../src/z3950/apdu/search.ts';
import { OID } from '../../../src/z3950/oids.ts';
import type { ExtractedRecord } from '../../../adapters/z3950/records.ts';
import { runSearch, type FlowParams } from '../../../adapters/z3950/search-flow.ts';
import { Session } from '../../../adapters/z3950/session.ts';
import { describePeer } from '../../peers/availability.ts';
import { startYazZtest, type YazZtestPeer } from '../../peers/ztest.ts';
import { startFakeTarget, type FakeTarget } from './support/fake-target.ts';
import { bareTerm, sessionOptions } from './support/session.ts';
import { expectNoOpenSockets } from './support/sockets.ts';

const sessions: Session[] = [];
let target: FakeTarget | undefined;
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await target?.stop();
  target = undefined;
  await expectNoOpenSockets();
});

/** Flow parameters whose convert notes each chunk's first position in `events`, beside the Presents sent. */
function flow(events: string[], overrides: Partial<FlowParams> = {}): FlowParams {
  return {
    databases: ['Default'],
    rpn: bareTerm('12'),
    start: 1,
    count: 5,
    maxRecords: undefined,
    presentChunk: 2,
    preferredRecordSyntax: OID.USMARC,
    elementSetName: 'F',
    piggyback: true,
    codec: textCodec('utf-8'),
    signal: new AbortController().signal,
    convert: (records: ExtractedRecord[]) => {
      events.push(`convert ${records[0]?.position} (${records.length})`);
      return { records: [], diagnostics: [] };
    },
    ...overrides,
  };
}

/** The session with every Present noted in `events` as it is sent. */
function watched(session: Session, events: string[]): Session {
  const present = session.present.bind(session);
  session.present = (params, signal) => {
    events.push(`present ${params.start}+${params.count}`);
    return present(params, signal);
  };
  sessions.push(session);
  return session;
}

describePeer('against yaz-ztest', ['yaz'], () => {
  let peer: YazZtestPeer;
  beforeAll(async () => {
    peer = await startYazZtest();
  });
  afterAll(() => peer?.stop());

  it('sends each Present before decoding the chunk that came before it; the chunks are taken in order', async () => {
    const events: string[] = [];
    const session = watched(await Session.open(sessionOptions(peer.port)), events);
    const result = await runSearch(session, flow(events));
    expect(result.hits).toBe(12);
    expect(events).toEqual(['present 3+2', 'convert 1 (2)', 'present 5+1', 'convert 3 (2)', 'convert 5 (1)']);
  });

  it('without piggy-backing the first Present follows the Search at once', async () => {
    const events: string[] = [];
    const session = watched(await Session.open(sessionOptions(peer.port)), events);
    await runSearch(session, flow(events, { piggyback: false, count: 3 }));
    expect(events).toEqual(['present 1+2', 'present 3+1', 'convert 1 (2)', 'convert 3 (1)']);
  });
});

it('a Present that fails while the chunk before it is decoded fails the search (peer-dropped), nothing left unobserved', async () => {
  const marc = writeIso2709({ leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'r1' }] });
  const records: NamePlusRecord[] = [1, 2].map(() => ({ record: { kind: 'retrieval', external: { directReference: OID.USMARC, encoding: { kind: 'octet-aligned', bytes: marc } } } }));
  target = await startFakeTarget(async (conn) => {
    await conn.next();
    conn.socket.write(encodeInitResponse({ versions: [1, 2, 3], options: ['search', 'present'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true }));
    await conn.next();
    conn.socket.write(encodeSearchResponse({ resultCount: 4, numberOfRecordsReturned: 2, nextResultSetPosition: 3, searchStatus: true, records: { kind: 'records', records } }));
    await conn.next();
    conn.socket.destroy();
  });
  const events: string[] = [];
  const session = watched(await Session.open(sessionOptions(target.port)), events);
  const error = await runSearch(session, flow(events, { count: 4 })).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TargetError);
  expect((error as TargetError).diagnostic.code).toBe('peer-dropped');
  expect(events).toEqual(['present 3+2', 'convert 1 (2)']);
});
