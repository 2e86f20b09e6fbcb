/**
 * The seed's walkthrough in the browser, against the whole demo (config/demo.json, every
 * simulated library, the simulated BALIS ILL system): search → progress → merged results →
 * the Shanghai Library's v.7 copy 54122100517423 → ILL form → confirmation → request number.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { loadDemoConfigFile } from '../../src/demo/simulate-config.ts';
import { silentLogger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';

const SEED_BARCODE = '54122100517423';

describeBrowser('web UI over the demo', () => {
  let gw: RunningDemo;
  let browser: Browser;
  beforeAll(async () => {
    const config = loadDemoConfigFile(new URL('../../config/demo.json', import.meta.url).pathname, adapterRegistry);
    gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  async function searchCambridge(page: Page): Promise<void> {
    await page.goto(`${gw.url}/`);
    await page.getByLabel('题名').fill('The Cambridge History of China');
    await page.getByRole('button', { name: '检索', exact: true }).click();
  }

  it('searches, shows progress per library, and files the seed ILL request up to its request number', { timeout: 60_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/`);
    // The suspended member is shown with its notice and cannot be ticked.
    const ruc = page.locator('li[data-library="ruc"]');
    await expect(ruc.textContent()).resolves.toContain('暂停');
    expect(await ruc.locator('input').count()).toBe(0);
    expect(await page.locator('#lib-pku').isChecked()).toBe(true);
    await page.getByText('检索范围').click();
    await screenshot(page, 'search-form-desktop', true);

    await searchCambridge(page);
    await page.waitForURL(/title=The\+Cambridge/);
    // The slow member times out while the others answer.
    await page.locator('.strip li[data-library="bift"][data-state="timeout"]').waitFor({ timeout: 20_000 });
    await expect(page.locator('.strip li[data-library="ruc"]').getAttribute('data-state')).resolves.toBe('suspended');
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor();
    await expect(page.locator('.strip li[data-library="shl"]').getAttribute('data-state')).resolves.toBe('ok');
    expect(await page.locator('.facets input[type="radio"]').count()).toBeGreaterThan(0);

    // The seed's copy is catalogued on the set record (as iPac shows it: K20/C178/v.7/ under
    // "The Cambridge history of China"): the reader opens the works until the volume grid has a
    // Shanghai Library v.7 cell, and opens that cell.
    const works = page.locator('li.result', { hasText: 'The Cambridge history of China' });
    let v7: ReturnType<typeof works.nth> | undefined;
    for (let i = 0; i < (await works.count()) && !v7; i++) {
      const work = works.nth(i);
      await work.getByRole('button', { name: '馆藏与合并依据' }).click();
      await work.locator('.why').waitFor();
      // The grid lists the first libraries (those with a lendable copy first); open them all.
      const allLibraries = work.locator('.grid-wrap > button.show-all');
      if ((await allLibraries.count()) > 0) await allLibraries.click();
      const cell = work.locator('button.cell[data-library="shl"][data-volume="v.7"]');
      if ((await cell.count()) > 0) {
        await cell.click();
        if ((await work.locator(`tr[data-barcode="${SEED_BARCODE}"]`).count()) > 0) v7 = work;
      }
      if (!v7) await work.locator('button.expand').click();
    }
    if (!v7) throw new Error('no result shows the seed copy');
    await expect(v7.locator('.badge').textContent()).resolves.toBe('可馆际互借');
    const row = v7.locator(`tr[data-barcode="${SEED_BARCODE}"]`);
    await expect(row.textContent()).resolves.toMatch(/综合阅览室-1楼.*K20\/C178\/v\.7\/.*归还.*在架.*参考外借资料/);
    await expect(v7.locator('.why').textContent()).resolves.toMatch(/相同/);
    // Ineligible copies say why.
    expect(await v7.locator('tr.ineligible .reasons li').count()).toBeGreaterThan(0);
    await v7.scrollIntoViewIfNeeded();
    await screenshot(page, 'results-expanded-desktop');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'holdings-seed-copy-desktop');

    await row.getByRole('button', { name: '申请馆际互借' }).click();
    const dialog = page.locator('dialog.ill');
    await expect(dialog.textContent()).resolves.toContain('上海图书馆 (123114)');
    await expect(dialog.locator('.form-preview').textContent()).resolves.toContain('限 100 字符');
    // Validation while typing: a bad e-mail is flagged once the field is left; the note counts to 50.
    await dialog.getByLabel('E-mail').fill('zhangsan@');
    await dialog.getByLabel('电话/传真').focus();
    await expect(dialog.locator('#ill-email-error').textContent()).resolves.toBe('不是有效的 E-mail 地址');
    await dialog.getByLabel('申请单备注').fill('x'.repeat(51));
    await expect(dialog.locator('#ill-note-counter').textContent()).resolves.toContain('51/50');
    await dialog.getByLabel('申请单备注').fill('请尽快');
    await dialog.getByLabel('读者条码').fill('2024010123');
    await dialog.getByLabel('读者姓名').fill('张三');
    await expect(dialog.getByLabel('*收件人姓名').inputValue()).resolves.toBe('张三');
    await dialog.getByLabel('E-mail').fill('zhangsan@example.edu.cn');
    await dialog.getByLabel('电话/传真').fill('010-62281234');
    await screenshot(page, 'ill-form-desktop');
    await dialog.getByRole('button', { name: '下一步' }).click();

    await dialog.locator('h2', { hasText: '确认申请单信息' }).waitFor();
    const confirm = (await dialog.locator('dl.confirm').textContent()) ?? '';
    // The title's BALIS limit is counted where the title is shown: on the confirmation, before submitting.
    expect(confirm).toContain('限 240 字符');
    for (const text of ['服务费用0元', '读者付费方式现金支付', '取书方式到本校图书馆取书', '出借馆代码123114', '出借馆名称上海图书馆', '读者姓名张三', 'The Cambridge history of China']) expect(confirm).toContain(text);
    await screenshot(page, 'ill-confirm-desktop');
    await dialog.getByRole('button', { name: '确认提交' }).click();

    await dialog.locator('h2', { hasText: '提交申请成功' }).waitFor();
    await expect(dialog.locator('#request-number').textContent()).resolves.toMatch(/^ST\d{8}$/);
    await expect(dialog.getByRole('link', { name: '打印申请单' }).getAttribute('href')).resolves.toMatch(/^\/api\/ill\/drafts\/.+\/print$/);
    await expect(dialog.getByRole('link', { name: '下载 ISO 18626 XML' }).getAttribute('href')).resolves.toMatch(/\/iso18626$/);
    await screenshot(page, 'ill-done-desktop');
    expect(browser.problems).toEqual([]);
  });

  it('keeps the search in the URL, applies facets without searching again, and switches to English', { timeout: 60_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/?title=${encodeURIComponent('The Cambridge History of China')}&filter.availability=eligible`);
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor({ timeout: 20_000 });
    await expect(page.getByLabel('题名').inputValue()).resolves.toBe('The Cambridge History of China');
    await expect(page.locator('#facet-availability-eligible').isChecked()).resolves.toBe(true);
    const all = await page.locator('#result-count').textContent();

    let searches = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/search')) searches++;
    });
    await page.locator('#facet-availability-any').check();
    await page.waitForURL((url) => !url.search.includes('filter.availability'));
    await page.locator('#result-count').filter({ hasNotText: all ?? '' }).waitFor();
    expect(searches).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#progress-summary', { hasText: 'Search finished' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('The Cambridge History of China');
    await expect(page.locator('.strip li[data-library="bift"]').textContent()).resolves.toContain('timed out');
    await expect(page.locator('.strip li[data-library="shl"]').textContent()).resolves.toContain('Shanghai Library');
    const first = page.locator('li.result').first();
    await first.getByRole('button', { name: 'Copies and why merged' }).click();
    await first.locator('button.cell').first().click();
    await expect(first.locator('.panel').textContent()).resolves.toMatch(/Call number|Can be requested|Request by ILL/);
    await screenshot(page, 'results-english-desktop');
    expect(browser.problems).toEqual([]);
  });

  it('works at 360 px wide', { timeout: 60_000 }, async () => {
    const page = await browser.page(360, 740);
    // The previous test left English chosen in this profile; the choice persists, so set it back.
    await page.goto(`${gw.url}/`);
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'zh')");
    await page.goto(`${gw.url}/?title=${encodeURIComponent('The Cambridge History of China')}`);
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor({ timeout: 20_000 });
    // Strings, not functions: these run in the page and the tests are type-checked without DOM types.
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
    await page.locator('.results-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-360');
    const first = page.locator('li.result').first();
    await first.locator('button.expand').click();
    await first.locator('button.cell:has(.verdict-lendable)').first().click();
    await first.locator('table.holdings').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'holdings-360');
    await first.locator('button.request').first().click();
    await page.locator('dialog.ill').waitFor();
    await screenshot(page, 'ill-form-360');
    expect(browser.problems).toEqual([]);
  });

  it('shows the gateway\'s zh texts in zh mode: a too-broad search and a wrong ISBN check digit', { timeout: 60_000 }, async () => {
    const page = await browser.page(1280, 900);
    await page.goto(`${gw.url}/`);
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'zh')");
    await page.goto(`${gw.url}/?q=${encodeURIComponent('*')}`);
    await page.locator('#progress-summary', { hasText: '检索范围过大' }).waitFor({ timeout: 20_000 });
    await page.goto(`${gw.url}/?isbn=0521243320`);
    await page.locator('#search-warnings', { hasText: 'ISBN 0521243320：校验位应为 7' }).waitFor({ timeout: 20_000 });
    expect(browser.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
