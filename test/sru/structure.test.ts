/**
 * Response XML against the SRU response structure: namespaces per version, element
 * order per the LoC 1.2 schema / OASIS sruResponse.xsd, records, packing, echo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnostics, NS, sruGet, sruPost } from './http.ts';
import { startFakeSru } from './fake-gateway.ts';
import { fakeUnion } from './fixtures.ts';
import { all, child, inSchemaOrder, names, parseXml, req } from './xml.ts';

const SR_ORDER = [
  'version', 'numberOfRecords', 'resultSetId', 'resultSetIdleTime', 'records', 'nextRecordPosition', 'echoedSearchRetrieveRequest',
  'diagnostics', 'extraResponseData', 'resultSetTTL', 'resultCountPrecision', 'facetedResults', 'searchResultAnalysis',
];
const RECORD_ORDER = ['recordSchema', 'recordPacking', 'recordXMLEscaping', 'recordData', 'recordPosition', 'extraRecordData'];
const ECHO_20 = ['version', 'queryType', 'query', 'xQuery', 'startRecord', 'maximumRecords', 'recordXMLEscaping', 'recordPacking', 'recordSchema', 'facetParameters', 'resultSetTTL', 'sortKeys'];
const EXPLAIN_ORDER = ['version', 'record', 'echoedExplainRequest', 'diagnostics', 'extraResponseData'];
const SCAN_ORDER = ['version', 'terms', 'echoedScanRequest', 'diagnostics', 'extraResponseData'];

describe('SRU response structure', () => {
  let sru: Awaited<ReturnType<typeof startFakeSru>>;
  beforeAll(async () => {
    sru = await startFakeSru(fakeUnion({ failing: { slow: 'timeout' } }));
  });
  afterAll(async () => {
    await sru.close();
  });

  it('1.2 searchRetrieve: LoC namespace, version, schema order, records, echo, diagnostics, extraResponseData', async () => {
    const { xml, type, headers } = await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '2' });
    expect(type).toBe('text/xml; charset=utf-8');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(xml.ns).toBe(NS.srw);
    expect(xml.local).toBe('searchRetrieveResponse');
    expect(xml.children.every((c) => c.ns === NS.srw)).toBe(true);
    expect(names(xml)).toEqual(['version', 'numberOfRecords', 'resultSetId', 'resultSetIdleTime', 'records', 'nextRecordPosition', 'echoedSearchRetrieveRequest', 'diagnostics', 'extraResponseData']);
    expect(inSchemaOrder(names(xml), SR_ORDER)).toBe(true);
    expect(req(xml, 'version').text).toBe('1.2');
    const total = Number(req(xml, 'numberOfRecords').text);
    // Seven source records, six works: pku's and shl's Cambridge history of China are merged.
    expect(total).toBe(6);
    expect(Number(req(xml, 'resultSetIdleTime').text)).toBeGreaterThan(500);
    const records = req(xml, 'records').children;
    expect(records).toHaveLength(2);
    // Relevance order may put a work that cannot be given as MARCXML first: it is a surrogate diagnostic then.
    for (const [i, record] of records.entries()) {
      expect(names(record)).toEqual(['recordSchema', 'recordPacking', 'recordData', 'recordPosition']);
      expect(req(record, 'recordPacking').text).toBe('xml');
      expect(req(record, 'recordPosition').text).toBe(String(i + 1));
      const schema = req(record, 'recordSchema').text;
      if (schema === 'info:srw/schema/1/marcxml-v1.1') expect(req(record, 'recordData').children[0]).toMatchObject({ ns: NS.marc, local: 'record' });
      else expect(schema).toBe('info:srw/schema/1/diagnostics-v1.1');
    }
    expect(req(xml, 'nextRecordPosition').text).toBe('3');
    expect(names(req(xml, 'echoedSearchRetrieveRequest'))).toEqual(['version', 'query', 'maximumRecords']);
    expect(req(xml, 'echoedSearchRetrieveRequest', 'query').text).toBe('dc.title=history');
    const diag = req(xml, 'diagnostics').children[0];
    expect(diag?.ns).toBe(NS.srwDiag);
    expect(names(diag!)).toEqual(['uri', 'details', 'message']);
    const federation = req(xml, 'extraResponseData').children[0]!;
    expect(federation).toMatchObject({ ns: NS.fed, local: 'federation' });
    const libraries = federation.children.filter((c) => c.local === 'library');
    expect(libraries.map((l) => [l.attrs.id, l.attrs.state])).toEqual([['pku', 'ok'], ['shl', 'ok'], ['cau', 'ok'], ['nlc', 'ok'], ['slow', 'timeout']]);
    const slow = libraries.find((l) => l.attrs.id === 'slow')!;
    expect(slow.attrs).toMatchObject({ source: 'gateway', code: 'timeout' });
    const inner = all(slow, 'diagnostic').find((d) => d.ns === NS.srwDiag)!;
    expect(req(inner, 'uri').text).toBe('info:srw/diagnostic/1/2');
    expect(req(inner, 'details').text).toMatch(/^slow: gateway timeout/);
  });

  it('2.0 searchRetrieve: OASIS namespaces, no version, resultSetTTL and resultCountPrecision after extraResponseData', async () => {
    // Two merged works match (the Cambridge history held by pku and shl is one), so a next position exists.
    const { xml } = await sruPost(sru.url, { version: '2.0', query: 'dc.title=china', maximumRecords: '1', recordSchema: 'info:srw/schema/1/dc-v1.1' });
    expect(xml).toMatchObject({ ns: NS.sru2, local: 'searchRetrieveResponse' });
    expect(child(xml, 'version')).toBeUndefined();
    expect(inSchemaOrder(names(xml), SR_ORDER)).toBe(true);
    expect(names(xml)).toEqual(['numberOfRecords', 'resultSetId', 'records', 'nextRecordPosition', 'echoedSearchRetrieveRequest', 'diagnostics', 'extraResponseData', 'resultSetTTL', 'resultCountPrecision']);
    expect(req(xml, 'resultCountPrecision').text).toBe('info:srw/vocabulary/resultCountPrecision/1/minimum');
    const record = req(xml, 'records', 'record');
    expect(names(record)).toEqual(['recordSchema', 'recordPacking', 'recordXMLEscaping', 'recordData', 'recordPosition']);
    expect(inSchemaOrder(names(record), RECORD_ORDER)).toBe(true);
    expect(req(record, 'recordSchema').text).toBe('info:srw/schema/1/dc-v1.1');
    expect(req(record, 'recordPacking').text).toBe('packed');
    expect(req(record, 'recordXMLEscaping').text).toBe('xml');
    const dc = req(record, 'recordData').children[0]!;
    expect(dc).toMatchObject({ ns: 'info:srw/schema/1/dc-schema', local: 'dc' });
    expect(dc.children.find((c) => c.local === 'title')).toMatchObject({ ns: 'http://purl.org/dc/elements/1.1/', text: expect.stringMatching(/^(The Cambridge|Agricultural) history of China$/) });
    expect(inSchemaOrder(names(req(xml, 'echoedSearchRetrieveRequest')), ECHO_20)).toBe(true);
    expect(req(xml, 'diagnostics').children[0]?.ns).toBe(NS.sru2Diag);
  });

  it('record packing: 1.2 string escapes the record; 2.0 recordXMLEscaping=string and recordPacking=unpacked', async () => {
    const v12 = await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=cambridge', maximumRecords: '1', recordPacking: 'string' });
    const data12 = req(v12.xml, 'records', 'record', 'recordData');
    expect(data12.children).toHaveLength(0);
    expect(parseXml(data12.text)).toMatchObject({ ns: NS.marc, local: 'record' });
    expect(req(v12.xml, 'records', 'record', 'recordPacking').text).toBe('string');
    const v20 = await sruGet(sru.url, { version: '2.0', query: 'dc.title=cambridge', maximumRecords: '1', recordXMLEscaping: 'string', recordPacking: 'unpacked' });
    const record = req(v20.xml, 'records', 'record');
    expect(req(record, 'recordPacking').text).toBe('unpacked');
    expect(req(record, 'recordXMLEscaping').text).toBe('string');
    expect(parseXml(req(record, 'recordData').text).local).toBe('record');
  });

  it('fatal diagnostic responses keep numberOfRecords 0 and the schema order, in both versions', async () => {
    for (const version of ['1.2', '2.0']) {
      const { xml } = await sruGet(sru.url, { version, operation: 'searchRetrieve', query: 'dc.title=history', recordSchema: 'nope' });
      expect(req(xml, 'numberOfRecords').text).toBe('0');
      expect(inSchemaOrder(names(xml), SR_ORDER)).toBe(true);
      expect(child(xml, 'records')).toBeUndefined();
      expect(diagnostics(xml)[0]?.ns).toBe(version === '2.0' ? NS.sru2Diag : NS.srwDiag);
    }
  });

  it('explain: ZeeRex record from the config; bare GET and operation=explain give the same record', async () => {
    const bare = await sruGet(sru.url);
    const named = await sruGet(sru.url, { version: '1.2', operation: 'explain' });
    expect(bare.xml).toMatchObject({ ns: NS.srw, local: 'explainResponse' });
    expect(inSchemaOrder(names(bare.xml), EXPLAIN_ORDER)).toBe(true);
    const recordOf = (body: string) => body.slice(body.indexOf('<explain '), body.indexOf('</explain>'));
    expect(recordOf(bare.body)).toBe(recordOf(named.body));
    const record = req(bare.xml, 'record');
    expect(req(record, 'recordSchema').text).toBe(NS.zeerex);
    const explain = req(record, 'recordData', 'explain');
    expect(explain.ns).toBe(NS.zeerex);
    const server = req(explain, 'serverInfo');
    expect(server.attrs).toMatchObject({ protocol: 'SRU', version: '1.2' });
    expect(req(server, 'host').text).toBe('127.0.0.1');
    expect(req(server, 'port').text).toBe(new URL(sru.url).port);
    expect(req(server, 'database').text).toBe('sru');
    const titles = req(explain, 'databaseInfo').children.filter((c) => c.local === 'title');
    expect(titles.map((t) => t.attrs.lang)).toEqual(['zh', 'en']);
    const indexes = all(explain, 'index').map((i) => `${req(i, 'map', 'name').attrs.set}.${req(i, 'map', 'name').text}`);
    expect(indexes).toEqual(expect.arrayContaining(['cql.serverChoice', 'cql.allRecords', 'dc.title', 'dc.creator', 'dc.subject', 'dc.publisher', 'dc.date', 'dc.identifier', 'dc.language', 'bath.isbn', 'bath.issn', 'bath.personalName', 'bath.corporateName', 'ill.available']));
    const language = all(explain, 'index').find((i) => i.attrs.id === 'dc.language')!;
    expect(all(language, 'setting').find((s) => s.attrs.type === 'evaluation')?.text).toBe('postFilter');
    expect(all(explain, 'index').filter((i) => i.attrs.scan === 'true').map((i) => i.attrs.id)).toEqual(['dc.title', 'dc.creator', 'bath.isbn']);
    expect(all(explain, 'set').find((s) => s.attrs.name === 'ill')?.attrs.identifier).toBe('info:srw/cql-context-set/x/balis-ill-v1');
    const schemas = all(explain, 'schema').map((s) => [s.attrs.name, s.attrs.identifier]);
    expect(schemas).toEqual([['marcxml', 'info:srw/schema/1/marcxml-v1.1'], ['dc', 'info:srw/schema/1/dc-v1.1'], ['holdings', 'info:srw/schema/x/balis-holdings-v1']]);
    const config = req(explain, 'configInfo');
    expect(config.children.find((c) => c.local === 'default' && c.attrs.type === 'numberOfRecords')?.text).toBe('3');
    expect(config.children.find((c) => c.local === 'setting' && c.attrs.type === 'maximumRecords')?.text).toBe('5');
    expect(config.children.filter((c) => c.attrs.type === 'relation').map((c) => c.text)).toEqual(expect.arrayContaining(['=', '==', 'any', 'all', 'within']));
    expect(config.children.find((c) => c.attrs.type === 'scan')?.text).toMatch(/recent result sets/);
    const databases = req(bare.xml, 'extraResponseData').children[0]!;
    expect(databases.children.map((d) => d.attrs.name)).toEqual(expect.arrayContaining(['', 'pku', 'shl', 'science', 'agriculture', 'medicine', 'other']));
  });

  it('explain in 2.0 for a virtual database names it and has no version element', async () => {
    const { xml } = await sruGet(`${sru.url}/medicine`, { version: '2.0', operation: 'explain' });
    expect(xml).toMatchObject({ ns: NS.sru2, local: 'explainResponse' });
    expect(child(xml, 'version')).toBeUndefined();
    const explain = req(xml, 'record', 'recordData', 'explain');
    expect(req(explain, 'serverInfo').attrs.version).toBe('2.0');
    expect(req(explain, 'serverInfo', 'database').text).toBe('sru/medicine');
    expect(req(explain, 'databaseInfo', 'description').text).toContain('shl');
  });

  it('scan: 1.2 in the LoC namespace, 2.0 in the scan namespace, terms with counts and whereInList', async () => {
    await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '0' });
    const v12 = await sruGet(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.title="the cambridge"', maximumTerms: '3', responsePosition: '2' });
    expect(v12.xml).toMatchObject({ ns: NS.srw, local: 'scanResponse' });
    expect(inSchemaOrder(names(v12.xml), SCAN_ORDER)).toBe(true);
    const terms = req(v12.xml, 'terms').children;
    expect(terms.length).toBeGreaterThan(0);
    expect(names(terms[0]!)).toEqual(['value', 'numberOfRecords', 'displayTerm', 'whereInList']);
    // responsePosition 2: the scan term's place is second, after one preceding term; it is the last title.
    expect(terms.map((t) => req(t, 'value').text)).toEqual(['ming history', 'the cambridge history of china']);
    expect(terms.map((t) => req(t, 'whereInList').text)).toEqual(['inner', 'last']);
    // One merged work, held by two libraries.
    expect(req(terms[1]!, 'numberOfRecords').text).toBe('1');
    expect(req(terms[1]!, 'displayTerm').text).toBe('The Cambridge history of China');
    expect(req(v12.xml, 'echoedScanRequest', 'scanClause').text).toBe('dc.title="the cambridge"');
    const v20 = await sruGet(sru.url, { version: '2.0', scanClause: 'dc.creator=a', responsePosition: '1' });
    expect(v20.xml).toMatchObject({ ns: NS.sru2Scan, local: 'scanResponse' });
    const creators = req(v20.xml, 'terms').children;
    expect(creators.map((t) => req(t, 'value').text)).toEqual(['fairbank, john king', 'wang, li']);
    expect(creators.map((t) => req(t, 'whereInList').text)).toEqual(['first', 'last']);
  });
});
