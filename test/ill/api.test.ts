import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IllDraft } from '../../src/ill/types.ts';
import { READER, draftBody, resultSet, seedRecords, startIllApi, tempDir, type TestApi } from './fixtures.ts';
import { call } from './http.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { parameter: string; detail: string }[];
  reasons?: { code: string; zh: string; en: string }[];
  alternatives?: { library: string; index: number; barcode?: string }[];
}

describe('ILL drafts API', () => {
  const tmp = tempDir();
  let api: TestApi;
  beforeAll(async () => {
    const xss = seedRecords()[0]!;
    xss.id = 'shl:x1';
    xss.title = '<script>alert("x")</script> & Co';
    api = await startIllApi({ dataDir: tmp.dir, sets: [resultSet('rs1', seedRecords()), resultSet('rs-xss', [xss])] });
  });
  afterAll(async () => {
    await api.close();
    tmp.remove();
  });

  it('drafts from a record in a result set with every BALIS field, eligibility and alternatives', async () => {
    const res = await call<IllDraft>('POST', `${api.url}/drafts`, draftBody({ customReference: 'R-1', note: '谢谢' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/ill/drafts/${res.body.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    const d = res.body;
    expect(d.id).toMatch(/^GW-20250115-[0-9A-F]{12}$/u);
    expect(d.status).toBe('draft');
    expect(d.form).toMatchObject({
      title: 'The Cambridge History of China. v.7: The Ming Dynasty, 1368-1644',
      language: '英文',
      year: '1988',
      authors: 'Twitchett, Denis Crispin., Fairbank, John King,, Mote, Frederick W.',
      lenderName: '上海图书馆',
      lenderCode: '123114',
      materialType: '图书',
      delivery: '物流',
      pickup: '到本校图书馆取书',
      fee: '0元',
      paymentMethod: '现金支付',
      customReference: 'R-1',
      note: '谢谢',
    });
    expect(d.reader).toEqual(READER);
    expect(d.eligibility).toEqual({ eligible: true, reasons: [] });
    expect(d.copy).toMatchObject({ library: 'shl', index: 0, barcode: '54122100517423', statusText: '归还', collectionType: '参考外借资料' });
    expect(d.source).toEqual({ resultSetId: 'rs1', clusterId: 'c1', recordId: 'shl:b1166587' });
    expect(d.alternatives.map((a) => a.library)).toEqual(['pku']);
    expect(d.submission).toEqual({ attempts: 0, warnings: [] });
  });

  it('drafts from a record id alone and from a merged cluster, using the lender’s own record', async () => {
    const byId = await call<IllDraft>('POST', `${api.url}/drafts`, { recordId: 'shl:b1166587', lender: 'shl', reader: READER, confirmDuplicate: true });
    expect(byId.status).toBe(201);
    const byCluster = await call<IllDraft>('POST', `${api.url}/drafts`, { resultSetId: 'rs1', clusterId: 'c1', lender: 'pku', reader: READER, confirmDuplicate: true });
    expect(byCluster.status).toBe(201);
    expect(byCluster.body.source.recordId).toBe('pku:000123');
    expect(byCluster.body.form).toMatchObject({ lenderName: '北京大学图书馆', lenderCode: '100871', isbnIssn: '9780521243322' });
    expect(byCluster.body.form.lenderDetail).toBe('总馆，外文书库，索书号 K248/C178，条码 PKU0001');
  });

  it('answers 404 with a hint to search again for expired result sets and unknown records', async () => {
    const expired = await call<Problem>('POST', `${api.url}/drafts`, draftBody({ resultSetId: 'gone' }));
    expect(expired.status).toBe(404);
    expect(expired.type).toContain('application/problem+json');
    expect(expired.body.detail).toContain('search again');
    expect(expired.body.errors).toEqual([{ parameter: 'resultSetId', detail: 'unknown or expired' }]);
    const record = await call<Problem>('POST', `${api.url}/drafts`, { recordId: 'shl:none', lender: 'shl', reader: READER });
    expect(record.status).toBe(404);
    expect(record.body.errors?.[0]?.parameter).toBe('recordId');
    const cluster = await call<Problem>('POST', `${api.url}/drafts`, { resultSetId: 'rs1', clusterId: 'zz', lender: 'shl', reader: READER });
    expect([cluster.status, cluster.body.errors?.[0]?.parameter]).toEqual([404, 'clusterId']);
  });

  it('names every invalid field without echoing the values', async () => {
    const body = draftBody({
      lender: 'nowhere',
      note: '备'.repeat(51),
      extra: 1,
      reader: { readerBarcode: 'bad barcode!', recipientName: ' ', email: 'weimin21c-at-163.com', phone: 'call me' },
      needBeforeDate: '2020-01-01',
    });
    const res = await call<Problem>('POST', `${api.url}/drafts`, body);
    expect(res.status).toBe(400);
    const fields = Object.fromEntries((res.body.errors ?? []).map((e) => [e.parameter, e.detail]));
    expect(fields).toEqual({
      lender: 'not a configured library id',
      note: 'at most 50 characters',
      extra: 'unknown field',
      'reader.readerBarcode': 'does not have the shape of a reader barcode',
      'reader.recipientName': 'required',
      'reader.email': 'not an e-mail address',
      'reader.phone': 'digits, spaces and + - ( ) /, at most 40 characters',
      needBeforeDate: 'must not be in the past',
    });
    expect(res.text).not.toContain('weimin21c-at-163.com');
    expect(res.text).not.toContain('bad barcode!');

    const missing = await call<Problem>('POST', `${api.url}/drafts`, { lender: 'shl' });
    expect(missing.body.errors?.map((e) => e.parameter).sort()).toEqual(['reader', 'recordId']);
    const json = await call<Problem>('POST', `${api.url}/drafts`, undefined, '{"lender": ');
    expect([json.status, json.body.errors]).toEqual([400, [{ parameter: 'body', detail: 'not valid JSON' }]]);
    const holding = await call<Problem>('POST', `${api.url}/drafts`, draftBody({ holding: { barcode: 'nope' } }));
    expect([holding.status, holding.body.errors?.[0]?.parameter]).toEqual([400, 'holding']);
  });

  it('previews the form before the reader fills in theirs: the draft\'s values, the correctable limits, nothing kept', async () => {
    const { reader: _reader, confirmDuplicate: _confirm, ...body } = draftBody();
    const before = (await call<{ drafts: IllDraft[] }>('GET', `${api.url}/drafts?all=1&limit=500`)).body.drafts.length;
    const preview = await call<{ form: IllDraft['form']; warnings: unknown[]; limits: Record<string, number>; lender: IllDraft['lender']; copy?: { barcode?: string } }>('POST', `${api.url}/drafts/preview`, body);
    expect(preview.status).toBe(200);
    expect(preview.headers['cache-control']).toBe('no-store');
    expect(preview.body.limits).toEqual({ title: 240, language: 20, year: 20, authors: 240, publisher: 100, isbnIssn: 40 });
    expect(preview.body.lender).toMatchObject({ id: 'shl', code: '123114' });
    expect(preview.body.copy?.barcode).toBe('54122100517423');
    const made = await call<IllDraft>('POST', `${api.url}/drafts`, draftBody());
    expect(preview.body.form).toEqual(made.body.form);
    expect(preview.body.warnings).toEqual(made.body.warnings);
    expect((await call<{ drafts: IllDraft[] }>('GET', `${api.url}/drafts?all=1&limit=500`)).body.drafts.length).toBe(before + 1);

    // A correction is previewed as typed; over its limit, or with a reader block, the preview names the field.
    const edited = await call<{ form: IllDraft['form']; edited?: string[] }>('POST', `${api.url}/drafts/preview`, { ...body, bibliographic: { year: '1988 ' } });
    expect([edited.body.form.year, edited.body.edited]).toEqual(['1988', ['year']]);
    const bad = await call<Problem>('POST', `${api.url}/drafts/preview`, { ...body, reader: READER, bibliographic: { authors: 'a'.repeat(241) } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { parameter: 'bibliographic.authors', detail: 'at most 240 characters' },
      { parameter: 'reader', detail: 'unknown field' },
    ]);
    const refused = await call<Problem>('POST', `${api.url}/drafts/preview`, { ...body, holding: { index: 1 } });
    expect([refused.status, refused.body.reasons?.[0]?.code]).toEqual([409, 'on_loan']);
  });

  it('refuses an ineligible copy with 409, reasons in both languages and the eligible alternatives', async () => {
    const res = await call<Problem>('POST', `${api.url}/drafts`, draftBody({ holding: { index: 1 } }));
    expect(res.status).toBe(409);
    expect(res.body.reasons).toEqual([{ code: 'on_loan', zh: '状态为"借出"，应还日期 2026-12-10', en: 'on loan until 2026-12-10' }]);
    expect(res.body.alternatives?.map((a) => [a.library, a.index])).toEqual([
      ['shl', 0],
      ['pku', 0],
    ]);
    const suspended = await call<Problem>('POST', `${api.url}/drafts`, { resultSetId: 'rs1', clusterId: 'c1', lender: 'ruc', reader: READER });
    expect(suspended.status).toBe(409);
    expect(suspended.body.reasons?.map((r) => r.code)).toEqual(['lender_suspended']);
  });

  it('accepts an ineligible copy on a librarian override and records it', async () => {
    const res = await call<IllDraft>('POST', `${api.url}/drafts`, draftBody({ holding: { barcode: '54122100517424' }, override: { librarian: true, reason: '馆长特批' } }));
    expect(res.status).toBe(201);
    expect(res.body.eligibility.eligible).toBe(false);
    expect(res.body.override).toEqual({ librarian: true, reason: '馆长特批', at: '2025-01-15T02:30:00.000Z' });
    const half = await call<Problem>('POST', `${api.url}/drafts`, draftBody({ holding: { index: 1 }, override: { librarian: false } }));
    expect(half.body.errors?.map((e) => e.parameter).sort()).toEqual(['override.librarian', 'override.reason']);
  });

  it('reads, lists, exports and prints drafts', async () => {
    const created = (await call<IllDraft>('POST', `${api.url}/drafts`, draftBody({ reader: { ...READER, readerBarcode: 'LIST-1' } }))).body;
    const got = await call<IllDraft>('GET', `${api.url}/drafts/${created.id}`);
    expect(got.body).toEqual(created);
    const mine = await call<{ drafts: IllDraft[] }>('GET', `${api.url}/drafts?readerBarcode=LIST-1`);
    expect(mine.body.drafts.map((d) => d.id)).toEqual([created.id]);
    const every = await call<{ drafts: IllDraft[] }>('GET', `${api.url}/drafts?all=1`);
    expect(every.body.drafts.length).toBeGreaterThan(1);
    const neither = await call<Problem>('GET', `${api.url}/drafts`);
    expect([neither.status, neither.body.errors?.[0]?.parameter]).toEqual([400, 'readerBarcode']);

    const xml = await call('GET', `${api.url}/drafts/${created.id}/iso18626`);
    expect(xml.type).toContain('application/xml');
    expect(xml.text).toContain('ill:version="1.2"');
    const page = await call('GET', `${api.url}/drafts/${created.id}/print`);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('馆际互借申请单');
    expect(page.text).toContain('上海图书馆（出借馆代码 123114）');
    expect((await call('GET', `${api.url}/drafts/GW-none`)).status).toBe(404);
  });

  it('escapes record text on the printable page', async () => {
    const created = await call<IllDraft>('POST', `${api.url}/drafts`, { resultSetId: 'rs-xss', recordId: 'shl:x1', lender: 'shl', reader: { ...READER, recipientName: '<b>仝</b>' } });
    expect(created.status).toBe(201);
    const page = await call('GET', `${api.url}/drafts/${created.body.id}/print`);
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('<b>仝');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('deletes the reader data on request and keeps the rest', async () => {
    const created = (await call<IllDraft>('POST', `${api.url}/drafts`, draftBody())).body;
    const res = await call<IllDraft>('DELETE', `${api.url}/drafts/${created.id}/reader`);
    expect(res.status).toBe(200);
    expect(res.body.reader).toBeNull();
    expect(res.body.form).toEqual(created.form);
    expect(res.body.status).toBe('draft');
    const page = await call('GET', `${api.url}/drafts/${created.id}/print`);
    expect(page.text).not.toContain(READER.email);
    expect(page.text).toContain('读者信息已删除');
  });
});
