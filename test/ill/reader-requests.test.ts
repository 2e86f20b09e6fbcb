/**
 * 我的申请 over the BALIS simulator: a reader's drafts and requests by ST number with the status
 * BALIS reports (submitted → shipped → arrived → returned), cancel while allowed, the reader fields
 * of the last form offered again from the server, and another reader seeing none of it (404).
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import type { ReaderRequest } from '../../src/ill/reader-requests.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { READER, startIllApi, tempDir, type TestApi } from './fixtures.ts';

async function as<T>(user: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await request(url, {
    method,
    headers: { 'content-type': 'application/json', 'x-test-role': 'reader', 'x-test-user': user },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  return { status: res.statusCode, body: (await res.body.json()) as T };
}

describe('我的申请 (a reader\'s requests)', () => {
  const tmp = tempDir();
  let api: TestApi;
  let sim: BalisSimulator;
  beforeAll(async () => {
    sim = await startBalisSimulator();
    api = await startIllApi({ dataDir: tmp.dir, submission: balisSubmission({ url: sim.url, timeoutMs: 5000 }) });
  });
  afterAll(async () => {
    await api.close();
    await sim.close();
    tmp.remove();
  });

  const draft = async () => (await as<IllDraft>('reader-a', 'POST', `${api.url}/drafts`, { resultSetId: 'rs1', recordId: 'shl:b1166587', lender: 'shl', reader: READER, confirmDuplicate: true })).body;
  const submit = async (id: string) => (await as<{ draft: IllDraft }>('reader-a', 'POST', `${api.url}/drafts/${id}/submit`)).body.draft;
  const mine = async (user = 'reader-a') => (await as<{ requests: ReaderRequest[] }>(user, 'GET', `${api.url}/requests`)).body.requests;

  it('lists requests by ST number with the status BALIS reports as it moves on', async () => {
    const sent = await submit((await draft()).id);
    const number = sent.submission.requestNumber!;
    expect(number).toMatch(/^ST\d{8}$/u);
    const at = (list: ReaderRequest[]) => list.find((r) => r.requestNumber === number)!;
    expect(at(await mine())).toMatchObject({ id: sent.id, status: 'submitted', source: 'balis', canCancel: true, lender: { id: 'shl' } });
    for (const step of ['shipped', 'arrived', 'returned'] as const) {
      sim.advance(number, step);
      expect(at(await mine())).toMatchObject({ status: step, source: 'balis', canCancel: false });
    }
    const refused = await as<{ zh: string }>('reader-a', 'POST', `${api.url}/drafts/${sent.id}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.body.zh).toBe('不能取消：出借馆已处理此申请');
  });

  it('cancels a draft not yet sent, and a request BALIS has not started on', async () => {
    const unsent = await draft();
    expect((await mine()).find((r) => r.id === unsent.id)).toMatchObject({ status: 'draft', source: 'gateway', canCancel: true });
    const cancelled = await as<{ draft: IllDraft; request: ReaderRequest }>('reader-a', 'POST', `${api.url}/drafts/${unsent.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.request).toMatchObject({ status: 'cancelled', canCancel: false });
    expect((await as('reader-a', 'POST', `${api.url}/drafts/${unsent.id}/submit`)).status).toBe(409);

    const sent = await submit((await draft()).id);
    const atBalis = await as<{ draft: IllDraft }>('reader-a', 'POST', `${api.url}/drafts/${sent.id}/cancel`);
    expect(atBalis.status).toBe(200);
    expect(atBalis.body.draft).toMatchObject({ status: 'cancelled', submission: { requestNumber: sent.submission.requestNumber } });
    const page = await request(`${sim.url}/status?no=${sent.submission.requestNumber}`);
    expect(await page.body.text()).toContain('已取消');
  });

  it('offers the reader fields of the last form from the server, and shows another reader nothing', async () => {
    expect((await as<{ reader: unknown }>('reader-a', 'GET', `${api.url}/reader-details`)).body.reader).toEqual(READER);
    expect((await as<{ reader: unknown }>('reader-b', 'GET', `${api.url}/reader-details`)).body.reader).toBeNull();
    expect(await mine('reader-b')).toEqual([]);
    const theirs = (await mine())[0]!;
    expect((await as('reader-b', 'POST', `${api.url}/drafts/${theirs.id}/cancel`)).status).toBe(404);
    const anonymous = await request(`${api.url}/requests`, { headers: { 'x-test-role': 'anonymous' } });
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });
});
