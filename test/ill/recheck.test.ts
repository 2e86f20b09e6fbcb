/**
 * The copy's status is asked again, live, before a draft goes to BALIS: a change (归还 → 借出)
 * is a 409 problem the reader sees before anything is sent; a still-lendable change goes once
 * acknowledged; a library that cannot be asked does not stop the submission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import type { Holding } from '../../src/holdings/model.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { draftBody, startIllApi, tempDir, type TestApi } from './fixtures.ts';
import { call } from './http.ts';

describe('ILL live recheck before submission', () => {
  let sim: BalisSimulator;
  let api: TestApi;
  let live: { statusText: string; eligible: boolean } | 'down' = 'down';
  const tmp = tempDir();
  beforeAll(async () => {
    sim = await startBalisSimulator();
    api = await startIllApi({
      dataDir: tmp.dir,
      submission: balisSubmission({ url: sim.url, timeoutMs: 2000 }),
      recheckCopy: async (copy) => {
        if (live === 'down') return { outcome: { error: { message: 'skipped: unavailable since 10:05 (3 failures), retrying at 10:07' } } };
        const holding = { library: copy.library, barcode: copy.barcode, statusText: live.statusText, status: 'on_loan', loanable: true, asOf: '2026-12-05T10:42:00.000Z', source: 'live', ill: { eligible: live.eligible, reasons: [] } } as Holding;
        return { holding, outcome: { asOf: holding.asOf! } };
      },
    });
  }, 20_000);
  afterAll(async () => {
    await api?.close();
    await sim?.close();
    tmp.remove();
  });

  const draft = async () => (await call<IllDraft>('POST', `${api.url}/drafts`, draftBody())).body;
  const submit = (id: string, body?: unknown) => call<Record<string, unknown>>('POST', `${api.url}/drafts/${id}/submit`, body ?? {});

  it('stops with 409 and the new status when the copy went out since the draft; nothing reaches BALIS', async () => {
    const made = await draft();
    expect(made.copy?.statusText).toBe('归还');
    live = { statusText: '借出', eligible: false };
    const answer = await submit(made.id);
    expect(answer.status).toBe(409);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'copy-status-changed', previousStatus: '归还', currentStatus: '借出', eligible: false, asOf: '2026-12-05T10:42:00.000Z' });
    expect(String(answer.body.detail)).toContain('nothing was sent');
    expect((await call<IllDraft>('GET', `${api.url}/drafts/${made.id}`)).body.status).toBe('draft');
  });

  it('a change that may still be lent goes once the reader acknowledges the new status', async () => {
    const made = await draft();
    live = { statusText: '在架', eligible: true };
    const first = await submit(made.id);
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({ currentStatus: '在架', eligible: true });
    const confirmed = await submit(made.id, { acknowledgeStatus: '在架' });
    expect(confirmed.status).toBe(200);
    expect((confirmed.body.draft as IllDraft).status).toBe('submitted');
  });

  it('unchanged, or the library cannot be asked: submitted as drafted', async () => {
    live = { statusText: '归还', eligible: true };
    expect((await submit((await draft()).id)).status).toBe(200);
    live = 'down';
    expect((await submit((await draft()).id)).status).toBe(200);
  });
});
