/**
 * What the reader sees on the browser's form is what the 确认申请单 page shows and what BALIS
 * receives: for the seed copy (上海图书馆 54122100517423, a volume of The Cambridge history of
 * China) and a record of the Japanese catalogue, each with a field the reader corrected. The form's
 * bibliographic inputs, read as the reader leaves them, equal the confirmation's fields and the
 * fields the BALIS ILL simulator received, character for character. The Japanese title is made
 * longer than 240 characters with a kana and its combining mark at the limit: the form says where
 * it will be cut before anything is sent, and the cut (a whole grapheme, not half of one) is what
 * the confirmation and BALIS get.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { loadDemoConfigFile } from '../../src/demo/simulate-config.ts';
import { silentLogger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';

const BIB_FIELDS = ['title', 'authors', 'publisher', 'year', 'isbnIssn', 'language'] as const;
type BibField = (typeof BIB_FIELDS)[number];
const SEED_BARCODE = '54122100517423';

describeBrowser('form = confirmation = payload in the browser', () => {
  let gw: RunningDemo;
  let balis: BalisSimulator;
  let browser: Browser;
  beforeAll(async () => {
    balis = await startBalisSimulator();
    const config = loadDemoConfigFile(new URL('../../config/demo.json', import.meta.url).pathname, adapterRegistry);
    gw = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir(), balis: { url: balis.url, timeoutMs: 10_000 } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await balis?.close();
  });

  /** Searches by title and opens the works' library cells until `library` offers a request button (for `barcode`, if given). */
  async function requestButton(page: Page, title: string, library: string, barcode?: string): Promise<Locator> {
    await page.goto(`${gw.url}/`);
    await page.getByLabel('题名', { exact: true }).fill(title);
    await page.getByRole('button', { name: '检索', exact: true }).click();
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor({ timeout: 30_000 });
    const works = page.locator('li.result');
    const wanted = `button.request[data-library="${library}"]${barcode ? `[data-barcode="${barcode}"]` : ''}`;
    for (let i = 0; i < (await works.count()); i++) {
      const work = works.nth(i);
      await work.locator('button.expand').click();
      const allLibraries = work.locator('.grid-wrap > button.show-all');
      if ((await allLibraries.count()) > 0) await allLibraries.click();
      const cells = work.locator(`button.cell[data-library="${library}"]`);
      for (let c = 0; c < (await cells.count()); c++) {
        if ((await cells.nth(c).getAttribute('aria-expanded')) !== 'true') await cells.nth(c).click();
        const more = work.locator('section.library-holdings button.show-all');
        if ((await more.count()) > 0) await more.first().click();
        if ((await work.locator(wanted).count()) > 0) return work.locator(wanted).first();
      }
      await work.locator('button.expand').click();
    }
    throw new Error(`no ${library} copy to request for "${title}"`);
  }

  /** Fills the reader's part, applies the corrections, and returns the bibliographic fields as the form will send them. */
  async function fillForm(dialog: Locator, corrections: Partial<Record<BibField, string>>): Promise<Record<BibField, string>> {
    await dialog.locator('fieldset.bib-fields:not([aria-busy])').waitFor();
    for (const [field, value] of Object.entries(corrections)) await dialog.locator(`#ill-bib-${field}`).fill(value);
    await dialog.getByLabel('读者条码').fill('2024010123');
    await dialog.getByLabel('读者姓名').fill('张三');
    await dialog.getByLabel('E-mail').fill('zhangsan@example.edu.cn');
    const shown = {} as Record<BibField, string>;
    for (const field of BIB_FIELDS) shown[field] = (await dialog.locator(`#ill-bib-${field}`).inputValue()).trim();
    return shown;
  }

  /** Next → the confirmation's fields; submit → BALIS's; all three must be the `expected` values. */
  async function confirmAndSubmit(page: Page, dialog: Locator, expected: Record<BibField, string>, name: string): Promise<void> {
    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.locator('h2', { hasText: '确认申请单信息' }).waitFor();
    const confirmation = {} as Record<BibField, string>;
    for (const field of BIB_FIELDS) confirmation[field] = (await dialog.locator(`dl.confirm [data-field="${field}"]`).textContent()) ?? '';
    expect(confirmation).toEqual(expected);
    await screenshot(page, `ill-confirm-${name}`);
    await dialog.getByRole('button', { name: '确认提交' }).click();
    await dialog.locator('h2', { hasText: '提交申请成功' }).waitFor();
    const href = (await dialog.getByRole('link', { name: '打印申请单' }).getAttribute('href')) ?? '';
    const draftId = decodeURIComponent(/\/drafts\/([^/]+)\/print$/u.exec(href)?.[1] ?? '');
    const payload = balis.acceptedForm(draftId);
    expect(payload, `BALIS received draft ${draftId}`).toBeDefined();
    const received = Object.fromEntries(BIB_FIELDS.map((field) => [field, payload!.get(field) ?? ''])) as Record<BibField, string>;
    expect(received).toEqual(expected);
  }

  it('the seed copy: the volume\'s title, year and ISBN, with a corrected publisher, are what is confirmed and what BALIS receives', { timeout: 120_000 }, async () => {
    const page = await browser.page(1280, 900);
    await (await requestButton(page, 'The Cambridge History of China', 'shl', SEED_BARCODE)).click();
    const dialog = page.locator('dialog.ill');
    const shown = await fillForm(dialog, { publisher: 'Cambridge University Press（剑桥大学出版社）' });
    // The volume, not the set: v.7's title part, year and ISBN are on the form already.
    expect(shown).toMatchObject({ title: 'The Cambridge history of China. v.7: The Ming Dynasty, 1368-1644, pt. 1', year: '1988', isbnIssn: '9780521243322', publisher: 'Cambridge University Press（剑桥大学出版社）' });
    await expect(dialog.locator('#ill-bib-title-counter').textContent()).resolves.toBe(`限 240 字符 · ${[...shown.title].length}/240`);
    await screenshot(page, 'ill-form-editable-zh-desktop');
    await confirmAndSubmit(page, dialog, shown, 'seed-zh-desktop');
    expect(browser.problems).toEqual([]);
  });

  it('a Japanese record: characters unchanged, and an over-long corrected title cut at a grapheme boundary before submit', { timeout: 120_000 }, async () => {
    const page = await browser.page(1280, 900);
    await (await requestButton(page, '中国の歴史', 'shl-jp')).click();
    const dialog = page.locator('dialog.ill');
    await dialog.locator('fieldset.bib-fields:not([aria-busy])').waitFor();
    const original = (await dialog.locator('#ill-bib-title').inputValue()).trim();
    // The catalogue's lender is named, as the draft will name it.
    await expect(dialog.locator('.form-preview [data-field="lenderName"]').textContent()).resolves.toBe('上海图书馆 (123114)');
    expect(original.normalize('NFC')).toBe(original);
    await expect(dialog.locator('#ill-bib-title').getAttribute('lang')).resolves.toBe('ja');
    // 239 code points, then が written as か + U+3099 (one grapheme, two code points), then more.
    const head = `${original}／${'続'.repeat(238 - [...original].length)}`;
    expect([...head].length).toBe(239);
    const typed = `${head}か\u3099巻`;
    await dialog.locator('#ill-bib-title').fill(typed);
    // Before submit: the counter is over, and the cut is shown — 239 kept, the whole が dropped with the rest.
    await expect(dialog.locator('#ill-bib-title-counter').textContent()).resolves.toBe('限 240 字符 · 242/240');
    await expect(dialog.locator('#ill-bib-title-cut').textContent()).resolves.toBe(`超过 240 字符：将在字符边界处截断，保留前 239 个字符（删去 3 个），结尾为「${[...head].slice(-12).join('')}」`);
    await screenshot(page, 'ill-form-cut-zh-desktop');
    const shown = await fillForm(dialog, {});
    expect(shown.title).toBe(typed);
    await confirmAndSubmit(page, dialog, { ...shown, title: head }, 'japanese-zh-desktop');
    expect(browser.problems).toEqual([]);
  });
});
