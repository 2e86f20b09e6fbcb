/**
 * Hostile and malformed requests across /api/*, /sru and /api/ill/*: each answered with a
 * clear 4xx (or an SRU diagnostic) that names the parameter at fault and never shows a stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

interface Case {
  name: string;
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: string;
  contentType?: string;
  status: number;
  /** problem: application/problem+json with errors[].parameter; sru: text/xml with a diagnostic. */
  kind: 'problem' | 'sru';
  parameter: string;
  /** SRU diagnostic number expected. */
  diagnostic?: number;
}

const SEARCH_PARAMS = ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'q', 'cql', 'year', 'libraries', 'category', 'op'];
const VIEW_PARAMS = ['offset', 'limit', 'sort', 'order', 'marc', 'filter.library', 'filter.year'];

const cases: Case[] = [];
for (const p of SEARCH_PARAMS) {
  cases.push(
    { name: `${p}: malformed percent-encoding`, path: `/api/search?${p}=%E0%A4%A`, status: 400, kind: 'problem', parameter: p },
    { name: `${p}: invalid UTF-8`, path: `/api/search?${p}=%FF%FE`, status: 400, kind: 'problem', parameter: p },
    { name: `${p}: NUL`, path: `/api/search?${p}=chi%00na`, status: 400, kind: 'problem', parameter: p },
    { name: `${p}: repeated`, path: `/api/search?title=china&${p}=a&${p}=b`, status: 400, kind: 'problem', parameter: p },
  );
}
for (const p of VIEW_PARAMS) {
  cases.push(
    { name: `view ${p}: repeated`, path: `/api/search?title=china&${p}=1&${p}=2`, status: 400, kind: 'problem', parameter: p },
    { name: `view ${p}: escape cut short`, path: `/api/search?title=china&${p}=%2`, status: 400, kind: 'problem', parameter: p },
  );
}
cases.push(
  { name: 'stream: invalid UTF-8', path: '/api/search/stream?title=%C3%28', status: 400, kind: 'problem', parameter: 'title' },
  { name: 'stream: control character', path: '/api/search/stream?author=a%1Bb', status: 400, kind: 'problem', parameter: 'author' },
  { name: 'stream: repeated', path: '/api/search/stream?q=a&q=b', status: 400, kind: 'problem', parameter: 'q' },
  { name: 'result id: malformed', path: '/api/results/%E0%A4%A', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'result id: invalid UTF-8', path: '/api/results/%FF', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'result id: NUL', path: '/api/results/a%00b', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'cluster id: malformed', path: '/api/results/x/clusters/%G1', status: 400, kind: 'problem', parameter: 'clusterId' },
  { name: 'record id: overlong UTF-8', path: '/api/results/x/records/%C0%AF', status: 400, kind: 'problem', parameter: 'recordId' },
  { name: 'results: repeated limit', path: '/api/results/x?limit=1&limit=2', status: 400, kind: 'problem', parameter: 'limit' },
  { name: 'results: unknown id', path: '/api/results/no-such-set', status: 404, kind: 'problem', parameter: '' },
  { name: 'year with letters', path: '/api/search?title=a&year=19x0', status: 400, kind: 'problem', parameter: 'year' },
  { name: 'year range reversed', path: '/api/search?title=a&year=2000-1990', status: 400, kind: 'problem', parameter: 'year' },
  { name: 'year five digits', path: '/api/search?title=a&year=19999', status: 400, kind: 'problem', parameter: 'year' },
  { name: 'term too long', path: `/api/search?title=${'a'.repeat(501)}`, status: 400, kind: 'problem', parameter: 'title' },
  { name: 'cql too long', path: `/api/search?cql=${'a'.repeat(2001)}`, status: 400, kind: 'problem', parameter: 'cql' },
  { name: 'cql syntax', path: '/api/search?cql=title%3D', status: 400, kind: 'problem', parameter: 'cql' },
  { name: 'cql deep nesting', path: `/api/search?cql=${'('.repeat(300)}a${')'.repeat(300)}`, status: 400, kind: 'problem', parameter: 'cql' },
  { name: 'cql many terms', path: `/api/search?cql=${Array.from({ length: 300 }, (_, i) => `t${i}`).join('%20and%20')}`, status: 400, kind: 'problem', parameter: 'cql' },
  { name: 'unknown parameter', path: '/api/search?title=a&colour=red', status: 400, kind: 'problem', parameter: 'colour' },
  { name: 'bad parameter name', path: '/api/search?title=a&%FF=1', status: 400, kind: 'problem', parameter: '%FF' },
  { name: 'unknown library', path: '/api/search?title=a&libraries=nowhere', status: 400, kind: 'problem', parameter: 'libraries' },
  { name: 'bad isbn', path: '/api/search?isbn=123', status: 400, kind: 'problem', parameter: 'isbn' },
  { name: 'limit too large', path: '/api/search?title=a&limit=100000', status: 400, kind: 'problem', parameter: 'limit' },
  { name: 'no term', path: '/api/search', status: 400, kind: 'problem', parameter: 'q' },
  { name: 'URL too long', path: `/api/search?title=${'a'.repeat(9000)}`, status: 414, kind: 'problem', parameter: 'url' },
);

