/**
 * English mode shows the UI's own words, BALIS's form values included (no 物流 / 现金支付 / 0元);
 * record titles carry the record's language; times are Beijing time with the zone named.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningDemo } from '../../src/demo/start.ts';
import { silentLogger } from '../../src/logging.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';
import { startSmallGateway } from './gateways.ts';

describeBrowser('the page in English', () => {
  let gw: RunningDemo;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startSmallGateway(silentLogger());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('translates the form values, marks record titles with their language and shows Beijing time', { timeout: 60_000 }, async () => {
    const page = await browser.page(1280, 900);
    await page.goto(`${gw.url}/`);
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'en')");
    await page.goto(`${gw.url}/?q=China&libraries=quick`);
    await page.locator('#progress-summary', { hasText: 'Search finished' }).waitFor({ timeout: 20_000 });
    const work = page.locator('li.result', { hasText: 'The Cambridge history of China' }).first();
    await expect(work.locator('.result-title span').getAttribute('lang')).resolves.toBe('en');

    await work.locator('button.expand').click();
    await work.locator('button.request').first().click();
    const dialog = page.locator('dialog.ill');
    await expect(dialog.locator('[data-field="delivery"]').textContent()).resolves.toBe('Courier');
    await dialog.getByLabel('Reader barcode').fill('2024010123');
    await dialog.getByLabel('Reader name').fill('Zhang San');
    await dialog.getByLabel('E-mail').fill('zhangsan@example.edu.cn');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.locator('h2', { hasText: 'Confirm the request' }).waitFor();
    const confirm = (await dialog.locator('dl.confirm').textContent()) ?? '';
    for (const text of ['DeliveryCourier', 'PaymentCash', 'FeeFree (0 yuan)', 'Pick-upCollect at your own library', 'LanguageEnglish', 'Material typeBook']) expect(confirm).toContain(text);
    for (const zh of ['物流', '现金支付', '0元', '到本校图书馆取书']) expect(confirm).not.toContain(zh);
    await expect(dialog.locator('dl.confirm [data-field="title"]').getAttribute('lang')).resolves.toBe('en');
    await screenshot(page, 'ill-confirm-en-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The librarian's list: the draft's time in Beijing time, zone named, whatever the browser's zone.
    const librarian = await browser.page(1280, 900);
    await librarian.goto(`${gw.url}/librarian`);
    const created = librarian.locator('table.drafts tbody tr td').first();
    await created.waitFor();
    const createdAt = (await (await fetch(`${gw.url}/api/ill/drafts`)).json() as { drafts: { createdAt: string }[] }).drafts[0]?.createdAt ?? '';
    const beijing = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai', timeZoneName: 'short' }).format(new Date(createdAt));
    expect(beijing).toMatch(/GMT\+8/);
    await expect(created.textContent()).resolves.toBe(beijing);
    expect(browser.problems).toEqual([]);
  });
});
