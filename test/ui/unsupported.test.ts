/**
 * A library without the index a search uses, in the browser: its chip in the progress strip
 * says so in the reader's language (不支持的检索项：ISBN / unsupported: isbn), never a bare
 * "stopped" or 0 hits, and the librarian's health table shows what each library searches
 * (a Z39.50 one: what its Explain database says).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningDemo } from '../../src/demo/start.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';

describeBrowser('unsupported index in the browser', () => {
  let gw: RunningDemo;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'full', zh: '完整图书馆' },
      { id: 'noisbn', zh: '无号图书馆', lacks: ['isbn'] },
      { id: 'znoisbn', zh: '无号 Z39.50 图书馆', z3950: true, lacks: ['isbn'] },
    ]);
    await gw.gateway.startDiscovery();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('shows the skipped library with its reason in zh and en; the librarian sees its indexes', { timeout: 45_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/`);
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'zh')");
    await page.goto(`${gw.url}/?isbn=0521243327`);
    const chip = page.locator('.strip li[data-library="noisbn"][data-state="skipped"]');
    await chip.waitFor();
    await expect(chip.textContent()).resolves.toContain('不支持的检索项：ISBN');
    await expect(page.locator('.strip li[data-library="full"]').getAttribute('data-state')).resolves.toBe('ok');
    await screenshot(page, 'unsupported-index-zh-desktop');

    await page.evaluate("localStorage.setItem('balis-ui-lang', 'en')");
    await page.goto(`${gw.url}/?isbn=0521243327`);
    const chipEn = page.locator('.strip li[data-library="noisbn"][data-state="skipped"]');
    await chipEn.waitFor();
    await expect(chipEn.textContent()).resolves.toContain('unsupported: isbn');

    await page.goto(`${gw.url}/librarian`);
    const row = page.locator('table.health tr[data-library="noisbn"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('title · author · publisher · issn · subject · keyword · year');
    expect(text).toContain('found by sru-explain');
    expect(text).toContain('SRU 1.2 · maximumRecords 100');
    // A Z39.50 library's indexes as its Explain database lists them, with its record count.
    const z = (await page.locator('table.health tr[data-library="znoisbn"]').textContent()) ?? '';
    expect(z).toContain('title · author · publisher · issn · subject · keyword · year');
    expect(z).toContain('found by z3950-explain+init');
    expect(z).toMatch(/✓ Explain · Explain: 7 indexes, [1-9][\d,]* records/);
    expect(browser.problems).toEqual([]);
  });
});
