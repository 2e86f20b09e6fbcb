/**
 * Z39.50 capability discovery against real servers: Index Data Zebra (Init options agreed,
 * charset negotiation answered, IR-Explain-1 offered and read as the XML it gives, its
 * AttributeDetails deciding the indexes, in agreement with Bib-1 114 where we search anyway)
 * and yaz-ztest (no Explain database: diagnostic 109, so every index is probed as before);
 * and a target answering in the Explain record syntax itself (support/explain-target.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z3950Adapter } from '../../../adapters/z3950/index.ts';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { silentLogger } from '../../../src/logging.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { startYazZtest, type YazZtestPeer } from '../../peers/ztest.ts';
import { startZebra, type ZebraPeer } from '../../../peers/zebra.ts';
import { Session } from '../../../adapters/z3950/session.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { sessionOptions } from './support/session.ts';
import { startExplainTarget, UNION_EXPLAIN } from './support/explain-target.ts';

function adapter(port: number, databases: string[], extra: Record<string, unknown> = {}): TargetAdapter {
  const settings = z3950Adapter.settingsSchema.parse({ host: '127.0.0.1', port, databases, timeouts: { connectMs: 2000, initMs: 5000, searchMs: 5000, presentMs: 5000 }, ...extra });
  return z3950Adapter.create(settings, { library: testLibrary('probe', { adapter: 'z3950' }), logger: silentLogger(), env: {}, httpDispatcher: () => { throw new Error('no HTTP'); } });
}

describePeer('Z39.50 capability probe against Zebra', ['zebra'], () => {
  let zebra: ZebraPeer;
  beforeAll(async () => {
    zebra = await startZebra();
  });
  afterAll(async () => {
    await zebra?.stop();
  });

  it('reads the options Zebra agrees to and its Explain database (as XML), whose AttributeDetails decide every index without a probe search', async () => {
    const z = adapter(zebra.port, ['marc21']);
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found).toMatchObject({ source: 'z3950-explain+init', indexes: ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year'] });
    expect(found.facts).toMatchObject({ protocol: 'z3950', namedResultSets: true, scan: true, sort: true, charsetNegotiation: true, explain: true });
    const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
    expect(facts?.implementation).toMatch(/Zebra/);
    expect(facts?.explainInfo).toMatchObject({ syntax: 'xml', target: { name: 'Zebra', namedResultSets: true, multipleDatabaseSearch: true }, databases: [{ name: 'marc21', recordCount: zebra.recordCounts.marc21, approximate: false }] });
    expect(facts?.explainInfo?.listedUseAttributes).toBeGreaterThanOrEqual(8);
    expect(facts?.useAttributes.map((u) => [u.use, u.supported, u.from])).toEqual([4, 1003, 1018, 7, 8, 21, 1016, 31].map((use) => [use, true, 'explain']));
  });

  it('an index Explain does not list is unsupported, and Zebra agrees: a search with it answers Bib-1 114', async () => {
    // Use 1 (personal name) is not indexed by the fixture configuration (peers/zebra/index-common.xsl).
    const z = adapter(zebra.port, ['cnmarc'], { attributeOverrides: { issn: { use: 1 } } });
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found.indexes).not.toContain('issn');
    expect(found.indexes).toEqual(expect.arrayContaining(['title', 'author', 'isbn']));
    const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
    expect(facts?.useAttributes.find((u) => u.use === 1)).toEqual({ use: 1, supported: false, from: 'explain' });
    const session = await Session.open(sessionOptions(zebra.port));
    const rpn = { kind: 'term' as const, attributes: [{ type: 1, value: 1 }], term: Buffer.from('zzprobe'), text: 'zzprobe' };
    const answer = await session.search({ databases: ['cnmarc'], query: { attributeSet: OID.BIB1_ATTRIBUTES, rpn } });
    await session.close();
    expect(answer.records).toMatchObject({ kind: 'diagnostics', diagnostics: [{ condition: 114 }] });
  });

  it('where the databases disagree (use 20 is indexed in cnmarc only) Explain does not settle it: the probe search does, with 114', async () => {
    const z = adapter(zebra.port, ['marc21', 'cnmarc'], { attributeOverrides: { subject: { use: 20 } } });
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found.source).toBe('z3950-explain+init+probe');
    expect(found.indexes).not.toContain('subject');
    const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
    expect(facts?.useAttributes.find((u) => u.use === 20)).toEqual({ use: 20, supported: false, from: 'probe', diagnostic: 'bib-1 114 20' });
    expect(facts?.useAttributes.filter((u) => u.from === 'explain')).toHaveLength(7);
    expect(facts?.explainInfo?.databases.map((d) => [d.name, d.recordCount]).sort()).toEqual([
      ['cnmarc', zebra.recordCounts.cnmarc],
      ['marc21', zebra.recordCounts.marc21],
    ]);
  });
});

describe('Z39.50 capability probe against a target answering in the Explain syntax', () => {
  it('decodes its TargetInfo, DatabaseInfo and AttributeDetails; listed indexes are supported, an unlisted one is not, none is probed', async () => {
    const target = await startExplainTarget(UNION_EXPLAIN, [1]);
    try {
      const z = adapter(target.port, ['zwts'], { attributeOverrides: { issn: { use: 1 } } });
      const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
      await z.close();
      expect(found).toMatchObject({ source: 'z3950-explain+init', indexes: ['title', 'author', 'publisher', 'isbn', 'subject', 'keyword', 'year'] });
      const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
      expect(facts?.explainInfo).toEqual({
        syntax: 'explain',
        target: { name: 'BALIS 联合目录 Z39.50 服务', namedResultSets: true, multipleDatabaseSearch: false, maxResultSets: 10, maxResultSize: 50_000, timeoutInterval: { value: 600, unit: 'second' } },
        databases: [{ name: 'zwts', recordCount: 1_234_567, approximate: false, title: '中文图书书目库' }],
        listedUseAttributes: 9,
      });
      expect(facts?.useAttributes.find((u) => u.use === 1)).toEqual({ use: 1, supported: false, from: 'explain' });
      expect(facts?.useAttributes.every((u) => u.from === 'explain')).toBe(true);
      // Every Present asked for the Explain syntax: it was given, so XML was never asked for.
      expect(new Set(target.presents)).toEqual(new Set([OID.EXPLAIN]));
    } finally {
      await target.stop();
    }
  });

  it('a target that drops the line when its Explain records are presented is probed index by index on a new association', async () => {
    const target = await startExplainTarget(UNION_EXPLAIN, [8], true);
    try {
      const z = adapter(target.port, ['zwts']);
      const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
      await z.close();
      expect(found.source).toBe('z3950-init+probe');
      expect(found.indexes).toEqual(['title', 'author', 'publisher', 'isbn', 'subject', 'keyword', 'year']);
      const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
      expect(facts?.explain).toBe(true);
      expect(facts?.explainInfo).toEqual({ databases: [], listedUseAttributes: 0, problems: [expect.stringMatching(/^IR-Explain-1: /)] });
      expect(facts?.useAttributes.every((u) => u.from === 'probe')).toBe(true);
      expect(target.accepted).toBe(2);
    } finally {
      await target.stop();
    }
  });

  it('a database its Explain does not describe is probed search by search', async () => {
    const target = await startExplainTarget(UNION_EXPLAIN, [8]);
    try {
      const z = adapter(target.port, ['other']);
      const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
      await z.close();
      expect(found.source).toBe('z3950-init+probe');
      expect(found.indexes).not.toContain('issn');
      const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
      expect(facts?.explain).toBe(true);
      expect(facts?.explainInfo).toMatchObject({ syntax: 'explain', databases: [], listedUseAttributes: 0 });
      expect(facts?.useAttributes.every((u) => u.from === 'probe')).toBe(true);
    } finally {
      await target.stop();
    }
  });
});

describePeer('Z39.50 capability probe against yaz-ztest', ['yaz'], () => {
  let ztest: YazZtestPeer;
  beforeAll(async () => {
    ztest = await startYazZtest();
  });
  afterAll(async () => {
    await ztest?.stop();
  });

  it('has no IR-Explain-1 (diagnostic 109): Explain is not offered; its options are what it agreed to', async () => {
    const z = adapter(ztest.port, ['Default']);
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found).toMatchObject({ source: 'z3950-init+probe', facts: { protocol: 'z3950', explain: false, namedResultSets: true } });
    expect(found.facts).not.toHaveProperty('explainInfo');
    expect(found.indexes.length).toBeGreaterThan(0);
    const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
    expect(facts?.useAttributes).toHaveLength(8);
    expect(facts?.useAttributes.every((u) => u.from === 'probe')).toBe(true);
  });
});
