/**
 * Z39.50 capability discovery against real servers: Index Data Zebra (Init options agreed,
 * charset negotiation answered, IR-Explain-1 offered, every index of the fixture databases
 * searchable; a use attribute it has no index for answers Bib-1 114) and yaz-ztest (no
 * Explain database: diagnostic 109, so Explain is not offered).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z3950Adapter } from '../../../adapters/z3950/index.ts';
import type { TargetAdapter } from '../../../src/adapter-api/contract.ts';
import { silentLogger } from '../../../src/logging.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { startYazZtest, type YazZtestPeer } from '../../peers/ztest.ts';
import { startZebra, type ZebraPeer } from '../../../peers/zebra.ts';

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

  it('reads the options Zebra agrees to, its charset negotiation and Explain, and finds every index of the fixture database', async () => {
    const z = adapter(zebra.port, ['marc21']);
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found).toMatchObject({ source: 'z3950-init+probe', indexes: ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year'] });
    expect(found.facts).toMatchObject({ protocol: 'z3950', namedResultSets: true, scan: true, sort: true, charsetNegotiation: true, explain: true });
    expect(found.facts?.protocol === 'z3950' && found.facts.implementation).toMatch(/Zebra/);
  });

  it('an index Zebra has no terms for answers Bib-1 114: that field is unsupported, the others not', async () => {
    // Use 1 (personal name) is not indexed by the fixture configuration (peers/zebra/index-common.xsl).
    const z = adapter(zebra.port, ['cnmarc'], { attributeOverrides: { issn: { use: 1 } } });
    const found = await z.probe!({ signal: AbortSignal.timeout(15_000) });
    await z.close();
    expect(found.indexes).not.toContain('issn');
    expect(found.indexes).toEqual(expect.arrayContaining(['title', 'author', 'isbn']));
    const facts = found.facts?.protocol === 'z3950' ? found.facts : undefined;
    expect(facts?.useAttributes.find((u) => u.use === 1)).toEqual({ use: 1, supported: false, diagnostic: expect.stringMatching(/^bib-1 114/) });
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
    expect(found.facts).toMatchObject({ protocol: 'z3950', explain: false, namedResultSets: true });
    expect(found.indexes.length).toBeGreaterThan(0);
  });
});
