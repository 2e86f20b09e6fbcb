/**
 * A submission BALIS refuses, in the browser: the message stands next to the submit button,
 * takes the focus and is announced (aria-live assertive); the same draft is then submitted
 * again and gets its request number. The BALIS ILL simulator is the test's own, switched to
 * "unavailable" (HTTP 503) and back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { silentLogger } from '../../src/logging.ts';
import type { RunningDemo } from '../../src/demo/start.ts';
import { describeBrowser, launchBrowser, screenshot, type Browser } from './browser.ts';
import { startSmallGateway } from './gateways.ts';

describeBrowser('ILL submission outcome in the browser', () => {
  let balis: BalisSimulator;
  let gw: RunningDemo;
  let browser: Browser;
  beforeAll(async () => {
    balis = await new BalisSimulator().start();
    gw = await startSmallGateway(silentLogger(), balis.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await balis?.close();
  });

  it('shows a refused submission next to the button, focused and announced; the draft is submitted again; the same volume again asks first; 我的申请 lists and cancels', { timeout: 60_000 }, async () => {
    const page = await browser.page(1280, 720);
    await page.goto(`${gw.url}/?q=China&libraries=quick`);
    await page.locator('#progress-summary', { hasText: '检索完成' }).waitFor({ timeout: 20_000 });
    const work = page.locator('li.result', { has: page.locator('.badge') }).first();
    await work.locator('button.expand').click();
    await work.locator('button.request').first().click();

    const dialog = page.locator('dialog.ill');
    await dialog.getByLabel('读者条码').fill('2024010123');
    await dialog.getByLabel('读者姓名').fill('张三');
    await dialog.getByLabel('E-mail').fill('zhangsan@example.edu.cn');
    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.locator('h2', { hasText: '确认申请单信息' }).waitFor();

    balis.mode = 'unavailable';
    const submit = dialog.getByRole('button', { name: '确认提交' });
    await submit.click();
    const outcome = dialog.locator('#ill-submit-outcome');
    await outcome.waitFor();
    await expect(outcome.textContent()).resolves.toBe('提交没有成功：BALIS 拒绝了申请（HTTP 503）。申请单已保存，可以再次提交。');
    await expect(outcome.getAttribute('aria-live')).resolves.toBe('assertive');
    await expect(page.evaluate<string | undefined>('document.activeElement?.id')).resolves.toBe('ill-submit-outcome');
    // Next to the button: in the same row of actions, just below it, and on screen with it.
    await expect(page.evaluate<boolean>(`(() => {
      const out = document.getElementById('ill-submit-outcome');
      const button = [...document.querySelectorAll('dialog.ill button')].find((b) => b.textContent === '确认提交');
      if (!out || !button || out.parentElement !== button.parentElement) return false;
      const a = out.getBoundingClientRect(), b = button.getBoundingClientRect();
      return a.top >= b.top && a.top - b.bottom < 80 && a.bottom <= innerHeight;
    })()`)).resolves.toBe(true);
    expect(balis.accepted).toBe(0);
    await expect(submit.isEnabled()).resolves.toBe(true);
    await screenshot(page, 'ill-submit-failed-zh-desktop');

    // The same draft, again: BALIS is back and gives the request number.
    balis.mode = 'accept';
    await submit.click();
    await dialog.locator('h2', { hasText: '提交申请成功' }).waitFor();
    await expect(dialog.locator('#request-number').textContent()).resolves.toMatch(/^ST\d{8}$/);
    expect(balis.accepted).toBe(1);
    const number = (await dialog.locator('#request-number').textContent()) ?? '';
    await dialog.getByRole('button', { name: '关闭' }).click();

    // The same volume again: the reader's details come back from the gateway (GET /api/ill/reader-details) …
    await work.locator('button.request').first().click();
    await expect.poll(() => dialog.getByLabel('读者条码').inputValue()).toBe('2024010123');
    await expect(dialog.getByLabel('E-mail').inputValue()).resolves.toBe('zhangsan@example.edu.cn');
    expect(await page.evaluate<number>('localStorage.length + sessionStorage.length')).toBe(0);
    // … and the open request is shown by the button and must be confirmed.
    await dialog.getByRole('button', { name: '下一步' }).click();
    const duplicate = dialog.locator('#ill-duplicate');
    await duplicate.waitFor();
    await expect(duplicate.textContent()).resolves.toMatch(new RegExp(`^您已经申请过这一册：您已于 \\d{4}-\\d{2}-\\d{2} 申请过此书 \\(${number}\\)`));
    await expect(page.evaluate<string | undefined>('document.activeElement?.id')).resolves.toBe('ill-duplicate');
    await screenshot(page, 'ill-duplicate-zh-desktop');
    await duplicate.getByRole('button', { name: '仍然申请' }).click();
    await dialog.locator('h2', { hasText: '确认申请单信息' }).waitFor();

    // 我的申请: both, the submitted one by its ST number as BALIS reports it, with a reprint; cancelled while allowed.
    const mine = await browser.page(1280, 720);
    await mine.goto(`${gw.url}/requests`);
    const submitted = mine.locator('table.requests tbody tr', { hasText: number });
    await submitted.waitFor();
    await expect(mine.locator('table.requests tbody tr').count()).resolves.toBe(2);
    await expect(submitted.getAttribute('data-status')).resolves.toBe('submitted');
    await expect(submitted.textContent()).resolves.toContain('已提交');
    await expect(submitted.getByRole('link', { name: '打印申请单' }).getAttribute('href')).resolves.toMatch(/\/print$/);
    await screenshot(mine, 'my-requests-zh-desktop');
    await submitted.getByRole('button', { name: '取消申请' }).click();
    await mine.locator('#requests-status', { hasText: `已取消 ${number}` }).waitFor();
    await expect(submitted.getAttribute('data-status')).resolves.toBe('cancelled');
    expect(browser.problems).toEqual([]);
  });
});
