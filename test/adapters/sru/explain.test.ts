/**
 * SRU explain: the ZeeRex reader (both envelope namespaces, string packing, prefixes resolved
 * by context-set identifier, its limits) and the SRU adapter's probe against Zebra's explain
 * (peers/zebra/yazgfs.xml carries the record a Zebra administrator writes).
 */
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sruCapabilities } from '../../../adapters/sru/capabilities.ts';
import { EXPLAIN_LIMITS, parseSruExplain } from '../../../adapters/sru/explain.ts';
import { sruAdapter } from '../../../adapters/sru/index.ts';
import { SruParseError } from '../../../adapters/sru/response.ts';
import { silentLogger } from '../../../src/logging.ts';
import { testLibrary } from '../../helpers/libraries.ts';
import { describePeer } from '../../peers/availability.ts';
import { startZebra, type ZebraPeer } from '../../../peers/zebra.ts';

const zeerex = (indexInfo: string, config = '<configInfo><setting type="maximumRecords">250</setting></configInfo>') =>
  `<explain xmlns="http://explain.z3950.org/dtd/2.0/"><serverInfo protocol="SRU" version="2.0"><host>h</host></serverInfo><indexInfo>${indexInfo}</indexInfo><schemaInfo><schema identifier="info:srw/schema/1/marcxml-v1.1" name="marcxml"/><schema name="dc" retrieve="false"/></schemaInfo>${config}</explain>`;
const envelope12 = (record: string, packing = 'xml') =>
  `<?xml version="1.0"?><srw:explainResponse xmlns:srw="http://www.loc.gov/zing/srw/"><srw:version>1.2</srw:version><srw:record><srw:recordSchema>http://explain.z3950.org/dtd/2.0/</srw:recordSchema><srw:recordPacking>${packing}</srw:recordPacking><srw:recordData>${record}</srw:recordData></srw:record></srw:explainResponse>`;
const at = new Date('2026-12-05T10:00:00Z');

describe('parseSruExplain and sruCapabilities', () => {
  it('reads indexes, schemas, version and maximumRecords; a field is supported when the index sent for it is listed', () => {
    // The server calls the Bath set "b": matched by identifier, not by prefix.
    const text = envelope12(zeerex('<set name="dc" identifier="info:srw/cql-context-set/1/dc-v1.1"/><set name="b" identifier="http://zing.z3950.org/cql/bath/2.0/"/><index><map><name set="dc">title</name></map></index><index><map><name set="dc">creator</name></map></index><index><map><name set="b">isbn</name></map></index><index search="false"><map><name set="dc">subject</name></map></index>'));
    const explain = parseSruExplain(text);
    expect(explain).toMatchObject({ version: '1.2', maximumRecords: 250, schemas: ['marcxml'], indexes: [{ set: 'dc', name: 'title' }, { set: 'dc', name: 'creator' }, { set: 'b', name: 'isbn' }] });
    expect(sruCapabilities(explain, {}, at)).toEqual({
      indexes: ['title', 'author', 'isbn', 'keyword'],
      facts: { protocol: 'sru', version: '1.2', maximumRecords: 250, schemas: ['marcxml'], cqlIndexes: ['dc.title', 'dc.creator', 'b.isbn'] },
      source: 'sru-explain',
      at: '2026-12-05T10:00:00.000Z',
    });
    // The library's own index names count: isbn sent as local.isbn is not listed, title as dc.title is.
    expect(sruCapabilities(explain, { indexes: { isbn: 'local.isbn', subject: null } }, at).indexes).toEqual(['title', 'author', 'keyword']);
  });

  it('reads a record packed as a string, and an SRU 2.0 envelope', () => {
    const record = zeerex('<set name="dc" identifier="info:srw/cql-context-set/1/dc-v1.1"/><index><map><name set="dc">publisher</name></map></index>');
    const escaped = record.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(parseSruExplain(envelope12(escaped, 'string')).indexes).toEqual([{ set: 'dc', name: 'publisher' }]);
    const v2 = `<sruResponse:explainResponse xmlns:sruResponse="http://docs.oasis-open.org/ns/search-ws/sruResponse"><sruResponse:record><sruResponse:recordData>${record}</sruResponse:recordData></sruResponse:record></sruResponse:explainResponse>`;
    expect(parseSruExplain(v2)).toMatchObject({ version: '2.0', indexes: [{ set: 'dc', name: 'publisher' }] });
  });

  it('refuses what is not an explainResponse, and answers past its limits', () => {
    expect(() => parseSruExplain('<searchRetrieveResponse/>')).toThrow(/not an SRU explainResponse/);
    expect(() => parseSruExplain('<explainResponse><record>')).toThrow(SruParseError);
    const deep = `<explainResponse>${'<a>'.repeat(EXPLAIN_LIMITS.MAX_DEPTH + 1)}${'</a>'.repeat(EXPLAIN_LIMITS.MAX_DEPTH + 1)}</explainResponse>`;
    expect(() => parseSruExplain(deep)).toThrow(/MAX_DEPTH/);
    const many = envelope12(zeerex('<index><map><name set="dc">x</name></map></index>'.repeat(EXPLAIN_LIMITS.MAX_INDEXES + 1)));
    expect(() => parseSruExplain(many)).toThrow(/MAX_INDEXES/);
    expect(() => parseSruExplain(' '.repeat(EXPLAIN_LIMITS.MAX_LENGTH + 1))).toThrow(/MAX_LENGTH/);
  });
});

describePeer('SRU capability probe against Zebra', ['zebra'], () => {
  let zebra: ZebraPeer;
  let agent: Agent;
  beforeAll(async () => {
    zebra = await startZebra();
    agent = new Agent({ connect: { timeout: 2000 } });
  });
  afterAll(async () => {
    await agent?.close();
    await zebra?.stop();
  });
  const sru = (db: string, extra: Record<string, unknown> = {}) =>
    sruAdapter.create(sruAdapter.settingsSchema.parse({ url: zebra.sruUrl(db), version: '1.2', timeouts: { connectMs: 2000, requestMs: 5000 }, ...extra }), { library: testLibrary('zebra', { adapter: 'sru' }), logger: silentLogger(), env: {}, httpDispatcher: () => agent });

  it('reads Zebra’s explain: every canonical index, its schemas, version 1.2 and maximumRecords', async () => {
    const found = await sru('marc21').probe!({ signal: AbortSignal.timeout(10_000) });
    expect(found).toMatchObject({ source: 'sru-explain', indexes: ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year'], facts: { protocol: 'sru', version: '1.2', maximumRecords: 1000, schemas: ['marcxml', 'opac', 'dc'] } });
    // A library configured with an index Zebra does not list: that field is unsupported there.
    const local = await sru('cnmarc', { cql: { indexes: { subject: 'local.topic' } } }).probe!({ signal: AbortSignal.timeout(10_000) });
    expect(local.indexes).not.toContain('subject');
    expect(local.indexes).toContain('title');
  });
});