const SRU_PARAMS = ['query', 'version', 'maximumRecords', 'startRecord', 'recordSchema', 'recordPacking', 'sortKeys', 'operation'];
for (const p of SRU_PARAMS) {
  const base = p === 'query' ? '' : 'query=china&';
  cases.push(
    { name: `SRU ${p}: malformed percent-encoding`, path: `/sru?${base}${p}=%E0%A4%A`, status: 200, kind: 'sru', parameter: p, diagnostic: 6 },
    { name: `SRU ${p}: invalid UTF-8`, path: `/sru?${base}${p}=%FF%FE`, status: 200, kind: 'sru', parameter: p, diagnostic: 6 },
    { name: `SRU ${p}: control character`, path: `/sru?${base}${p}=a%07b`, status: 200, kind: 'sru', parameter: p, diagnostic: 6 },
  );
}
cases.push(
  { name: 'SRU repeated query', path: '/sru?query=a&query=b', status: 200, kind: 'sru', parameter: 'query', diagnostic: 6 },
  { name: 'SRU repeated maximumRecords', path: '/sru?query=a&maximumRecords=1&maximumRecords=2', status: 200, kind: 'sru', parameter: 'maximumRecords', diagnostic: 6 },
  { name: 'SRU POST invalid UTF-8', method: 'POST', path: '/sru', body: 'version=1.2&query=%FF', contentType: 'application/x-www-form-urlencoded', status: 200, kind: 'sru', parameter: 'query', diagnostic: 6 },
  { name: 'SRU query too long', path: `/sru?query=${'a'.repeat(5000)}`, status: 200, kind: 'sru', parameter: 'query', diagnostic: 12 },
  { name: 'SRU query nested too deep', path: `/sru?query=${'('.repeat(1000)}a${')'.repeat(1000)}`, status: 200, kind: 'sru', parameter: 'query', diagnostic: 13 },
  { name: 'SRU query too many terms', path: `/sru?query=${Array.from({ length: 640 }, () => 'a').join('%20or%20')}`, status: 200, kind: 'sru', parameter: 'query', diagnostic: 38 },
);

