/**
 * No silent duplicates: a reader's open request for the same volume, at any lender, is shown and
 * needs `confirmDuplicate: true`; the librarian list marks duplicates.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateRef, sameRequestedVolume } from '../../src/ill/duplicates.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { READER, startIllApi, tempDir, type TestApi } from './fixtures.ts';

async function post<T>(url: string, body: unknown, user = 'reader-a'): Promise<{ status: number; body: T }> {
  const res = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-test-role': 'reader', 'x-test-user': user } });
  return { status: res.statusCode, body: (await res.body.json()) as T };
}

const volume = (title: string, vol: string | undefined, isbn?: string) =>
  ({ form: { title: `${title}${vol ? `. ${vol}` : ''}`, isbnIssn: isbn ?? '' }, bibliographic: { titleProper: title, ...(vol ? { volume: vol } : {}), ...(isbn ? { isbn } : {}) } }) as Pick<IllDraft, 'form' | 'bibliographic'>;

describe('sameRequestedVolume', () => {
  it('is the same volume by its ISBN in either form, or by title proper and volume designation', () => {
    expect(sameRequestedVolume(volume('A', 'v.7', '0521243327'), volume('Other title', undefined, '978-0-521-24332-2'))).toBe(true);
    expect(sameRequestedVolume(volume('The Cambridge history of China', 'v.7: The Ming Dynasty, pt. 1'), volume('Cambridge History of China', 'Vol. 7, Part 1'))).toBe(true);
    expect(sameRequestedVolume(volume('The Cambridge history of China', 'v.7'), volume('The Cambridge history of China', 'v.8'))).toBe(false);
    expect(sameRequestedVolume(volume('万历十五年', undefined), volume('萬曆十五年', undefined))).toBe(true);
  });

  it('words the earlier request with its day in Asia/Shanghai and its ST number', () => {
    const earlier = { id: 'GW-1', status: 'submitted', createdAt: '2026-12-04T17:30:00.000Z', lender: { id: 'shl', name: { zh: '上海图书馆', en: 'Shanghai Library' } }, form: { title: 'T' }, submission: { requestNumber: 'ST00000007', attempts: 1, warnings: [] } } as unknown as IllDraft;
    expect(duplicateRef(earlier)).toMatchObject({ zh: '您已于 2026-12-05 申请过此书 (ST00000007)', en: 'You requested this on 2026-12-05 (ST00000007)', requestNumber: 'ST00000007' });
  });
});

describe('drafting the same volume twice', () => {
  const tmp = tempDir();
  let api: TestApi;
  beforeAll(async () => {
    api = await startIllApi({ dataDir: tmp.dir });
  });
  afterAll(async () => {
    await api.close();
    tmp.remove();
  });

  interface Duplicate { id: string; status: string; zh: string; en: string; lender: { id: string } }
  interface Problem { status: number; code: string; zh: string; duplicates: Duplicate[]; errors: { parameter: string }[] }

  it('asks the reader to confirm, listing the open request, whichever lender they pick', async () => {
    const first = await post<IllDraft>(`${api.url}/drafts`, { resultSetId: 'rs1', recordId: 'shl:b1166587', lender: 'shl', reader: READER });
    expect(first.status).toBe(201);
    expect(first.body.duplicateOf).toBeUndefined();

    const again = await post<Problem>(`${api.url}/drafts`, { resultSetId: 'rs1', recordId: 'shl:b1166587', lender: 'shl', reader: READER });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'duplicate_request', errors: [{ parameter: 'confirmDuplicate' }] });
    expect(again.body.duplicates).toEqual([expect.objectContaining({ id: first.body.id, status: 'draft', lender: expect.objectContaining({ id: 'shl' }) })]);
    expect(again.body.zh).toMatch(new RegExp(`^您已于 \\d{4}-\\d{2}-\\d{2} 申请过此书 \\(${first.body.id}\\)$`, 'u'));

    const elsewhere = await post<Problem>(`${api.url}/drafts`, { resultSetId: 'rs1', clusterId: 'c1', lender: 'pku', reader: READER });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.duplicates.map((d) => d.id)).toEqual([first.body.id]);

    // Another reader's request is not theirs to be warned about.
    expect((await post<IllDraft>(`${api.url}/drafts`, { resultSetId: 'rs1', recordId: 'shl:b1166587', lender: 'shl', reader: READER }, 'reader-b')).status).toBe(201);
  });

  it('makes the draft when confirmed and records which requests it duplicates; the librarian list marks both', async () => {
    const confirmed = await post<IllDraft>(`${api.url}/drafts`, { resultSetId: 'rs1', clusterId: 'c1', lender: 'pku', reader: READER, confirmDuplicate: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.duplicateOf).toHaveLength(1);

    const res = await request(`${api.url}/drafts?all=1`, { headers: { 'x-test-role': 'librarian' } });
    const { drafts } = (await res.body.json()) as { drafts: (IllDraft & { duplicates: string[] })[] };
    const mine = drafts.filter((d) => d.owner === 'reader-a');
    expect(mine).toHaveLength(2);
    const [newer, older] = mine as [IllDraft & { duplicates: string[] }, IllDraft & { duplicates: string[] }];
    expect(newer.duplicates).toEqual([older.id]);
    expect(older.duplicates).toEqual([newer.id]);
    expect(drafts.find((d) => d.owner === 'reader-b')?.duplicates).toEqual([]);
  });
});
