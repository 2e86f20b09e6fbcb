/**
 * Real headless Chromium for the UI tests (Debian's /usr/bin/chromium, driven by
 * playwright-core). Gated like the peer tests: skipped with a reason when Chromium is
 * missing, failing instead when REQUIRE_PEERS=1 (CI installs it).
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function chromiumPresent(): boolean {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** describe() for tests that need Chromium. */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumPresent()) return void describe(name, fn);
  const reason = `${CHROMIUM} not found (apt-get install chromium)`;
  if (process.env.REQUIRE_PEERS === '1') {
    describe(name, () => {
      it('has Chromium installed', () => {
        throw new Error(`REQUIRE_PEERS=1 but ${reason}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${reason}; set REQUIRE_PEERS=1 to fail instead]`, fn);
  }
}

export interface Browser {
  context: BrowserContext;
  /** A new page; any page error or alert() fails the test that reads `problems`. */
  page(width?: number, height?: number): Promise<Page>;
  problems: string[];
  close(): Promise<void>;
}

/** A fresh profile per launch: no cache, storage or service worker survives between test files. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ui-test-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async page(width = 1280, height = 900) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`unexpected ${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What the reader sees in the viewport (full page only when asked: result pages are very long). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