const ILL_BODY = { recordId: 'x:1', lender: 'pku', reader: { readerBarcode: '1234567890', recipientName: '张三', email: 'a@b.cn' } };
cases.push(
  { name: 'ILL list: invalid UTF-8 barcode', path: '/api/ill/drafts?readerBarcode=%FF', status: 400, kind: 'problem', parameter: 'readerBarcode' },
  { name: 'ILL list: malformed escape', path: '/api/ill/drafts?readerBarcode=%4', status: 400, kind: 'problem', parameter: 'readerBarcode' },
  { name: 'ILL list: control character', path: '/api/ill/drafts?readerBarcode=12%0A34', status: 400, kind: 'problem', parameter: 'readerBarcode' },
  { name: 'ILL list: repeated limit', path: '/api/ill/drafts?all=1&limit=1&limit=2', status: 400, kind: 'problem', parameter: 'limit' },
  { name: 'ILL list: repeated barcode', path: '/api/ill/drafts?readerBarcode=1&readerBarcode=2', status: 400, kind: 'problem', parameter: 'readerBarcode' },
  { name: 'ILL list: limit too large', path: '/api/ill/drafts?limit=100000', status: 400, kind: 'problem', parameter: 'limit' },
  { name: 'ILL draft id: malformed', path: '/api/ill/drafts/%E0%A4%A', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'ILL draft id: invalid UTF-8', path: '/api/ill/drafts/%FF/print', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'ILL draft id: NUL', method: 'DELETE', path: '/api/ill/drafts/a%00/reader', status: 400, kind: 'problem', parameter: 'id' },
  { name: 'ILL draft: not JSON', method: 'POST', path: '/api/ill/drafts', body: '{"lender":', contentType: 'application/json', status: 400, kind: 'problem', parameter: 'body' },
  { name: 'ILL draft: control character in name', method: 'POST', path: '/api/ill/drafts', body: JSON.stringify({ ...ILL_BODY, reader: { ...ILL_BODY.reader, recipientName: '张\u0000三' } }), contentType: 'application/json', status: 400, kind: 'problem', parameter: 'reader.recipientName' },
  { name: 'ILL draft: bad e-mail', method: 'POST', path: '/api/ill/drafts', body: JSON.stringify({ ...ILL_BODY, reader: { ...ILL_BODY.reader, email: 'nope' } }), contentType: 'application/json', status: 400, kind: 'problem', parameter: 'reader.email' },
  { name: 'ILL draft: unknown lender', method: 'POST', path: '/api/ill/drafts', body: JSON.stringify({ ...ILL_BODY, lender: 'nowhere' }), contentType: 'application/json', status: 400, kind: 'problem', parameter: 'lender' },
  { name: 'ILL draft: unknown field', method: 'POST', path: '/api/ill/drafts', body: JSON.stringify({ ...ILL_BODY, extra: 1 }), contentType: 'application/json', status: 400, kind: 'problem', parameter: 'extra' },
  { name: 'ILL draft: query escape', method: 'POST', path: '/api/ill/drafts?x=%ZZ', body: JSON.stringify(ILL_BODY), contentType: 'application/json', status: 400, kind: 'problem', parameter: 'x' },
);

const STACK = /\n\s+at |\.ts:\d+|node_modules/;

describe('bad input across the API, SRU and ILL', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startSimulatedGateway([{ id: 'pku' }, { id: 'bnu' }]);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('has at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases)('$name', async (c) => {
    const res = await request(`${gw.url}${c.path}`, {
      method: c.method ?? 'GET',
      ...(c.body === undefined ? {} : { body: c.body, headers: { 'content-type': c.contentType ?? 'text/plain' } }),
    });
    const text = await res.body.text();
    expect(res.statusCode).toBe(c.status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(text).not.toMatch(STACK);
    if (c.kind === 'problem') {
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(text) as { status: number; errors?: { parameter: string }[] };
      expect(body.status).toBe(c.status);
      if (c.parameter !== '') expect(body.errors?.map((e) => e.parameter)).toContain(c.parameter);
    } else {
      expect(String(res.headers['content-type'])).toMatch(/^text\/xml/);
      expect(text).toContain(`info:srw/diagnostic/1/${c.diagnostic}<`);
      expect(text).toContain(c.parameter);
    }
  });

  it('answers a header block past Node’s limit with a problem+json 431', async () => {
    const res = await request(`${gw.url}/api/search?title=${'a'.repeat(40_000)}`);
    const text = await res.body.text();
    expect(res.statusCode).toBe(431);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status: 431, title: 'Request header fields too large' });
  });
});
