/**
 * The reader's page at 360 px and 1280 px, in Chinese and English, over the whole demo: after a
 * search the focus and the scroll are on the results summary and the first result is on screen;
 * on a phone the progress strip is one line that opens; an expanded volume shows its copies as a
 * library × volume grid whose cells open the first three copies, then "show all N"; the expanded
 * volume stays under four screens, and at 360 px so does the whole page with it (the search form
 * folds behind "修改检索条件" and a page holds eight compact works). Screenshots go to test-output/screenshots/phone-*.png, and the
 * time to the first result and the page heights are printed for the closing note (not asserted:
 * wall-clock figures on a shared machine are not test material).
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

const TEXT = {
  zh: { title: '题名', search: '检索', done: '检索完成', showAll: /^显示全部 \d+ 册$/ },
  en: { title: 'Title', search: 'Search', done: 'Search finished', showAll: /^Show all \d+ copies$/ },
} as const;

describeBrowser('the reader\'s page at phone and desktop widths', () => {
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

  /** Top and bottom of an element in the viewport, and the viewport's height. */
  const box = (page: Page, selector: string) =>
    page.evaluate<{ top: number; bottom: number; screen: number }>(`(() => {
      const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, screen: innerHeight };
    })()`);

  for (const lang of ['zh', 'en'] as const) {
    for (const [width, height] of [[360, 740], [1280, 900]] as const) {
      it(`${lang} at ${width} px: summary focused, first result on screen, one expanded volume under four screens${width === 360 ? ', and the whole page too' : ''}`, { timeout: 90_000 }, async () => {
        const text = TEXT[lang];
        const page = await browser.page(width, height);
        await page.goto(`${gw.url}/`);
        await page.evaluate(`localStorage.setItem('balis-ui-lang', '${lang}')`);
        await page.goto(`${gw.url}/`);
        await page.getByLabel(text.title, { exact: true }).fill('The Cambridge History of China');
        const started = Date.now();
        await page.getByRole('button', { name: text.search, exact: true }).click();
        await page.locator('li.result').first().waitFor({ timeout: 30_000 });
        const firstResultMs = Date.now() - started;
        await page.locator('#progress-summary', { hasText: text.done }).waitFor({ timeout: 30_000 });

        await expect(page.evaluate<string | undefined>('document.activeElement?.id')).resolves.toBe('progress-summary');
        // Scrolling may be smooth: wait for it to settle on the summary.
        await expect.poll(async () => (await box(page, '#progress-summary')).top, { timeout: 5000 }).toBeLessThan(height / 3);
        const first = await box(page, 'li.result');
        expect(first.top).toBeGreaterThanOrEqual(0);
        expect(first.top).toBeLessThan(first.screen - 80);

        const toggle = page.locator('button.strip-toggle');
        if (width === 360) {
          // One line of counts; the chips open on a tap.
          await expect(page.locator('ul.strip').isVisible()).resolves.toBe(false);
          expect((await toggle.boundingBox())?.height).toBeLessThan(80);
          await toggle.click();
          await expect(page.locator('ul.strip').isVisible()).resolves.toBe(true);
          await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
          await toggle.click();
        } else {
          await expect(toggle.isVisible()).resolves.toBe(false);
          await expect(page.locator('ul.strip').isVisible()).resolves.toBe(true);
        }
        await screenshot(page, `phone-${lang}-${width}-results`);
        if (width === 360) await screenshot(page, `phone-${lang}-${width}-results-full`, true);

        // One volume: The Cambridge history of China, v.7 (held by many libraries).
        const work = page.locator('li.result', { hasText: /Volume 7, Part 1/ }).first();
        await work.locator('button.expand').click();
        await work.locator('table.volume-grid').waitFor();
        // The volume as the reader first sees it: the grid (first libraries) and one cell's copies.
        await work.locator('button.cell').first().click();
        await work.locator('section.library-holdings').waitFor();
        const expanded = await work.evaluate((el) => el.getBoundingClientRect().height);
        const pageHeight = await page.evaluate<number>('document.documentElement.scrollHeight');
        const works = await page.locator('li.result').count();
        await work.locator('table.volume-grid').scrollIntoViewIfNeeded();
        await screenshot(page, `phone-${lang}-${width}-expanded`);
        if (width === 360) await screenshot(page, `phone-${lang}-${width}-expanded-full`, true);

        // A cell with more than three copies shows three, then "show all N".
        const allLibraries = work.locator('.grid-wrap > button.show-all');
        if ((await allLibraries.count()) > 0) await allLibraries.click();
        const cells = work.locator('button.cell');
        let opened = false;
        for (let i = 0; i < (await cells.count()) && !opened; i++) {
          const counts = await cells.nth(i).locator('.n').allTextContents();
          const copies = counts.reduce((sum, n) => sum + Number(n.replace(/\D/g, '')), 0);
          if (copies <= 3) continue;
          if ((await cells.nth(i).getAttribute('aria-expanded')) !== 'true') await cells.nth(i).click();
          const block = work.locator('section.library-holdings');
          await expect(block.locator('tbody tr').count()).resolves.toBe(3);
          const showAll = block.locator('button.show-all');
          await expect(showAll.textContent()).resolves.toMatch(text.showAll);
          await showAll.click();
          await expect(work.locator('section.library-holdings tbody tr').count()).resolves.toBe(copies);
          opened = true;
        }
        expect(opened).toBe(true);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
        expect(expanded).toBeLessThan(4 * height);
        // The whole phone page, one volume open: under four screens (the form folded, eight compact works a page).
        // At 1280 px twenty works a page are listed, the count the figures print.
        if (width === 360) expect(pageHeight).toBeLessThan(4 * height);
        console.log(`[figures] ${lang} ${width}px: first result ${firstResultMs} ms after the click; expanded volume ${Math.round(expanded)} px = ${(expanded / height).toFixed(2)} screens; page ${pageHeight} px = ${(pageHeight / height).toFixed(2)} screens with ${works} works listed`);
        expect(browser.problems).toEqual([]);
      });
    }
  }
});
