/** Small gateways for the browser tests: a few simulated SRU libraries, or one serving a hand-made hostile record. */
import { Writable } from 'node:stream';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { startSruSimulator, type SruSimulator } from '../../adapters/sru/sim/simulator.ts';
import { parseDemoConfig } from '../../src/demo/simulate-config.ts';
import { createLogger, type Logger } from '../../src/logging.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

/** The gateway's log lines as objects, to check what the server did (e.g. that a search was cancelled). */
export function capturingLogger(): { logger: Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) entries.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), entries };
}

interface Lib {
  id: string;
  zh: string;
  category: string;
  latencyMs?: number;
  timeoutMs?: number;
  fault?: string;
  suspended?: boolean;
  lenderCode?: string;
}

function sruLibrary(l: Lib, url: string, simulate: boolean) {
  return {
    id: l.id,
    name: { zh: l.zh, en: `${l.id} Library` },
    category: l.category,
    adapter: 'sru',
    settings: { url, version: '1.2', timeouts: { connectMs: 1000, requestMs: 5000 } },
    ...(l.timeoutMs ? { timeoutMs: l.timeoutMs } : {}),
    ...(l.lenderCode ? { ill: { lenderCode: l.lenderCode } } : {}),
    ...(l.suspended ? { service: { status: 'suspended', notice: { zh: `${l.zh}暂停馆际互借服务`, en: 'ILL suspended for an upgrade' } } } : {}),
    ...(simulate ? { simulate: { latencyMs: l.latencyMs ?? 0, share: 1, fault: l.fault ?? 'none' } } : {}),
  };
}

/** quick answers at once, slow times out, broken answers HTTP 500, sloth answers after 2 s, paused is suspended. */
const SMALL_LIBRARIES: Lib[] = [
  { id: 'quick', zh: '快速图书馆', category: '理工类', lenderCode: '100001' },
  { id: 'slow', zh: '慢速图书馆', category: '理工类', latencyMs: 3000, timeoutMs: 300 },
  { id: 'broken', zh: '故障图书馆', category: '医学类', fault: 'http500' },
  { id: 'sloth', zh: '迟缓图书馆', category: '农学类', latencyMs: 2000, timeoutMs: 4000 },
  { id: 'paused', zh: '暂停图书馆', category: '其他类', suspended: true },
];

/** `balisUrl`: a BALIS ILL simulator the test controls (to make a submission fail). */
export async function startSmallGateway(logger: Logger, balisUrl?: string): Promise<RunningDemo> {
  const config = parseDemoConfig(
    { gateway: { port: 0, deadlineMs: 5000 }, libraries: SMALL_LIBRARIES.map((l) => sruLibrary(l, `http://127.0.0.1:0/${l.id}`, true)) },
    'ui-test',
    adapterRegistry,
  );
  const ill = { dataDir: tempDataDir(), ...(balisUrl ? { balis: { url: balisUrl, timeoutMs: 5000 } } : {}) };
  return startDemoGateway({ config, registry: adapterRegistry, logger, simulators: simulatorLaunchers, port: 0, ill });
}

export const XSS_TITLE = '<img src=x onerror=alert(1)>';
export const XSS_AUTHOR = '<script>alert(2)</script>';
export const XSS_PUBLISHER = '"><svg onload=alert(3)>';
export const XSS_LOCATION = '<b onmouseover=alert(4)>书库</b>';

function hostileRecord(): MarcRecord {
  const field = (tag: string, subfields: [string, string][]) => ({ tag, ind1: ' ', ind2: ' ', subfields: subfields.map(([code, value]) => ({ code, value })) });
  return {
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: 'xss-0001' },
      { tag: '008', value: '240101s2024    cc            000 0 eng d' },
      field('100', [['a', XSS_AUTHOR]]),
      field('245', [['a', XSS_TITLE], ['c', 'hostile test record']]),
      field('260', [['a', 'Beijing'], ['b', XSS_PUBLISHER], ['c', '2024']]),
      field('852', [['a', 'XSS'], ['b', XSS_LOCATION], ['h', 'Z228/<i>1'], ['p', '99000000000001'], ['z', '归还'], ['x', '参考外借资料']]),
    ],
  };
}

export async function startXssGateway(logger: Logger): Promise<{ gw: RunningDemo; sim: SruSimulator }> {
  const sim = await startSruSimulator({
    libraries: [{ id: 'xss', database: 'xss', branchName: '测试图书馆', institution: 'XSS', share: 1, latencyMs: 0, fault: 'none' }],
    catalogue: [hostileRecord()],
  });
  const lib: Lib = { id: 'xss', zh: '测试图书馆', category: '其他类' };
  const config = parseDemoConfig({ gateway: { port: 0, deadlineMs: 3000 }, libraries: [sruLibrary(lib, sim.url('xss'), false)] }, 'ui-xss-test', adapterRegistry);
  try {
    const gw = await startDemoGateway({ config, registry: adapterRegistry, logger, port: 0, ill: { dataDir: tempDataDir() } });
    return { gw, sim };
  } catch (error) {
    await sim.close();
    throw error;
  }
}
