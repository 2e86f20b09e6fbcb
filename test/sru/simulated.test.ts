/**
 * The endpoint over a real gateway with simulated SRU member libraries (real sockets):
 * federated search, paging through a kept result set, post-filters, virtual databases,
 * partial results, holdings in every schema, version negotiation, POST and CORS.
 * The fixture catalogue may change: assertions are relations, not fixed counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';
import { diagnostics, NS, sruGet, sruPost } from './http.ts';
import { all, child, req, type XNode } from './xml.ts';

function controlNumbers(xml: XNode): string[] {
  return all(xml, 'controlfield').filter((c) => c.attrs.tag === '001').map((c) => c.text);
}

function fields852(record: XNode): XNode[] {
  return all(record, 'datafield').filter((d) => d.attrs.tag === '852');
}

function subfield(field: XNode, code: string): string | undefined {
  return field.children.find((s) => s.attrs.code === code)?.text;
}

describe('SRU endpoint over simulated libraries', () => {
  let gw: RunningGateway;
  let base: string;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'pku', category: '理工类', latencyMs: 5 },
      { id: 'shl', category: '医学类', latencyMs: 10, version: '2.0' },
      { id: 'hang', fault: 'hang', timeoutMs: 300 },
    ]);
    base = `${gw.url}/sru`;
  });
  afterAll(async () => {
    await gw.close();
  });

  it('searches every member, serves merged works and reports the library that timed out (59)', async () => {
    const { xml } = await sruGet(base, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '50' });
    const total = Number(req(xml, 'numberOfRecords').text);
    expect(total).toBeGreaterThan(0);
    const libraries = req(xml, 'extraResponseData', 'federation').children.filter((c) => c.local === 'library');
    const state = Object.fromEntries(libraries.map((l) => [l.attrs.id, l.attrs.state]));
    expect(state).toEqual({ pku: 'ok', shl: 'ok', hang: 'timeout' });
    const fetched = libraries.reduce((n, l) => n + Number(l.attrs.fetched), 0);
    // Both simulators serve the same catalogue: their copies of one book are one merged work.
    expect(total).toBeLessThan(fetched);
    expect(total).toBeGreaterThanOrEqual(fetched / 2);
    expect(diagnostics(xml)).toEqual([expect.objectContaining({ uri: 'info:srw/diagnostic/1/59', details: 'hang' })]);
    const records = req(xml, 'records').children;
    expect(records).toHaveLength(Math.min(total, 50));
    // Every record carries its library's copies as 852 $a <library id>.
    for (const record of records) {
      const holdings = fields852(record);
      expect(holdings.length).toBeGreaterThan(0);
      expect(holdings.every((f) => ['pku', 'shl'].includes(subfield(f, 'a') ?? ''))).toBe(true);
      expect(holdings.every((f) => subfield(f, 'z') !== undefined)).toBe(true);
    }
  });

  it('pages through the same result set by resultSetId (nextRecordPosition omitted on the last page)', async () => {
    const db = `${base}/science`;
    const whole = await sruGet(db, { version: '1.2', operation: 'searchRetrieve', query: 'cql.serverChoice=China', maximumRecords: '50' });
    const total = Number(req(whole.xml, 'numberOfRecords').text);
    expect(total).toBeGreaterThan(2);
    const first = await sruGet(db, { version: '1.2', operation: 'searchRetrieve', query: 'cql.serverChoice=China', maximumRecords: '2' });
    const id = req(first.xml, 'resultSetId').text;
    expect(req(first.xml, 'resultSetId').text).toBe(req(whole.xml, 'resultSetId').text);
    expect(req(first.xml, 'extraResponseData', 'federation').attrs.fromCache).toBe('true');
    expect(req(first.xml, 'nextRecordPosition').text).toBe('3');
    const pages = controlNumbers(req(first.xml, 'records'));
    let next: string | undefined = '3';
    while (next !== undefined) {
      const page = await sruGet(db, { version: '1.2', operation: 'searchRetrieve', query: `cql.resultSetId="${id}"`, startRecord: next, maximumRecords: '2' });
      expect(req(page.xml, 'numberOfRecords').text).toBe(String(total));
      expect(req(page.xml, 'records').children.map((r) => req(r, 'recordPosition').text)[0]).toBe(next);
      pages.push(...controlNumbers(req(page.xml, 'records')));
      next = child(page.xml, 'nextRecordPosition')?.text;
    }
    expect(pages).toEqual(controlNumbers(req(whole.xml, 'records')));
  });

  it('maximumRecords=0 gives the count only; resultSetTTL=0 asks for no result set', async () => {
    const { xml } = await sruGet(`${base}/pku`, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '0', resultSetTTL: '0' });
    expect(Number(req(xml, 'numberOfRecords').text)).toBeGreaterThan(0);
    expect(child(xml, 'records')).toBeUndefined();
    expect(child(xml, 'nextRecordPosition')).toBeUndefined();
    expect(child(xml, 'resultSetId')).toBeUndefined();
  });

  it('a library database and a category database search only their members', async () => {
    const shl = await sruGet(`${base}/shl`, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '50', recordSchema: 'holdings' });
    const medicine = await sruGet(`${base}/medicine`, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '50', recordSchema: 'holdings' });
    for (const answer of [shl, medicine]) {
      const federation = req(answer.xml, 'extraResponseData', 'federation');
      expect(federation.children.filter((c) => c.local === 'library').map((l) => l.attrs.id)).toEqual(['shl']);
      expect(all(answer.xml, 'source').every((s) => s.attrs.library === 'shl')).toBe(true);
      expect(diagnostics(answer.xml)).toEqual([]);
    }
  });

  it('dc.language and ill.available filter the federated result set; the filtered set has its own id', async () => {
    const db = `${base}/science`;
    const q = (query: string) => sruGet(db, { version: '1.2', operation: 'searchRetrieve', query, maximumRecords: '50', recordSchema: 'holdings' });
    const everything = await q('dc.title=history');
    const english = await q('dc.title=history and dc.language=eng');
    const other = await q('dc.title=history and dc.language<>eng');
    const count = (a: { xml: XNode }) => Number(req(a.xml, 'numberOfRecords').text);
    expect(count(english) + count(other)).toBe(count(everything));
    expect(all(english.xml, 'summary').every((s) => s.children.some((c) => c.local === 'language' && c.attrs.code === 'eng'))).toBe(true);

    const lendable = await q('ill.available=1 and dc.title=history');
    expect(count(lendable)).toBeLessThanOrEqual(count(everything));
    expect(all(lendable.xml, 'illAvailable').every((a) => a.text === 'true')).toBe(true);
    expect(all(lendable.xml, 'holding').some((h) => req(h, 'ill').attrs.eligible === 'true')).toBe(true);
    const id = req(lendable.xml, 'resultSetId').text;
    expect(id).not.toBe(req(everything.xml, 'resultSetId').text);
    expect(id.startsWith(req(everything.xml, 'resultSetId').text)).toBe(true);
    const again = await q(`cql.resultSetId="${id}"`);
    expect(count(again)).toBe(count(lendable));
    const narrower = await q(`cql.resultSetId="${req(everything.xml, 'resultSetId').text}" and dc.language=eng`);
    expect(count(narrower)).toBe(count(english));
  });

  it('every record schema carries the holdings: MARCXML 852s match the holdings schema copies', async () => {
    const db = `${base}/pku`;
    const query = { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '1' };
    const marc = await sruGet(db, { ...query, recordSchema: 'marcxml' });
    const holdings = await sruGet(db, { ...query, recordSchema: 'info:srw/schema/x/balis-holdings-v1' });
    const dc = await sruGet(db, { ...query, recordSchema: 'dc' });
    const copies = all(holdings.xml, 'holding');
    const f852 = fields852(marc.xml);
    expect(f852).toHaveLength(copies.length);
    expect(f852.map((f) => subfield(f, 'p'))).toEqual(copies.map((c) => child(c, 'barcode')?.text));
    expect(f852.map((f) => subfield(f, 'z'))).toEqual(copies.map((c) => req(c, 'status').text || req(c, 'status').attrs.normalized));
    expect(copies.every((c) => req(c, 'status').attrs.normalized !== undefined && req(c, 'ill').attrs.eligible !== undefined)).toBe(true);
    expect(req(holdings.xml, 'records', 'record', 'recordSchema').text).toBe('info:srw/schema/x/balis-holdings-v1');
    expect(all(dc.xml, 'source').map((s) => s.text)).toEqual(['pku图书馆 (pku)']);
  });

  it('negotiates versions: absent → 1.2, 1.5 → 1.2, 3.0 → 2.0', async () => {
    const absent = await sruGet(`${base}/pku`, { query: 'dc.title=history', maximumRecords: '0' });
    expect(absent.xml.ns).toBe(NS.srw);
    expect(req(absent.xml, 'version').text).toBe('1.2');
    const between = await sruGet(`${base}/pku`, { version: '1.5', operation: 'explain' });
    expect(req(between.xml, 'version').text).toBe('1.2');
    const higher = await sruGet(`${base}/pku`, { version: '3.0', query: 'dc.title=history', maximumRecords: '0' });
    expect(higher.xml.ns).toBe(NS.sru2);
    const v11 = await sruGet(`${base}/pku`, { version: '1.1', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '0' });
    expect(req(v11.xml, 'version').text).toBe('1.1');
  });

  it('accepts POST form bodies (1.2 and 2.0) and answers CORS preflights', async () => {
    const post = await sruPost(`${base}/pku`, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '1' });
    expect(post.status).toBe(200);
    expect(req(post.xml, 'records').children).toHaveLength(1);
    const post20 = await sruPost(`${base}/pku`, { version: '2.0', query: 'dc.title=history', maximumRecords: '1' });
    expect(post20.xml.ns).toBe(NS.sru2);
    const preflight = await request(`${base}/pku`, { method: 'OPTIONS', headers: { origin: 'https://portal.example.edu', 'access-control-request-method': 'POST' } });
    await preflight.body.dump();
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
  });
});
