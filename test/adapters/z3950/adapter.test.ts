/** The adapter end to end: settings, query → RPN → ztest/fake target → BibRecords, pool behaviour. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { describePeer } from '../../peers/availability.ts';
import { startYazZtest, type YazZtestPeer } from '../../peers/ztest.ts';
import { decodeBer, findContext, readOctets } from '../../../src/z3950/ber-reader.ts';
import { openSocketCount, socketsDrained } from '../../../adapters/z3950/connection.ts';
import { z3950Adapter } from '../../../adapters/z3950/index.ts';
import { encodeInitResponse } from '../../../src/z3950/apdu/init.ts';
import { encodeSearchResponse } from '../../../src/z3950/apdu/search.ts';
import { startFakeTarget, type FakeTarget } from './support/fake-target.ts';
import { makeAdapter } from './support/adapter.ts';
import { expectNoOpenSockets } from './support/sockets.ts';

const keyword = (value: string): QueryNode => ({ kind: 'term', field: 'keyword', value, mode: 'words' });
const request = (query: QueryNode, count = 0, start = 1, signal = new AbortController().signal) => ({ query, start, count, signal });

async function failure(p: Promise<unknown>): Promise<TargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetError);
  return err as TargetError;
}

const adapters: TargetAdapter[] = [];
function track(a: TargetAdapter): TargetAdapter {
  adapters.push(a);
  return a;
}
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.close()));
  await expectNoOpenSockets();
});

describe('settings schema', () => {
  it('fills defaults and is strict', () => {
    const s = z3950Adapter.settingsSchema.parse({ host: 'opac.example.cn', databases: ['uacn_bib'] });
    expect(s).toMatchObject({ port: 210, recordSyntax: 'usmarc', elementSetName: 'F', charset: 'utf-8', presentChunk: 10, pool: { maxSessions: 2 } });
    expect(s.timeouts).toEqual({ connectMs: 3000, initMs: 5000, searchMs: 15000, presentMs: 15000 });
    expect(z3950Adapter.settingsSchema.safeParse({ host: 'h', databases: ['d'], hots: 1 }).success).toBe(false);
    expect(z3950Adapter.settingsSchema.safeParse({ host: 'h', databases: [] }).success).toBe(false);
    expect(z3950Adapter.settingsSchema.safeParse({ host: 'h', databases: ['d'], attributeOverrides: { titel: { use: 4 } } }).success).toBe(false);
    expect(z3950Adapter.settingsSchema.safeParse({ host: 'h', databases: ['d'], timeouts: { connectMs: 1, readMs: 2 } }).success).toBe(false);
    expect(z3950Adapter.settingsSchema.parse({ host: 'h', databases: ['d'], charset: 'gbk', attributeOverrides: { year: { use: 30, position: null } } }).attributeOverrides).toEqual({ year: { use: 30, position: null } });
  });
});

describePeer('adapter against yaz-ztest', ['yaz'], () => {
  let peer: YazZtestPeer;
  beforeAll(async () => {
    peer = await startYazZtest();
  });
  afterAll(() => peer?.stop());
  const base = () => ({ host: '127.0.0.1', port: peer.port, databases: ['Default'], timeouts: { connectMs: 2000, initMs: 2000, searchMs: 3000, presentMs: 3000 } });

  it('finds 12 and maps 5 USMARC records to BibRecords in chunks of 2', async () => {
    const adapter = track(makeAdapter({ ...base(), presentChunk: 2 }));
    const seen: string[] = [];
    const result = await adapter.search({ ...request(keyword('12'), 5), onProgress: (p) => seen.push(p.phase === 'fetching' ? `${p.fetched}/${p.total}` : p.phase) });
    expect(result.hits).toBe(12);
    expect(result.records).toHaveLength(5);
    expect(seen).toEqual(['searching', '2/5', '4/5', '5/5']);
    expect(result.records[0]).toMatchObject({ library: 'ztest', format: 'marc21' });
    expect(result.records[0]!.title.length).toBeGreaterThan(0);
    expect(result.diagnostics.filter((d) => d.source !== 'record')).toEqual([]);
  });

  it('an operator cap (maxRecords) below the count stops there and says so; without one Present pages on', async () => {
    const capped = await track(makeAdapter({ ...base(), presentChunk: 2, maxRecords: 3 })).search(request(keyword('12'), 5));
    expect(capped.records).toHaveLength(3);
    expect(capped.cappedAt).toBe(3);
    const open = await track(makeAdapter({ ...base(), presentChunk: 2 })).search(request(keyword('12'), 7));
    expect(open.records).toHaveLength(7);
    expect(open.cappedAt).toBeUndefined();
  });

  it('OPAC syntax: holdings come from the OPAC record', async () => {
    const adapter = track(makeAdapter({ ...base(), recordSyntax: 'opac' }));
    const result = await adapter.search(request(keyword('2'), 1));
    expect(result.records).toHaveLength(1);
    expect(result.records[0]!.holdings).toEqual([
      expect.objectContaining({ library: 'ztest', callNumber: 'MLCM 89/00602 (N)', barcode: '1226176', statusText: 'Available', status: 'available', branch: 's-FM/GC' }),
    ]);
  });

  it('count 0 and start beyond the hits fetch no records', async () => {
    const adapter = track(makeAdapter(base()));
    expect(await adapter.search(request(keyword('3'), 0))).toEqual({ hits: 3, records: [], diagnostics: [] });
    expect((await adapter.search(request(keyword('3'), 5, 4))).records).toEqual([]);
  });

  it('unknown database → TargetError with bib-1 109; the pooled session is reused afterwards', async () => {
    const adapter = track(makeAdapter({ ...base(), databases: ['Nope'] }));
    const err = await failure(adapter.search(request(keyword('1'))));
    expect(err.state).toBe('error');
    expect(err.diagnostic).toEqual({ source: 'bib1', code: '109', message: 'Database unavailable', addinfo: 'Nope' });
    await failure(adapter.search(request(keyword('1'))));
    expect(openSocketCount()).toBe(1);
  });

  it('a slow database → search-timeout, state timeout', async () => {
    const adapter = track(makeAdapter({ ...base(), databases: ['Slow3'], timeouts: { ...base().timeouts, searchMs: 300 } }));
    const err = await failure(adapter.search(request(keyword('1'))));
    expect(err).toMatchObject({ state: 'timeout', diagnostic: { code: 'search-timeout' } });
  });

  it('an abort stops the search and frees the socket', async () => {
    const adapter = track(makeAdapter({ ...base(), databases: ['Slow3'] }));
    const controller = new AbortController();
    const pending = adapter.search(request(keyword('1'), 0, 1, controller.signal));
    controller.abort(new Error('client went away'));
    const err = await failure(pending);
    expect(err).toMatchObject({ state: 'error', diagnostic: { code: 'aborted' } });
    await socketsDrained();
    expect(openSocketCount()).toBe(0);
  });

  it('reuses one initialized session for sequential searches; maxSessions 1 serializes concurrent ones', async () => {
    const adapter = track(makeAdapter({ ...base(), pool: { maxSessions: 1, idleMs: 60_000 } }));
    const [a, b, c] = await Promise.all([adapter.search(request(keyword('4'))), adapter.search(request(keyword('5'))), adapter.search(request(keyword('6')))]);
    expect([a.hits, b.hits, c.hits]).toEqual([4, 5, 6]);
    expect(openSocketCount()).toBe(1);
    await adapter.close();
    await adapter.close(); // idempotent
    expect(openSocketCount()).toBe(0);
  });

  it('close() during a search cuts it with a TargetError instead of leaving it hanging', async () => {
    const adapter = track(makeAdapter({ ...base(), databases: ['Slow3'] }));
    const pending = adapter.search(request(keyword('1')));
    await adapter.close();
    const err = await failure(pending);
    expect(err.diagnostic.code).toMatch(/peer-dropped|pool-closed/);
  });

  it('closes idle sessions after idleMs', async () => {
    const adapter = track(makeAdapter({ ...base(), pool: { maxSessions: 2, idleMs: 30 } }));
    await adapter.search(request(keyword('1')));
    await socketsDrained();
    expect(openSocketCount()).toBe(0);
  });
});

describe('adapter against a scripted target', () => {
  let target: FakeTarget | undefined;
  afterEach(async () => {
    await target?.stop();
    target = undefined;
  });

  it('reconnects when the target dropped an idle pooled session', async () => {
    target = await startFakeTarget(async (conn) => {
      await conn.next();
      conn.socket.write(encodeInitResponse({ versions: [1, 2, 3], options: ['search', 'present'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true }));
      await conn.next();
      conn.socket.write(encodeSearchResponse({ resultCount: 7, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }));
      // Wait for the next request, then hang up without answering: a target that closed the association.
      await conn.next();
      conn.socket.destroy();
    });
    const adapter = track(makeAdapter({ host: '127.0.0.1', port: target.port, databases: ['db'] }));
    expect((await adapter.search(request(keyword('x')))).hits).toBe(7);
    expect((await adapter.search(request(keyword('x')))).hits).toBe(7);
    expect(target.accepted).toBe(2);
  });

  it('sends idPass credentials resolved from the environment, and refuses when they are missing', async () => {
    const inits: Buffer[] = [];
    target = await startFakeTarget(async (conn) => {
      inits.push(await conn.next());
      conn.socket.write(encodeInitResponse({ versions: [1, 2, 3], options: ['search', 'present'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true }));
      await conn.next();
      conn.socket.write(encodeSearchResponse({ resultCount: 1, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }));
      await conn.closed;
    });
    const settings = { host: '127.0.0.1', port: target.port, databases: ['db'], credentials: { userEnv: 'Z_USER', passwordEnv: 'Z_PASS' } };
    const adapter = track(makeAdapter(settings, { Z_USER: '馆员', Z_PASS: 's3cret' }));
    await adapter.search(request(keyword('x')));
    const idPass = findContext(decodeBer(inits[0]!), 7)!.children[0]!;
    expect(idPass.children.map((c) => [c.tag, readOctets(c).toString('utf8')])).toEqual([
      [1, '馆员'],
      [2, 's3cret'],
    ]);
    const err = await failure(track(makeAdapter(settings, {})).search(request(keyword('x'))));
    expect(err.message).toMatch(/Z_USER not set/);
  });

  it('a term the target charset cannot hold → query-charset, before any connection', async () => {
    const adapter = track(makeAdapter({ host: '127.0.0.1', port: 9, databases: ['db'], charset: 'big5' }));
    const err = await failure(adapter.search(request({ kind: 'term', field: 'title', value: '한국', mode: 'words' })));
    expect(err.diagnostic.code).toBe('query-charset');
    expect(openSocketCount()).toBe(0);
  });
});
