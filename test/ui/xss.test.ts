/** Record data is text, never markup: a library serving HTML in its MARC fields shows it literally. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SruSimulator } from '../../adapters/sru/sim/simulator.ts';
import { silentLogger } from '../../src/logging.ts';
import type { RunningGateway } from '../../src/server.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';
import { startXssGateway, XSS_AUTHOR, XSS_LOCATION, XSS_PUBLISHER, XSS_TITLE } from './gateways.ts';

describeBrowser('hostile record data in the browser', () => {
  let gw: RunningGateway;
  let sim: SruSimulator;
  let browser: Browser;
  beforeAll(async () => {
    ({ gw, sim } = await startXssGateway(silentLogger()));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await sim?.close();
  });

  it('renders a title, author, publisher and location full of HTML as text, in the list, the copies and the ILL form', { timeout: 30_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/?q=hostile`);
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor();
    const item = page.locator('li.result').first();
    await expect(item.locator('.result-title').textContent()).resolves.toBe(XSS_TITLE);
    await expect(item.locator('.meta').textContent()).resolves.toContain(XSS_AUTHOR);
    await expect(item.locator('.meta').textContent()).resolves.toContain(XSS_PUBLISHER);
    await item.locator('button.expand').click();
    await expect(item.locator('table.holdings').textContent()).resolves.toContain(XSS_LOCATION);
    await item.locator('button.request').first().click();
    await expect(page.locator('dialog.ill .work-title').textContent()).resolves.toBe(XSS_TITLE);

    // Nothing the record said became an element, a handler or a script run.
    expect(await page.locator('main img, main svg, main script, main b, main i, dialog img').count()).toBe(0);
    expect(await page.locator('[onerror], [onload], [onmouseover]').count()).toBe(0);
    await screenshot(page, 'xss-as-text');
    expect(browser.problems).toEqual([]);
  });
});
