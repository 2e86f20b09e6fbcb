/**
 * What the reader confirms is what BALIS receives, for the seed copy and a Japanese record: the
 * draft's form (what the form and the 确认申请单 page show) equals the confirmation read back and
 * the fields the (simulated) BALIS system received, character for character (no NFC or width
 * change: ". 12" stays ". 12"). The Japanese catalogue names its lender, 上海图书馆 (123114), on
 * the form, the print view and the ISO 18626 export.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { loadDemoConfigFile } from '../../src/demo/simulate-config.ts';
import { silentLogger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import type { IllDraft } from '../../src/ill/types.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

interface Holding { library: string; barcode?: string; ill?: { eligible: boolean } }
interface Cluster { id: string; merged: { title: string }; holdings: { library: string; holdings: Holding[] }[] }

async function json<T>(url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await request(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.statusCode, body: (await res.body.json()) as T };
}

/** The whole demo with a BALIS simulator the test reads back (port 0 also puts the Z39.50 front end on a free port). */
async function startDemoWithBalis(): Promise<{ gw: RunningDemo; balis: BalisSimulator }> {
  const balis = await startBalisSimulator();
  const config = loadDemoConfigFile(new URL('../../config/demo.json', import.meta.url).pathname, adapterRegistry);
  const gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir(), balis: { url: balis.url, timeoutMs: 10_000 } } });
  return { gw, balis };
}

const READER = { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn' };

// One demo for both groups: every draft here confirms past the duplicate check, so they do not meet.
let gw: RunningDemo;
let balis: BalisSimulator;
beforeAll(async () => {
  ({ gw, balis } = await startDemoWithBalis());
});
afterAll(async () => {
  await gw?.close();
  await balis?.close();
});

describe('form = confirmation = payload (the demo, API level)', () => {
  async function draftFrom(query: string, lender: string, pick: (h: Holding) => boolean): Promise<IllDraft> {
    const search = (await json<{ resultSetId: string; clusters: Cluster[] }>(`${gw.url}/api/search?${query}&limit=200`)).body;
    const cluster = search.clusters.find((c) => c.holdings.some((row) => row.library === lender && row.holdings.some(pick)));
    expect(cluster, `a work with a ${lender} copy`).toBeDefined();
    const copy = cluster!.holdings.find((row) => row.library === lender)!.holdings.find(pick)!;
    const made = await json<IllDraft>(`${gw.url}/api/ill/drafts`, { resultSetId: search.resultSetId, clusterId: cluster!.id, lender, holding: { barcode: copy.barcode }, reader: READER, confirmDuplicate: true });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body;
  }

  async function expectSameEverywhere(made: IllDraft) {
    const confirmation = (await json<IllDraft>(`${gw.url}/api/ill/drafts/${made.id}`)).body;
    expect(confirmation.form).toEqual(made.form);
    const submitted = await json<{ draft: IllDraft }>(`${gw.url}/api/ill/drafts/${made.id}/submit`, {});
    expect(submitted.status).toBe(200);
    const payload = balis.acceptedForm(made.id)!;
    for (const [field, value] of Object.entries(made.form)) expect(payload.get(field), field).toBe(value);
    expect(submitted.body.draft.form).toEqual(made.form);
  }

  it('the seed copy: the v.7 volume\'s title part, year and ISBN on the form, the confirmation and the payload', async () => {
    const made = await draftFrom(`title=${encodeURIComponent('The Cambridge History of China')}`, 'shl', (h) => h.barcode === '54122100517423');
    expect(made.form).toMatchObject({ title: 'The Cambridge history of China. v.7: The Ming Dynasty, 1368-1644, pt. 1', year: '1988', isbnIssn: '9780521243322', lenderName: '上海图书馆', lenderCode: '123114' });
    await expectSameEverywhere(made);
  });

  it('a Japanese record: unchanged characters, and 上海图书馆 (123114) named as the lender on the form, the print view and ISO 18626', async () => {
    const made = await draftFrom(`title=${encodeURIComponent('中国の歴史')}`, 'shl-jp', (h) => h.ill?.eligible === true);
    expect(made.form.title.normalize('NFC')).toBe(made.form.title);
    expect(made.form).toMatchObject({ lenderName: '上海图书馆', lenderCode: '123114', language: '日文' });
    expect(made.lender).toMatchObject({ id: 'shl', name: { zh: '上海图书馆' }, code: '123114', catalogue: { id: 'shl-jp', name: { zh: '上海图书馆日文书目数据库' } } });

    const print = await (await request(`${gw.url}/api/ill/drafts/${made.id}/print`)).body.text();
    expect(print).toContain('上海图书馆（出借馆代码 123114）');
    expect(print).not.toContain('日文书目数据库（出借馆代码');
    const iso = await (await request(`${gw.url}/api/ill/drafts/${made.id}/iso18626`)).body.text();
    expect(iso).toMatch(/<(?:ill:)?supplyingAgencyId>[\s\S]*?<(?:ill:)?agencyIdValue>123114</u);
    await expectSameEverywhere(made);
  });
});

describe('bibliographic fields the reader corrects (the demo, API level)', () => {
  it('keeps the corrected values exactly as typed through confirmation and payload, and refuses one over its named limit', async () => {
    const search = (await json<{ resultSetId: string; clusters: Cluster[] }>(`${gw.url}/api/search?title=${encodeURIComponent('The Cambridge History of China')}&limit=200`)).body;
    const cluster = search.clusters.find((c) => c.holdings.some((row) => row.holdings.some((h) => h.barcode === '54122100517423')))!;
    const base = { resultSetId: search.resultSetId, clusterId: cluster.id, lender: 'shl', holding: { barcode: '54122100517423' }, reader: READER, confirmDuplicate: true };
    // Half-width ". 12" next to kana and a decomposed é: neither is normalized away.
    const title = 'ケンブリッジ中国史. 12 — Mote, Fre\u0301de\u0301ric';
    const made = await json<IllDraft>(`${gw.url}/api/ill/drafts`, { ...base, bibliographic: { title: ` ${title} `, year: '1988-1998', publisher: 'CUP' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.form).toMatchObject({ title, year: '1988-1998', publisher: 'CUP', isbnIssn: '9780521243322' });
    expect(made.body.edited?.sort()).toEqual(['publisher', 'title', 'year']);
    await request(`${gw.url}/api/ill/drafts/${made.body.id}/submit`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.body.dump());
    expect(balis.acceptedForm(made.body.id)?.get('title')).toBe(title);
    expect((await json<IllDraft>(`${gw.url}/api/ill/drafts/${made.body.id}`)).body.form.title).toBe(title);

    const long = await json<{ errors: { parameter: string; detail: string }[] }>(`${gw.url}/api/ill/drafts`, { ...base, bibliographic: { title: '史'.repeat(241), publisher: 'p'.repeat(101) } });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([
      { parameter: 'bibliographic.title', detail: 'at most 240 characters' },
      { parameter: 'bibliographic.publisher', detail: 'at most 100 characters' },
    ]);
  });
});
