/**
 * The Z39.50 library simulator (adapters/z3950/sim/simulator.ts) through our own client and through
 * YAZ's: record selection per library (fixtures/catalogue/README.md: which institution holds
 * what), Bib-1 → query model, record syntaxes, OPAC holdings, faults and protocol diagnostics.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z3950Adapter } from '../../../adapters/z3950/index.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { Session } from '../../../adapters/z3950/session.ts';
import { startZ3950Simulator, type SimulatedZ3950Library, type Z3950Simulator } from '../../../adapters/z3950/sim/simulator.ts';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import { silentLogger } from '../../../src/logging.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { yazClient, zoomsh } from '../../peers/clients.ts';
import { sessionOptions, bareTerm } from './support/session.ts';
import { expectNoOpenSockets } from './support/sockets.ts';

const t = (field: 'title' | 'author' | 'isbn' | 'keyword' | 'publisher', value: string, mode: 'words' | 'phrase' = 'words'): QueryNode => ({ kind: 'term', field, value, mode });
const lib = (database: string, id: string, institution: string, extra: Partial<SimulatedZ3950Library> = {}): SimulatedZ3950Library => ({
  id,
  database,
  branchName: `${id}馆`,
  institution,
  share: 1,
  latencyMs: 0,
  fault: 'none',
  ...extra,
});

const SHL_RULE = testLibrary('shl', { adapter: 'z3950', ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] } });

async function failure(p: Promise<unknown>): Promise<TargetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetError);
  return err as TargetError;
}

let sim: Z3950Simulator;
const open: TargetAdapter[] = [];

beforeAll(async () => {
  sim = await startZ3950Simulator({
    catalogue: loadCatalogue(),
    libraries: [
      lib('NLC01', 'nlc', 'NLC', { formats: 'unimarc', branchName: '国家图书馆' }),
      lib('THU01', 'tsinghua', 'THU'),
      lib('SHL', 'shl', 'SHL', { branchName: '上海图书馆' }),
      lib('HANG', 'hang', 'PKU', { fault: 'hang' }),
      lib('RESET', 'reset', 'PKU', { fault: 'reset' }),
      lib('DIAG', 'diag', 'PKU', { fault: 'diagnostic' }),
      lib('GARBAGE', 'garbage', 'PKU', { fault: 'garbage' }),
      lib('TRUNC', 'trunc', 'PKU', { fault: 'truncated' }),
      lib('SLOW', 'slow', 'PKU', { latencyMs: 400 }),
    ],
  });
});
afterAll(() => sim?.close());
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  await expectNoOpenSockets();
});

function z(databases: string[], extra: Record<string, unknown> = {}, library = testLibrary('sim', { adapter: 'z3950' }), port = sim.port): TargetAdapter {
  const settings = z3950Adapter.settingsSchema.parse({ host: '127.0.0.1', port, databases, timeouts: { connectMs: 1000, initMs: 1000, searchMs: 1500, presentMs: 1500 }, ...extra });
  const adapter = z3950Adapter.create(settings, { library, logger: silentLogger(), env: {}, httpDispatcher: () => { throw new Error('not HTTP'); } });
  open.push(adapter);
  return adapter;
}
const search = (adapter: TargetAdapter, query: QueryNode, count = 50) => adapter.search({ query, start: 1, count, signal: AbortSignal.timeout(5000) });
const localIds = async (adapter: TargetAdapter, query: QueryNode) => (await search(adapter, query)).records.map((r) => r.localId).sort();

describe('Z39.50 simulator: searches and records', () => {
  it('serves each library only the records it holds (authored copies), CNMARC-only where configured', async () => {
    expect(await localIds(z(['NLC01'], { recordSyntax: 'unimarc' }), t('publisher', '中华书局'))).toEqual(['fxcn-0001', 'fxcn-0006', 'fxcn-0027']);
    expect(await localIds(z(['THU01']), t('author', '黄仁宇'))).toEqual(['fxcn-0003', 'fxcn-0023']);
    expect(await localIds(z(['THU01']), t('isbn', '978-7-115-16362-2'))).toEqual(['fxcn-0009']);
    expect(await localIds(z(['THU01']), t('title', 'cambridge history of china', 'phrase'))).toEqual(['fx21-0002', 'fx21-0005']);
    expect(await localIds(z(['THU01']), { kind: 'and', left: t('keyword', 'ming'), right: { kind: 'yearRange', from: 1978, to: 1988 } })).toEqual(['fx21-0002', 'fx21-0008', 'fx21-0027']);
    expect(await localIds(z(['NLC01', 'THU01']), t('title', '万历'))).toEqual(['fxcn-0001', 'fxcn-0003']);
  });

  it('returns UNIMARC records read by the UNIMARC mapper, copies named after the library', async () => {
    const result = await search(z(['NLC01'], { recordSyntax: 'unimarc' }), t('title', '史记'));
    expect(result.diagnostics).toEqual([]);
    expect(result.records).toHaveLength(1);
    const record = result.records[0]!;
    expect(record).toMatchObject({ localId: 'fxcn-0006', format: 'cnmarc', title: '史记', publisher: '中华书局' });
    expect(record.holdings.map((h) => [h.branch, h.statusText, h.status])).toEqual([['国家图书馆', '阅览', 'reading_room_only']]);
  });

  it('MARCXML when asked for xml', async () => {
    const result = await search(z(['THU01'], { recordSyntax: 'xml' }), t('isbn', '0300025181'));
    expect(result.records.map((r) => [r.localId, r.format, r.title])).toEqual([['fx21-0008', 'marc21', '1587, a year of no significance']]);
  });

  it('OPAC records carry the copies: the seed SHL copy is ILL-eligible under the SHL rule', async () => {
    const result = await search(z(['SHL'], { recordSyntax: 'opac' }, SHL_RULE), t('isbn', '0521243327'));
    const set = result.records.find((r) => r.localId === 'fx21-0001');
    expect(set?.holdings.map((h) => [h.barcode, h.branch, h.status, h.collectionType, h.ill?.eligible])).toEqual([
      ['54122100517423', '上海图书馆', 'available', '参考外借资料', true],
      ['54122100517431', '上海图书馆', 'on_loan', '参考外借资料', false],
      ['54122100388012', '上海图书馆', 'reading_room_only', '仅供阅览资料', false],
    ]);
    expect(set?.holdings[1]?.dueDate).toBe('2026-12-10');
  });

  it('pages with Present and reports unknown databases and attributes as bib-1 diagnostics', async () => {
    const chunks: string[] = [];
    const all = await z(['THU01'], { presentChunk: 3 }).search({ query: t('keyword', 'china'), start: 2, count: 7, signal: AbortSignal.timeout(5000), onProgress: (p) => p.phase === 'fetching' && chunks.push(`${p.fetched}/${p.total}`) });
    // Six hits: from the second on, five records are left of the seven asked for.
    expect(all.hits).toBe(6);
    expect(chunks).toEqual(['3/5', '5/5']);
    expect((await failure(search(z(['NOPE']), t('title', 'x')))).diagnostic).toEqual({ source: 'bib1', code: '109', message: 'Database unavailable', addinfo: 'NOPE' });
    const unsupported = z(['THU01'], { attributeOverrides: { subject: { use: 20 } } });
    expect((await failure(search(unsupported, { kind: 'term', field: 'subject', value: 'K248', mode: 'words' }))).diagnostic).toMatchObject({ code: '114', addinfo: '20' });
  });

  it('piggy-backs the first chunk on the SearchResponse unless the target is configured not to', async () => {
    const before = { ...sim.stats };
    const piggy = await search(z(['THU01'], { presentChunk: 5 }), t('keyword', 'china'), 5);
    expect(piggy.records).toHaveLength(5);
    expect([sim.stats.searches - before.searches, sim.stats.presents - before.presents]).toEqual([1, 0]);
    const rest = await search(z(['THU01'], { presentChunk: 5 }), t('keyword', 'china'), 6);
    expect(rest.records.map((r) => r.localId)).toEqual([...piggy.records.map((r) => r.localId), expect.any(String)]);
    expect(sim.stats.presents - before.presents).toBe(1);
    const plain = await search(z(['THU01'], { piggyback: false }), t('keyword', 'china'), 5);
    expect(plain.records.map((r) => r.localId)).toEqual(piggy.records.map((r) => r.localId));
    expect(sim.stats.presents - before.presents).toBe(2);
  });

  it('answers Present errors the way a target does (30, 13, 239)', async () => {
    const session = await Session.open(sessionOptions(sim.port));
    try {
      const unknownSet = await session.present({ resultSetName: 'nope', start: 1, count: 1 });
      expect(unknownSet.presentStatus).toBe(5);
      expect(unknownSet.records).toEqual({ kind: 'diagnostics', diagnostics: [expect.objectContaining({ condition: 30, addinfo: 'nope' })] });
      const found = await session.search({ databases: ['THU01'], query: bareTerm('ming') });
      expect(found.searchStatus).toBe(true);
      const beyond = await session.present({ start: Number(found.resultCount) + 1, count: 1 });
      expect(beyond.records).toEqual({ kind: 'diagnostics', diagnostics: [expect.objectContaining({ condition: 13 })] });
      const grs = await session.present({ start: 1, count: 1, preferredRecordSyntax: OID.GRS1 });
      expect(grs.records).toEqual({ kind: 'diagnostics', diagnostics: [expect.objectContaining({ condition: 239, addinfo: OID.GRS1 })] });
    } finally {
      await session.close();
    }
  });
});

describe('Z39.50 simulator: faults', () => {
  it.each<[string, string, string, 'timeout' | 'error']>([
    ['hang', 'HANG', 'search-timeout', 'timeout'],
    ['reset', 'RESET', 'peer-dropped', 'error'],
    ['diagnostic', 'DIAG', '2', 'error'],
    ['garbage', 'GARBAGE', 'protocol-error', 'error'],
    ['truncated', 'TRUNC', 'peer-dropped', 'error'],
    ['latency beyond the search timeout', 'SLOW', 'search-timeout', 'timeout'],
  ])('%s', async (_label, database, code, state) => {
    const err = await failure(search(z([database], { timeouts: { connectMs: 1000, initMs: 1000, searchMs: 250, presentMs: 1000 } }), t('title', 'ming')));
    expect(err.diagnostic.code).toBe(code);
    expect(err.state).toBe(state);
  });

  it('init-reject: Init answered with result FALSE and bib-1 1011 in the user information', async () => {
    const rejecting = await startZ3950Simulator({ catalogue: loadCatalogue(), libraries: [lib('X', 'x', 'PKU', { fault: 'init-reject' })] });
    try {
      const err = await failure(search(z(['X'], {}, undefined, rejecting.port), t('title', 'ming')));
      expect(err.diagnostic.code).toBe('init-rejected');
      expect(err.message).toMatch(/Init\/AC: Bad Userid and\/or Password \(bib-1 1011\)/);
    } finally {
      await rejecting.close();
    }
  });

  it('http: a web server on the Z39.50 port is a protocol failure, not a hang', async () => {
    const web = await startZ3950Simulator({ catalogue: loadCatalogue(), libraries: [lib('X', 'x', 'PKU', { fault: 'http' })] });
    try {
      const err = await failure(search(z(['X'], {}, undefined, web.port), t('title', 'ming')));
      expect(['protocol-error', 'peer-dropped']).toContain(err.diagnostic.code);
    } finally {
      await web.close();
    }
  });

  it('setFault switches a database at run time', async () => {
    sim.setFault('THU01', 'diagnostic');
    try {
      expect((await failure(search(z(['THU01']), t('title', 'ming')))).diagnostic.code).toBe('2');
    } finally {
      sim.setFault('THU01', 'none');
    }
    expect((await search(z(['THU01']), t('title', 'ming'))).hits).toBeGreaterThan(0);
  });
});

describePeer('Z39.50 simulator with YAZ clients', ['yaz'], () => {
  it('yaz-client finds and shows a UNIMARC record with CJK intact', async () => {
    const run = await yazClient(`tcp:127.0.0.1:${sim.port}/NLC01`, ['format unimarc', 'find @attr 1=4 @attr 4=2 史记', 'show 1']);
    expect(run.hits).toEqual([1]);
    expect(run.diagnostics).toEqual([]);
    expect(run.output).toContain('200 1  $a 史记');
  });

  it('zoomsh reads OPAC holdings and gets diagnostic 109 for an unknown database', async () => {
    const out = await zoomsh([`connect tcp:127.0.0.1:${sim.port}/SHL`, 'set preferredRecordSyntax opac', 'search @attr 1=7 0521243327', 'show 0 3']);
    // fx21-0001 (set), fx21-0002 (v.7) and the CNMARC cataloguing of v.7, fxcn-0010.
    expect(out).toMatch(/: 3 hits/);
    expect(out.match(/<opacRecord>/g)).toHaveLength(3);
    expect(out).toContain('54122100517423');
    const missing = await zoomsh([`connect tcp:127.0.0.1:${sim.port}/NOPE`, 'search ming']);
    expect(missing).toMatch(/109/);
  });
});
