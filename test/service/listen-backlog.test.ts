/**
 * The main port listens with gateway.listenBacklog (default 4096), not Node's 511: under a burst
 * a full listen queue drops the SYN, and the client retries only after 1 s (bench:load showed
 * refusals a second late). The kernel's own view of the queue is read with `ss` (iproute2).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { adapterRegistry, illSubmission } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/logging.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

/** The listen queue's size as the kernel holds it (Send-Q of a listening socket). */
function kernelBacklog(port: number): number {
  const line = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  return Number(line.split(/\s+/)[2]);
}

const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
const library = { id: 'pku', name: { zh: '北京大学图书馆', en: 'Peking University Library' }, category: '其他类', adapter: 'sru', settings: { url: 'http://127.0.0.1:9/sru', version: '1.2' } };

describe('main port listen backlog', () => {
  let gw: RunningGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('defaults to 4096 (as far as net.core.somaxconn allows) and takes the configured value', async () => {
    expect(parseConfig({ gateway: {}, libraries: [library] }, 'backlog-test', adapterRegistry).gateway.listenBacklog).toBe(4096);
    for (const listenBacklog of [1500, undefined]) {
      const config = parseConfig({ gateway: { port: 0, ill: { dataDir: tempDataDir() }, ...(listenBacklog ? { listenBacklog } : {}) }, libraries: [library] }, 'backlog-test', adapterRegistry);
      gw = await startGateway({ config, registry: adapterRegistry, illSubmission, logger: createLogger({ level: 'silent' }) });
      expect(kernelBacklog(Number(new URL(gw.url).port))).toBe(Math.min(listenBacklog ?? 4096, somaxconn));
      await gw.close();
      gw = undefined;
    }
  });

  it('refuses a backlog outside 1–65535, naming the field', () => {
    expect(() => parseConfig({ gateway: { listenBacklog: 0 }, libraries: [library] }, 'backlog-test', adapterRegistry)).toThrow(/gateway\.listenBacklog/);
  });
});
