import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { parseConfirmation } from '../../adapters/balis-ill/wire.ts';
import { SEED_MAIL_FAILURE, startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { READER, draftBody, startIllApi, tempDir, type TestApi } from './fixtures.ts';
import { call } from './http.ts';

interface SubmitAnswer {
  draft: IllDraft;
  replayed: boolean;
}

describe('submission to BALIS (simulator on loopback)', () => {
  const tmp = tempDir();
  let sim: BalisSimulator;
  let api: TestApi;
  beforeAll(async () => {
    sim = await startBalisSimulator();
    api = await startIllApi({ dataDir: tmp.dir, submission: balisSubmission({ url: sim.url, timeoutMs: 2000 }) });
  });
  afterEach(() => {
    sim.mode = 'accept';
    sim.holdAnswers = false;
    sim.mailFailure = SEED_MAIL_FAILURE;
    sim.release();
  });
  afterAll(async () => {
    await api.close();
    await sim.close();
    tmp.remove();
  });

  const newDraft = async (): Promise<IllDraft> => (await call<IllDraft>('POST', `${api.url}/drafts`, draftBody())).body;
  const submit = (id: string) => call<SubmitAnswer & { detail?: string; draftStatus?: string }>('POST', `${api.url}/drafts/${id}/submit`);

  it('posts the confirmed form, stores the request number, and a retry sends nothing new', async () => {
    const draft = await newDraft();
    const before = sim.accepted;
    const first = await submit(draft.id);
    expect(first.status).toBe(200);
    expect(first.body.replayed).toBe(false);
    expect(first.body.draft.status).toBe('submitted');
    expect(first.body.draft.submission).toMatchObject({ requestNumber: `ST${String(before + 1).padStart(8, '0')}`, attempts: 1, warnings: [] });
    const form = sim.acceptedForm(draft.id)!;
    expect(form.get('title')).toBe('The Cambridge History of China. v.7: The Ming Dynasty, 1368-1644');
    expect(form.get('lenderCode')).toBe('123114');
    expect(form.get('recipientName')).toBe('仝卫敏');

    const received = sim.received;
    const again = await submit(draft.id);
    expect(again.body.replayed).toBe(true);
    expect(again.body.draft.submission.requestNumber).toBe(first.body.draft.submission.requestNumber);
    expect(sim.received).toBe(received);
    expect((await api.ill.store.events(draft.id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'submitted']);
  });

  it('passes the request id of the submit call on to BALIS (X-Request-Id), for matching both logs', async () => {
    const draft = await newDraft();
    const res = await request(`${api.url}/drafts/${draft.id}/submit`, { method: 'POST', headers: { 'x-request-id': 'req-ill-5c1e' } });
    await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-ill-5c1e');
    expect(sim.requestIds.at(-1)).toBe('req-ill-5c1e');
  });

  it('keeps the request as submitted when BALIS reports mail_send_fail, with the warning', async () => {
    sim.mode = 'mail_send_fail';
    const draft = await newDraft();
    const res = await submit(draft.id);
    expect(res.status).toBe(200);
    expect(res.body.draft.status).toBe('submitted');
    expect(res.body.draft.submission.requestNumber).toMatch(/^ST\d{8}$/u);
    expect(res.body.draft.submission.warnings).toEqual([SEED_MAIL_FAILURE]);
  });

  it('scrubs reader data that BALIS quotes back in a side-effect message', async () => {
    sim.mode = 'mail_send_fail';
    sim.mailFailure = `mail_send_fail: Invalid Addresses: ${READER.email}`;
    const res = await submit((await newDraft()).id);
    expect(res.body.draft.submission.warnings).toEqual(['mail_send_fail: Invalid Addresses: [reader data]']);
  });

  it('leaves the draft intact and resubmittable when BALIS fails before accepting', async () => {
    sim.mode = 'unavailable';
    const draft = await newDraft();
    const accepted = sim.accepted;
    const failed = await submit(draft.id);
    expect(failed.status).toBe(502);
    expect(failed.type).toContain('application/problem+json');
    expect(failed.body.draftStatus).toBe('failed');
    expect(failed.body.detail).toContain('HTTP 503');
    const stored = (await call<IllDraft>('GET', `${api.url}/drafts/${draft.id}`)).body;
    expect(stored.status).toBe('failed');
    expect(stored.reader).toEqual(READER);
    expect(stored.submission.lastError).toContain('HTTP 503');
    expect(sim.accepted).toBe(accepted);

    sim.mode = 'accept';
    const retried = await submit(draft.id);
    expect(retried.status).toBe(200);
    expect(retried.body.draft.submission).toMatchObject({ attempts: 2, requestNumber: `ST${String(accepted + 1).padStart(8, '0')}` });
    expect(retried.body.draft.submission.lastError).toBeUndefined();
  });

  it('refuses a second submit while the first is in flight, then settles once', async () => {
    sim.holdAnswers = true;
    const draft = await newDraft();
    const arrived = sim.nextRequest();
    const first = submit(draft.id);
    await arrived;
    const second = await submit(draft.id);
    expect(second.status).toBe(409);
    expect((await call<IllDraft>('GET', `${api.url}/drafts/${draft.id}`)).body.status).toBe('submitting');
    const wipe = await call('DELETE', `${api.url}/drafts/${draft.id}/reader`);
    expect(wipe.status).toBe(409);
    sim.release();
    expect((await first).body.draft.status).toBe('submitted');
  });

  it('refuses to submit a draft whose reader data was deleted', async () => {
    const draft = await newDraft();
    await call('DELETE', `${api.url}/drafts/${draft.id}/reader`);
    const res = await submit(draft.id);
    expect(res.status).toBe(409);
    expect((await call<IllDraft>('GET', `${api.url}/drafts/${draft.id}`)).body.status).toBe('draft');
  });
});

describe('BALIS adapter on its own', () => {
  it('times out with a resubmittable error, and the repeat gets the number BALIS already gave', async () => {
    const sim = await startBalisSimulator();
    try {
      sim.holdAnswers = true;
      const adapter = balisSubmission({ url: sim.url, timeoutMs: 150 });
      const form = { title: 'T', recipientName: 'R', email: 'r@example.org' } as unknown as IllDraft['form'];
      const reader = { readerBarcode: '1', recipientName: 'R', email: 'r@example.org' };
      const timedOut = await adapter.submit({ idempotencyKey: 'K1', form, reader });
      expect(timedOut).toEqual({ accepted: false, error: 'no answer from BALIS within 150 ms; resubmitting is safe (same idempotency key)' });
      expect(sim.accepted).toBe(1);
      sim.holdAnswers = false;
      sim.release();
      expect(await adapter.submit({ idempotencyKey: 'K1', form, reader })).toEqual({ accepted: true, requestNumber: 'ST00000001', warnings: [] });
      expect(await adapter.submit({ idempotencyKey: 'K2', form, reader })).toMatchObject({ requestNumber: 'ST00000002' });
      expect(sim.accepted).toBe(2);
    } finally {
      await sim.close();
    }
  });

  it('reports an unreachable BALIS as not accepted', async () => {
    const sim = await startBalisSimulator();
    const url = sim.url;
    await sim.close();
    const result = await balisSubmission({ url, timeoutMs: 1000 }).submit({ idempotencyKey: 'K', form: {} as IllDraft['form'], reader: { readerBarcode: '1', recipientName: 'R', email: 'r@x.org' } });
    expect(result.accepted).toBe(false);
    expect(result).toMatchObject({ error: expect.stringContaining('cannot reach BALIS') });
  });

  it('reads the seed confirmation page', () => {
    const page = '当前申请已成功提交,申请单号为: <b>ST00000001</b>\n' + SEED_MAIL_FAILURE + '\n<a>返回检索界面</a>';
    expect(parseConfirmation(page)).toEqual({ requestNumber: 'ST00000001', warnings: [SEED_MAIL_FAILURE] });
    expect(parseConfirmation('<p>系统错误</p>')).toEqual({ warnings: [] });
  });
});
