/**
 * Every diagnostic the endpoint raises, over HTTP against a deterministic gateway:
 * the standard URI, the details naming what was wrong, an SRU XML body (never HTML),
 * text/xml; charset=utf-8, and no 500 for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnostics, sruGet, sruPost, NS } from './http.ts';
import { startFakeSru } from './fake-gateway.ts';
import { fakeUnion } from './fixtures.ts';
import { all } from './xml.ts';

const uri = (n: number) => `info:srw/diagnostic/1/${n}`;

describe('SRU diagnostics', () => {
  let sru: Awaited<ReturnType<typeof startFakeSru>>;
  let down: Awaited<ReturnType<typeof startFakeSru>>;
  let broken: Awaited<ReturnType<typeof startFakeSru>>;
  beforeAll(async () => {
    sru = await startFakeSru(fakeUnion({ failing: { slow: 'timeout' } }));
    down = await startFakeSru(fakeUnion({ failing: { pku: 'error', shl: 'timeout', cau: 'error', nlc: 'error', slow: 'timeout' } }));
    broken = await startFakeSru(fakeUnion({ explode: true }));
  });
  afterAll(async () => {
    await Promise.all([sru.close(), down.close(), broken.close()]);
  });

  async function expectDiagnostic(base: string, params: Record<string, string> | string, code: number, details?: string | RegExp): Promise<void> {
    const answer = await sruGet(base, params);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/xml; charset=utf-8');
    const found = diagnostics(answer.xml).find((d) => d.uri === uri(code));
    expect(found, `diagnostic ${code} in ${answer.body.slice(0, 600)}`).toBeDefined();
    expect(found?.message).toBeTruthy();
    if (details instanceof RegExp) expect(found?.details).toMatch(details);
    else if (details !== undefined) expect(found?.details).toBe(details);
  }

  const sr = (query: string, more: Record<string, string> = {}) => ({ version: '1.2', operation: 'searchRetrieve', query, ...more });

  it('1: a gateway failure is a general system error, not a 500', async () => {
    await expectDiagnostic(broken.url, sr('dc.title=history'), 1);
  });

  it('2: every library down', async () => {
    await expectDiagnostic(down.url, sr('dc.title=history'), 2, 'pku shl cau nlc slow');
  });

  it('4: unknown operation, and HTTP methods other than GET/POST', async () => {
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'update' }, 4, 'update');
    const { request } = await import('undici');
    const res = await request(sru.url, { method: 'PUT' });
    const body = await res.body.text();
    expect(res.statusCode).toBe(405);
    expect(body).toContain(uri(4));
  });

  it('5: versions below 1.1 or not a version; POST needs 1.2+', async () => {
    await expectDiagnostic(sru.url, { version: '1.0', operation: 'explain' }, 5, '2.0');
    await expectDiagnostic(sru.url, { version: 'abc', query: 'x' }, 5);
    const post = await sruPost(sru.url, { version: '1.1', operation: 'searchRetrieve', query: 'dc.title=history' });
    expect(diagnostics(post.xml).map((d) => d.uri)).toEqual([uri(5)]);
  });

  it('6: bad integers, a repeated parameter, an unknown queryType', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=history', { startRecord: '0' }), 6, 'startRecord');
    await expectDiagnostic(sru.url, sr('dc.title=history', { maximumRecords: '-1' }), 6, 'maximumRecords');
    await expectDiagnostic(sru.url, sr('dc.title=history', { resultSetTTL: 'soon' }), 6, 'resultSetTTL');
    await expectDiagnostic(sru.url, 'version=1.2&operation=searchRetrieve&query=a&query=b', 6, 'query');
    await expectDiagnostic(sru.url, { version: '2.0', query: 'dc.title=history', queryType: 'pqf' }, 6, 'queryType');
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.title=a', maximumTerms: '0' }, 6, 'maximumTerms');
  });

  it('7: query and scanClause are mandatory', async () => {
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'searchRetrieve' }, 7, 'query');
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'scan' }, 7, 'scanClause');
  });

  it('8: parameters the operation does not define in the version (x- extensions are ignored)', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=history', { bogus: '1' }), 8, 'bogus');
    await expectDiagnostic(sru.url, sr('dc.title=history', { recordXMLEscaping: 'string' }), 8, 'recordXMLEscaping');
    await expectDiagnostic(sru.url, sr('dc.title=history', { sortKeys: 'dc.date' }), 8, 'sortKeys');
    const ok = await sruGet(sru.url, sr('dc.title=history', { 'x-client': 'portal' }));
    expect(diagnostics(ok.xml).map((d) => d.uri)).not.toContain(uri(8));
    // explain keeps its record and reports the parameter beside it
    const explain = await sruGet(sru.url, { version: '1.2', operation: 'explain', query2: 'x' });
    expect(all(explain.xml, 'explain')).toHaveLength(1);
    expect(diagnostics(explain.xml)[0]).toMatchObject({ uri: uri(8), details: 'query2' });
  });

  it('10, 13, 15, 16, 19, 20, 27: CQL the endpoint cannot run is refused, never searched', async () => {
    const before = sru.fake.searches.length;
    await expectDiagnostic(sru.url, sr('dc.title='), 10);
    await expectDiagnostic(sru.url, sr('(dc.title=history'), 13);
    await expectDiagnostic(sru.url, sr('foo.title=history'), 15, 'foo');
    await expectDiagnostic(sru.url, sr('dc.format=book'), 16, 'dc.format');
    await expectDiagnostic(sru.url, sr('dc.title within "a b"'), 19, 'within');
    await expectDiagnostic(sru.url, sr('dc.title =/stem history'), 20, 'stem');
    await expectDiagnostic(sru.url, sr('dc.title=""'), 27);
    await expectDiagnostic(sru.url, sr('dc.language=english and dc.title=history'), 36, 'english');
    expect(sru.fake.searches.length).toBe(before);
  });

  it('48: post-filter indexes only as "and" operands; 51: unknown result set', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=history or dc.language=chi'), 48, 'dc.language');
    await expectDiagnostic(sru.url, sr('ill.available=1'), 48, 'ill.available');
    await expectDiagnostic(sru.url, sr('cql.allRecords=1'), 48, 'cql.allRecords');
    await expectDiagnostic(sru.url, sr('cql.resultSetId="no-such-set"'), 51, 'no-such-set');
  });

  it('59: partial results keep their records and name the missing library', async () => {
    const answer = await sruGet(sru.url, sr('dc.title=history', { maximumRecords: '5' }));
    expect(diagnostics(answer.xml)).toEqual([expect.objectContaining({ uri: uri(59), details: 'slow' })]);
    expect(all(answer.xml, 'record').length).toBeGreaterThan(0);
  });

  it('61: first record position beyond the records', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=cambridge', { startRecord: '9' }), 61, '9');
  });

  it('64, 67, 68: surrogate diagnostics stand in for single records', async () => {
    const surrogate = async (query: string, code: number) => {
      const a = await sruGet(sru.url, sr(query, { maximumRecords: '5' }));
      const records = all(a.xml, 'record').filter((r) => r.ns === NS.srw);
      const diag = records.find((r) => r.children.find((c) => c.local === 'recordSchema')?.text === 'info:srw/schema/1/diagnostics-v1.1');
      expect(diag, `surrogate ${code} for ${query}`).toBeDefined();
      const inner = all(diag!, 'diagnostic')[0];
      expect(inner?.ns).toBe(NS.srwDiag);
      expect(inner?.children.find((c) => c.local === 'uri')?.text).toBe(uri(code));
    };
    await surrogate('dc.title="Broken history"', 64);
    await surrogate('dc.title="without MARC"', 67);
    await surrogate('dc.title="kept at nlc"', 68);
    // The same records are fine in a schema that does not need the MARC.
    const dc = await sruGet(sru.url, sr('dc.title="without MARC"', { recordSchema: 'dc' }));
    expect(all(dc.xml, 'dc').length).toBe(1);
  });

  it('66: unknown schema; 71: unknown packing', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=history', { recordSchema: 'mods' }), 66, 'mods');
    await expectDiagnostic(sru.url, sr('dc.title=history', { recordPacking: 'json' }), 71, 'json');
    await expectDiagnostic(sru.url, { version: '2.0', query: 'dc.title=history', recordXMLEscaping: 'json' }, 71, 'json');
    await expectDiagnostic(sru.url, { version: '2.0', query: 'dc.title=history', recordPacking: 'zip' }, 71, 'zip');
  });

  it('80: sorting is refused (sortBy in CQL, sortKeys in 1.1 and 2.0)', async () => {
    await expectDiagnostic(sru.url, sr('dc.title=history sortBy dc.date/sort.descending'), 80, 'dc.date');
    await expectDiagnostic(sru.url, { version: '1.1', operation: 'searchRetrieve', query: 'dc.title=history', sortKeys: 'dc.date,,0' }, 80);
    await expectDiagnostic(sru.url, { version: '2.0', query: 'dc.title=history', sortKeys: 'dc.date' }, 80);
  });

  it('110: a stylesheet is not applied but the answer still comes', async () => {
    const answer = await sruGet(sru.url, sr('dc.title=cambridge', { stylesheet: 'http://example.org/s.xsl' }));
    expect(diagnostics(answer.xml).map((d) => d.uri)).toContain(uri(110));
    expect(all(answer.xml, 'record').length).toBeGreaterThan(0);
  });

  it('120: scan response position beyond maximumTerms + 1', async () => {
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.title=a', maximumTerms: '5', responsePosition: '7' }, 120, '7');
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.subject=a' }, 16, 'dc.subject');
    await expectDiagnostic(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.title=a or dc.title=b' }, 10);
  });

  it('an unknown database is an SRU answer with HTTP 404, not an HTML page', async () => {
    const answer = await sruGet(`${sru.url}/nosuch`, sr('dc.title=history'));
    expect(answer.status).toBe(404);
    expect(answer.type).toBe('text/xml; charset=utf-8');
    expect(diagnostics(answer.xml)[0]).toMatchObject({ uri: uri(1), details: 'unknown database "nosuch"' });
  });

  it('POST with another content type (SRW/SOAP) is refused in XML', async () => {
    const answer = await sruPost(sru.url, { query: 'x' }, 'text/xml');
    expect(answer.status).toBe(415);
    expect(diagnostics(answer.xml)[0]?.uri).toBe(uri(4));
  });
});
