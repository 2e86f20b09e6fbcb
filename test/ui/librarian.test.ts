/** The librarian's page: holdings status by ISBN and by barcode within a search, a copy and a library rechecked live, member health, drafts with reader data masked. */
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';
import { capturingLogger, startSmallGateway } from './gateways.ts';

describeBrowser('librarian view in the browser', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startSmallGateway(capturingLogger().logger);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('looks up copies by barcode within a search and on its own, shows volume, status and due columns, member health and masks readers in the drafts list', { timeout: 60_000 }, async () => {
    // A search (for health figures and a copy to find) and a draft with reader data, through the API.
    const search = (await (await request(`${gw.url}/api/search?q=China&libraries=quick&limit=50`)).body.json()) as {
      resultSetId: string;
      clusters: { id: string; holdings: { library: string; holdings: { barcode?: string; ill?: { eligible: boolean } }[] }[] }[];
    };
    const target = search.clusters.flatMap((c) => c.holdings.flatMap((row) => row.holdings.map((h) => ({ c, row, h })))).find((x) => x.h.barcode && x.h.ill?.eligible);
    expect(target).toBeDefined();
    const created = await request(`${gw.url}/api/ill/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resultSetId: search.resultSetId, clusterId: target!.c.id, lender: 'quick', holding: { barcode: target!.h.barcode }, reader: { readerBarcode: '2024010123', readerName: '李四', recipientName: '李四', email: 'lisi@example.edu.cn' } }),
    });
    expect(created.statusCode).toBe(201);

    const page = await browser.page();
    await page.goto(`${gw.url}/librarian`);
    const drafts = page.locator('table.drafts');
    await drafts.waitFor();
    const draftText = (await drafts.textContent()) ?? '';
    expect(draftText).toContain('草稿');
    expect(draftText).toContain('••••••••23');
    for (const secret of ['李四', 'lisi@example.edu.cn', '2024010123']) expect(draftText).not.toContain(secret);

    const health = page.locator('table.health tr[data-library="quick"]');
    await expect(health.textContent()).resolves.toMatch(/100%/);
    await expect(page.locator('table.health tr[data-library="paused"]').textContent()).resolves.toContain('暂停服务');

    await page.getByLabel('查询方式').selectOption('barcode');
    await page.getByLabel('查询词').fill(target!.h.barcode!);
    await page.getByLabel('在以下检索结果中查找（题名或任意词，可不填）').fill('China');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const found = page.locator('table.lookup-table tbody tr');
    await found.first().waitFor({ timeout: 15_000 });
    expect(await found.count()).toBe(1);
    await expect(found.first().textContent()).resolves.toContain(target!.h.barcode!);

    // "Recheck live" on the row: the library is asked again now and the row says when.
    await found.first().getByRole('button', { name: `向该馆实时查询这一册（条码 ${target!.h.barcode!}）` }).click();
    const live = found.first().locator('.recheck-note[data-state="live"]');
    await live.waitFor({ timeout: 15_000 });
    await expect(live.textContent()).resolves.toMatch(/^\d\d:\d\d:\d\d 实时查询$/);
    // The table is drawn again; the keyboard stays on the row's button.
    await expect(page.evaluate('document.activeElement?.className')).resolves.toBe('recheck');
    // A copy the library no longer lists is said so (the answer as the route gives it; the route's own test covers the server).
    await page.route('**/recheck?*', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ recordId: 'quick:x', library: 'quick', barcode: target!.h.barcode, state: 'not-listed', asOf: new Date().toISOString() }) }));
    await found.first().getByRole('button', { name: /向该馆实时查询/ }).click();
    await expect(found.first().locator('.recheck-note[data-state="not-listed"]').textContent()).resolves.toBe('该馆现在已不列出这一册');
    await page.unroute('**/recheck?*');

    // Without a scope the barcode itself is the search: the simulated SRU catalogues index their
    // copies' 852 fields as keywords, so the holder finds it; the others are named.
    await page.getByLabel('在以下检索结果中查找（题名或任意词，可不填）').fill('');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const unable = page.locator('#lookup-unable');
    await unable.waitFor({ timeout: 15_000 });
    expect(await found.count()).toBe(1);
    await expect(found.first().textContent()).resolves.toContain(target!.h.barcode!);
    await expect(unable.textContent()).resolves.toBe('以下馆不能按条码查找（或没有这一册）：迟缓图书馆。可填写题名或任意词，在检索结果的馆藏中查找。');
    await expect(page.locator('#lookup-failed').textContent()).resolves.toBe('没有回应的馆（超时或出错）：慢速图书馆、故障图书馆');

    await page.getByLabel('查询方式').selectOption('isbn');
    await page.getByLabel('查询词').fill('0521243327');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('[role="status"]', { hasText: /\d+ 册/ }).first().waitFor({ timeout: 15_000 });
    const head = (await page.locator('table.lookup-table thead').textContent()) ?? '';
    for (const column of ['卷册', '状态', '应还日期', '条码']) expect(head).toContain(column);
    // Barcodes never wrap and line up (tabular figures).
    const barcodeStyle = await page.evaluate<{ whiteSpace: string; numeric: string }>(`(() => {
      const s = getComputedStyle(document.querySelector('table.lookup-table .barcode'));
      return { whiteSpace: s.whiteSpace, numeric: s.fontVariantNumeric };
    })()`);
    expect(barcodeStyle).toEqual({ whiteSpace: 'nowrap', numeric: 'tabular-nums' });
    await screenshot(page, 'librarian-desktop');
    expect(browser.problems).toEqual([]);
  });

  it('rechecks every copy of one library at once: each row says live, no longer listed or not asked, with the time, in Chinese and English', { timeout: 60_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/librarian`);
    await page.getByLabel('查询方式').selectOption('isbn');
    await page.getByLabel('查询词').fill('0521243327');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('table.lookup-table').waitFor({ timeout: 15_000 });
    const quickRows = page.locator('table.lookup-table tbody tr', { hasText: '快速图书馆' });
    const n = await quickRows.count();
    expect(n).toBeGreaterThan(1);
    const others = page.locator('table.lookup-table tbody tr').filter({ hasNotText: '快速图书馆' });
    const otherCount = await others.count();
    expect(otherCount).toBeGreaterThan(0);

    // The library itself, asked now: every one of its rows live, the others untouched.
    await page.getByRole('button', { name: `向快速图书馆实时查询此处列出的全部 ${n} 册` }).click();
    const tally = page.locator('.library-recheck .recheck-note[data-library="quick"]');
    await tally.filter({ hasText: '在列' }).waitFor({ timeout: 15_000 });
    await expect(tally.textContent()).resolves.toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d 实时查询：${n} 册在列，0 册已不列出，0 册未能查询$`));
    for (let i = 0; i < n; i++) await expect(quickRows.nth(i).locator('.recheck-note[data-state="live"]').textContent()).resolves.toMatch(/^\d\d:\d\d:\d\d 实时查询$/);
    await expect(others.locator('.recheck-note').count()).resolves.toBe(0);
    await expect(page.evaluate('document.activeElement?.dataset.library')).resolves.toBe('quick');

    // The library answers but no longer lists one copy (its answer altered in flight; the route's own test covers the server).
    const gone = (await quickRows.first().getAttribute('data-barcode'))!;
    expect(gone).not.toBe('');
    await page.route('**/clusters/*/recheck?library=quick', async (route) => {
      const answer = await route.fetch();
      const work = (await answer.json()) as { records: { library: string; holdings: { barcode?: string }[] }[] };
      for (const record of work.records) if (record.library === 'quick') record.holdings = record.holdings.filter((h) => h.barcode !== gone);
      await route.fulfill({ response: answer, json: work });
    });
    await page.getByRole('button', { name: `向快速图书馆实时查询此处列出的全部 ${n} 册` }).click();
    await tally.filter({ hasText: '1 册已不列出' }).waitFor({ timeout: 15_000 });
    await expect(tally.textContent()).resolves.toMatch(new RegExp(`实时查询：${n - 1} 册在列，1 册已不列出，0 册未能查询$`));
    await expect(page.locator(`table.lookup-table tbody tr[data-barcode="${gone}"] .recheck-note`).getAttribute('data-state')).resolves.toBe('not-listed');
    await page.unroute('**/clusters/*/recheck?library=quick');

    // A library that cannot be asked: its rows say so, the earlier status kept.
    const otherLibrary = (await others.first().locator('td').nth(2).textContent())!;
    await page.route('**/clusters/*/recheck?library=*', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Gateway busy', status: 503, detail: 'try again' }) }));
    await page.getByRole('button', { name: new RegExp(`^向${otherLibrary}实时查询`) }).click();
    await others.first().locator('.recheck-note[data-state="failed"]').waitFor({ timeout: 15_000 });
    await expect(others.first().locator('.recheck-note').textContent()).resolves.toBe('未能实时查询（try again），显示的是之前的状态');
    await page.unroute('**/clusters/*/recheck?library=*');
    await screenshot(page, 'librarian-library-recheck');

    // In English, the same bar and tallies.
    await page.locator('#lang-switch').click();
    await expect(page.locator('#library-recheck-heading').textContent()).resolves.toBe('Recheck live, all copies of a library:');
    await expect(tally.textContent()).resolves.toMatch(new RegExp(`^asked at \\d\\d:\\d\\d:\\d\\d: ${n - 1} live, 1 no longer listed, 0 could not be asked$`));
    await page.evaluate("localStorage.removeItem('balis-ui-lang')");
    expect(browser.problems).toEqual([]);
  });
});
