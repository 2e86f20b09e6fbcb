/**
 * SSE across instances (issue 13): two gateways on one Redis behind the round-robin proxy. The
 * instance streaming a search goes away mid-stream; the browser reconnects through the proxy
 * (retry: 1000 in the stream), the stream starts over on the other instance, and the reader
 * sees the finished result list, not "connection lost". Events carry no ids: a reconnect does
 * not resume with Last-Event-ID, it starts the search's stream again (README: Several instances).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../peers/round-robin-proxy.ts';
import { startRedis, type RedisPeer } from '../../peers/services.ts';
import { parseDemoConfig } from '../../src/demo/simulate-config.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { silentLogger } from '../../src/logging.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { describeService } from '../peers/services.ts';
import { describeBrowser, launchBrowser, type Browser } from './browser.ts';

function library(id: string, zh: string, latencyMs: number) {
  return { id, name: { zh, en: `${id} Library` }, category: '理工类', adapter: 'sru', settings: { url: `http://127.0.0.1:0/${id}`, version: '1.2' }, timeoutMs: 12_000, simulate: { latencyMs, share: 1 } };
}

describeBrowser('a search stream that loses its instance', () => {
  describeService('on Redis', ['redis'], () => {
    let redis: RedisPeer;
    const gateways = new Map<string, RunningDemo>();
    let proxy: RoundRobinProxy;
    let browser: Browser;

    beforeAll(async () => {
      redis = await startRedis();
      const raw = {
        gateway: { port: 0, deadlineMs: 15_000, stores: { resultSets: { kind: 'redis', url: redis.url }, health: { kind: 'redis', url: redis.url } } },
        // sloth answers after 5 s: the instance is lost while the stream is open (quick has answered).
        libraries: [library('quick', '快速图书馆', 0), library('sloth', '迟缓图书馆', 5000)],
      };
      for (const name of ['A', 'B']) {
        const config = parseDemoConfig(raw, 'reconnect-test', adapterRegistry);
        gateways.set(name, await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } }));
      }
      proxy = await startRoundRobinProxy([...gateways].map(([name, gw]) => ({ name, url: gw.url })));
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await proxy?.close();
      for (const gw of gateways.values()) await gw.close();
      await redis?.stop();
    });

    it('reconnects through the proxy to the other instance and shows the finished results', { timeout: 60_000 }, async () => {
      const page = await browser.page();
      await page.goto(`${proxy.url}/?q=history`);
      const streams = () => proxy.log.filter((e) => e.path.startsWith('/api/search/stream'));
      await expect.poll(() => streams().length, { timeout: 10_000 }).toBe(1);
      const first = streams()[0]!;
      const lost = first.tried[0]!;
      // The quick library's clusters are on screen; sloth still holds the stream open.
      await page.locator('#result-list li').first().waitFor();
      expect(proxy.inFlight(lost)).toBe(1);
      await gateways.get(lost)!.close();

      await expect.poll(() => page.locator('#progress-summary').textContent(), { timeout: 30_000 }).toMatch(/^检索完成/u);
      expect(await page.locator('#progress-summary').textContent()).not.toContain('检索失败');
      const again = streams();
      expect(again).toHaveLength(2);
      expect(again[1]!.tried.at(-1)).not.toBe(lost);
      expect(again[1]!.status).toBe(200);
      expect(await page.locator('#result-list li').count()).toBeGreaterThan(0);
      expect(browser.problems).toEqual([]);
    });
  });
});
