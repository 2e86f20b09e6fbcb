/**
 * The whole demo as `npm start` runs it (config/demo.json, every simulated library and the
 * simulated BALIS ILL system on loopback): the seed's walkthrough in one search and one draft.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { loadDemoConfigFile } from '../../src/demo/simulate-config.ts';
import { silentLogger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

interface Holding { library: string; barcode?: string; statusText: string; collectionType?: string; ill?: { eligible: boolean; reasons: { zh: string; en: string }[] } }
interface Cluster { id: string; merged: { title: string; partNumber?: string; partName?: string }; holdings: { library: string; eligible: boolean; holdings: Holding[] }[]; members: { recordId: string; library: string }[] }

async function json<T>(url: string, init?: { method: 'POST'; body: unknown }): Promise<{ status: number; body: T }> {
  const res = await request(url, init ? { method: init.method, body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } } : {});
  return { status: res.statusCode, body: (await res.body.json()) as T };
}

describe('the embedded demo', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    const config = loadDemoConfigFile(new URL('../../config/demo.json', import.meta.url).pathname, adapterRegistry);
    gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('finds the Cambridge History of China across libraries, the Shanghai copy of v.7 eligible, and turns it into a submitted ILL request', async () => {
    const search = await json<{ resultSetId: string; total: number; clusters: Cluster[]; libraries: { library: string; state: string }[] }>(
      `${gw.url}/api/search?title=${encodeURIComponent('The Cambridge History of China')}&limit=200`,
    );
    expect(search.status).toBe(200);
    const states = Object.fromEntries(search.body.libraries.map((l) => [l.library, l.state]));
    expect(states.shl).toBe('ok');
    expect(states.ruc).toBe('suspended');
    expect(states.bift).toBe('timeout');
    expect(Object.values(states).filter((s) => s === 'ok').length).toBeGreaterThan(20);

    // The seed's copy: 上海图书馆 | 综合阅览室-1楼 | K20/C178/v.7/ | 归还 | 参考外借资料 | 54122100517423
    const withSeedCopy = search.body.clusters.find((c) => c.holdings.some((row) => row.library === 'shl' && row.holdings.some((h) => h.barcode === '54122100517423')));
    expect(withSeedCopy).toBeDefined();
    const shlRow = withSeedCopy!.holdings.find((row) => row.library === 'shl')!;
    const seedCopy = shlRow.holdings.find((h) => h.barcode === '54122100517423')!;
    expect(seedCopy).toMatchObject({ statusText: '归还', collectionType: '参考外借资料', ill: { eligible: true } });
    // Held elsewhere too: one line per work, every library's copies under it.
    expect(new Set(withSeedCopy!.holdings.map((row) => row.library)).size).toBeGreaterThan(1);

    const draft = await json<{ id: string; form: Record<string, string>; eligibility: { eligible: boolean } }>(`${gw.url}/api/ill/drafts`, {
      method: 'POST',
      body: {
        resultSetId: search.body.resultSetId,
        clusterId: withSeedCopy!.id,
        lender: 'shl',
        holding: { barcode: '54122100517423' },
        reader: { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn', phone: '010-62281234' },
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.eligibility.eligible).toBe(true);
    // The seed's confirmation page, field by field: the copy sits on the set record (as iPac shows it),
    // so the volume's title part comes from the set's contents, its year and ISBN from the v.7 record.
    expect(draft.body.form).toMatchObject({
      title: 'The Cambridge history of China. v.7: The Ming Dynasty, 1368-1644, pt. 1',
      language: '英文',
      year: '1988',
      publisher: 'Cambridge University Press',
      isbnIssn: '9780521243322',
      lenderName: '上海图书馆',
      lenderCode: '123114',
      materialType: '图书',
      delivery: '物流',
      fee: '0元',
      paymentMethod: '现金支付',
    });
    expect(draft.body.form.authors).toMatch(/^Twitchett, Denis Crispin.*Fairbank, John King.*Mote, Frederick W/);
    expect(draft.body.form.lenderDetail).toContain('K20/C178/v.7/');

    const submitted = await json<{ draft: { status: string; submission: { requestNumber: string } } }>(`${gw.url}/api/ill/drafts/${draft.body.id}/submit`, { method: 'POST', body: {} });
    expect(submitted.status).toBe(200);
    expect(submitted.body.draft.status).toBe('submitted');
    expect(submitted.body.draft.submission.requestNumber).toMatch(/^ST\d{8}$/);
  });

  it('lists the members as the BALIS union catalogue shows them, suspended ones marked', async () => {
    const { body } = await json<{ unions: { library: string; members: { code: string; name: string; library?: string; service: { status: string } }[] }[] }>(`${gw.url}/api/libraries`);
    const balis = body.unions.find((u) => u.library === 'balis-union');
    expect(balis?.members).toHaveLength(31);
    expect(balis?.members.find((m) => m.library === 'ruc')?.service.status).toBe('suspended');
    expect(balis?.members.find((m) => m.code === '123114')).toMatchObject({ name: '上海图书馆', library: 'shl', service: { status: 'suspended' } });
    expect(balis?.members.find((m) => m.library === 'pku')?.service.status).toBe('active');
  });

  it('answers a Japanese title from the Japanese catalogue and 万历十五年 from Chinese libraries', async () => {
    const jp = await json<{ clusters: Cluster[]; libraries: { library: string; state: string; hits: number }[] }>(`${gw.url}/api/search?title=${encodeURIComponent('中国の歴史')}&limit=50`);
    expect(jp.body.libraries.find((l) => l.library === 'shl-jp')).toMatchObject({ state: 'ok' });
    expect(jp.body.libraries.find((l) => l.library === 'shl-jp')!.hits).toBeGreaterThan(0);
    expect(jp.body.clusters.some((c) => c.merged.title.includes('中国の歴史'))).toBe(true);

    const zh = await json<{ clusters: Cluster[] }>(`${gw.url}/api/search?q=${encodeURIComponent('万历十五年')}&limit=50`);
    const libraries = new Set(zh.body.clusters.flatMap((c) => c.holdings.map((h) => h.library)));
    expect(libraries.size).toBeGreaterThan(3);
  });
});
