/**
 * The per-library strip and "stop waiting", over a small gateway: one library answers at
 * once, one times out, one fails, one is slow, one is suspended.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';
import { capturingLogger, startSmallGateway } from './gateways.ts';

describeBrowser('search progress in the browser', () => {
  let gw: RunningGateway;
  let browser: Browser;
  const log = capturingLogger();
  beforeAll(async () => {
    gw = await startSmallGateway(log.logger);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('shows answered, timed out, failed (reason on tap) and suspended libraries; the suspended one cannot be picked', { timeout: 30_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/`);
    const paused = page.locator('li[data-library="paused"]');
    await expect(paused.textContent()).resolves.toContain('暂停图书馆暂停馆际互借服务');
    expect(await paused.locator('input').count()).toBe(0);
    // 全部选择 per category: untick 理工类, then tick it again.
    await page.getByText('检索范围').click();
    const science = page.getByRole('group', { name: '理工类' });
    await science.getByLabel('全部选择').uncheck();
    await expect(page.locator('#lib-quick').isChecked()).resolves.toBe(false);
    await expect(page.locator('.picker-count').textContent()).resolves.toBe('（已选 2 / 4 个馆）');
    await science.getByLabel('全部选择').check();
    // The name filter hides the others.
    await page.getByPlaceholder('查找成员馆').fill('迟缓');
    await expect(page.locator('li[data-library="quick"]').isHidden()).resolves.toBe(true);
    await page.getByPlaceholder('查找成员馆').fill('');

    await page.getByLabel('任意词').fill('China');
    await page.getByRole('button', { name: '检索', exact: true }).click();
    // While sloth is still working (2 s), quick has answered and slow has timed out (300 ms): in
    // either order, as the machine's load decides, so each is waited for.
    await page.locator('.strip li[data-library="slow"][data-state="timeout"]').waitFor();
    await page.locator('.strip li[data-library="quick"][data-state="ok"]').waitFor();
    await expect(page.locator('.strip li[data-library="quick"]').textContent()).resolves.toMatch(/\d+ 条 · \d+/);
    expect(await page.locator('li.result').count()).toBeGreaterThan(0);
    await screenshot(page, 'progress-streaming-desktop');
    await page.locator('.strip li[data-library="sloth"][data-state="ok"]').waitFor({ timeout: 10_000 });
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor();

    const broken = page.locator('.strip li[data-library="broken"]');
    await expect(broken.getAttribute('data-state')).resolves.toBe('error');
    await expect(broken.locator('button').getAttribute('title')).resolves.toMatch(/原因: .*500/);
    await broken.locator('button').click();
    await expect(page.locator('#strip-reason').textContent()).resolves.toMatch(/故障图书馆 — 原因: .*500/);
    // Short localized reasons: no internal address reaches the page.
    await expect(page.locator('#strip-reason').textContent()).resolves.not.toMatch(/127\.0\.0\.1|http:/);
    // Some failed: the summary counts them.
    await expect(page.locator('#progress-summary').textContent()).resolves.toMatch(/2 个馆已回应，1 个超时，1 个出错$/);
    await expect(page.locator('.strip li[data-library="paused"]').getAttribute('data-state')).resolves.toBe('suspended');
    await screenshot(page, 'progress-done-desktop');
    expect(browser.problems).toEqual([]);
  });

  it('says when every selected library failed, never "nothing found", and retries', { timeout: 30_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/`);
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'zh')");
    await page.goto(`${gw.url}/?q=China&libraries=slow,broken`);
    await page.locator('#progress-summary', { hasText: '没有检索成功的图书馆：1 个超时，1 个出错' }).waitFor();
    await expect(page.locator('#result-count').textContent()).resolves.toBe('没有检索成功的图书馆：1 个超时，1 个出错');
    expect(await page.locator('body').textContent()).not.toContain('没有找到结果');
    const retry = page.getByRole('button', { name: '重试' });
    await expect(retry.isVisible()).resolves.toBe(true);
    await screenshot(page, 'all-failed-zh-desktop');

    // Retry runs the same search again (the libraries still fail) and lands on the summary.
    const searches: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/search/stream')) searches.push(r.url());
    });
    await retry.click();
    await page.locator('#progress-summary', { hasText: '没有检索成功的图书馆' }).waitFor();
    expect(searches).toHaveLength(1);
    expect(searches[0]).toContain('libraries=slow%2Cbroken');
    await expect(page.evaluate<string | undefined>('document.activeElement?.id')).resolves.toBe('progress-summary');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('#result-count').textContent()).resolves.toBe('No library answered: 1 timed out, 1 failed');
    await expect(page.getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('body').textContent()).not.toContain('Nothing found');
    await page.evaluate("localStorage.setItem('balis-ui-lang', 'zh')");
    expect(browser.problems).toEqual([]);
  });

  it('stops waiting: the stream closes and the gateway cancels the search', { timeout: 30_000 }, async () => {
    const page = await browser.page();
    await page.goto(`${gw.url}/?q=history`);
    await page.locator('.strip li[data-library="quick"][data-state="ok"]').waitFor();
    await expect(page.locator('.strip li[data-library="sloth"]').getAttribute('data-state')).resolves.toBe('waiting');
    const before = log.entries.length;
    await page.getByRole('button', { name: '停止等待' }).click();
    await expect(page.locator('.strip li[data-library="sloth"]').getAttribute('data-state')).resolves.toBe('skipped');
    await expect(page.locator('#progress-summary').textContent()).resolves.toMatch(/^已停止等待/);
    await expect(page.getByRole('button', { name: '重新检索' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('li.result').count()).toBeGreaterThan(0);

    // The server side: the search ends with the slow library skipped, i.e. without waiting for its answer
    // (had it waited, sloth would count as ok); no wall-clock bound.
    await expect.poll(() => log.entries.slice(before).find((e) => e.msg === 'search finished'), { timeout: 5000 }).toBeDefined();
    const finished = log.entries.slice(before).find((e) => e.msg === 'search finished') as { states: Record<string, number> };
    expect(finished.states.skipped).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'progress-stopped-desktop');
    expect(browser.problems).toEqual([]);
  });
});
