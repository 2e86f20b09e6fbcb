/**
 * Reader data never reaches the logs: a full draft → submit cycle, with every error path that
 * carries reader data in the request, logged at the most verbose level into a captured stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { createLogger } from '../../src/logging.ts';
import { draftBody, startIllApi, tempDir, type TestApi } from './fixtures.ts';
import { call } from './http.ts';

const READER = { readerBarcode: 'RB-5550123', readerName: '司马迁', recipientName: '司马光', email: 'zizhi.tongjian@example.edu.cn', phone: '+86 10 8888 7777' };

describe('ILL logging', () => {
  const tmp = tempDir();
  const lines: string[] = [];
  let sim: BalisSimulator;
  let api: TestApi;
  beforeAll(async () => {
    sim = await startBalisSimulator();
    const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
    api = await startIllApi({ dataDir: tmp.dir, logger, submission: balisSubmission({ url: sim.url, timeoutMs: 2000 }) });
  });
  afterAll(async () => {
    await api.close();
    await sim.close();
    tmp.remove();
  });

  it('contains no reader field after draft, listing, exports, failures, submit and wipe', async () => {
    const body = draftBody({ reader: READER });
    await call('POST', `${api.url}/drafts`, { ...body, reader: { ...READER, email: 'not-an-address' } });
    await call('POST', `${api.url}/drafts`, undefined, JSON.stringify(body).slice(0, -5));
    await call('POST', `${api.url}/drafts`, { ...body, holding: { index: 1 } });
    const draft = (await call<IllDraft>('POST', `${api.url}/drafts`, body)).body;
    await call('GET', `${api.url}/drafts?readerBarcode=${encodeURIComponent(READER.readerBarcode)}`);
    await call('GET', `${api.url}/drafts/${draft.id}`);
    await call('GET', `${api.url}/drafts/${draft.id}/iso18626`);
    await call('GET', `${api.url}/drafts/${draft.id}/print`);
    sim.mode = 'unavailable';
    expect((await call('POST', `${api.url}/drafts/${draft.id}/submit`)).status).toBe(502);
    sim.mode = 'mail_send_fail';
    sim.mailFailure = `mail_send_fail: Invalid Addresses: ${READER.email} (${READER.recipientName})`;
    const submitted = await call<{ draft: IllDraft }>('POST', `${api.url}/drafts/${draft.id}/submit`);
    expect(submitted.body.draft.status).toBe('submitted');
    await call('DELETE', `${api.url}/drafts/${draft.id}/reader`);

    const log = lines.join('');
    expect(log).toContain('ill draft created');
    expect(log).toContain('ill submission not accepted');
    expect(log).toContain('BALIS accepted the request but a side effect failed');
    expect(log).toContain('ill reader data deleted');
    for (const value of Object.values(READER)) expect(log).not.toContain(value);
  });
});
