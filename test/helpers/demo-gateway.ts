/** Starts a gateway over simulated SRU libraries for API tests (real sockets, port 0). */
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { parseDemoConfig } from '../../src/demo/simulate-config.ts';
import { silentLogger, type Logger } from '../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../src/demo/start.ts';
import { tempDataDir } from './temp-data.ts';

export interface SimLibrary {
  id: string;
  zh?: string;
  category?: string;
  latencyMs?: number;
  fault?: string;
  share?: number;
  timeoutMs?: number;
  suspended?: boolean;
  version?: '1.1' | '1.2' | '2.0';
  ill?: Record<string, unknown>;
  /** Whose copies in the fixture catalogue the simulator serves (default: the id in capitals). */
  institution?: string;
  /** Served over Z39.50 instead of SRU. */
  z3950?: boolean;
  /** Indexes the simulated library lacks (simulate.lacks). */
  lacks?: string[];
  /** The library config's own capabilities block (overrides discovery). */
  capabilities?: Record<string, unknown>;
}

/** `logger`: where the gateway's log lines go (default: nowhere). */
export async function startSimulatedGateway(libs: SimLibrary[], gateway: Record<string, unknown> = {}, logger: Logger = silentLogger()): Promise<RunningDemo> {
  const raw = {
    gateway: { port: 0, deadlineMs: 3000, ...gateway },
    libraries: libs.map((l) => ({
      id: l.id,
      name: { zh: l.zh ?? `${l.id}图书馆`, en: `${l.id} Library` },
      category: l.category ?? '其他类',
      adapter: l.z3950 ? 'z3950' : 'sru',
      settings: l.z3950 ? { host: '127.0.0.1', port: 0, databases: [l.id.toUpperCase()] } : { url: `http://127.0.0.1:0/${l.id}`, version: l.version ?? '1.2', timeouts: { connectMs: 1000, requestMs: 2000 } },
      ...(l.capabilities ? { capabilities: l.capabilities } : {}),
      ...(l.timeoutMs ? { timeoutMs: l.timeoutMs } : {}),
      ...(l.ill ? { ill: l.ill } : {}),
      ...(l.suspended ? { service: { status: 'suspended', notice: { zh: '暂停馆际互借服务', en: 'ILL suspended' } } } : {}),
      simulate: { latencyMs: l.latencyMs ?? 0, share: l.share ?? 1, fault: l.fault ?? 'none', ...(l.institution ? { institution: l.institution } : {}), ...(l.lacks ? { lacks: l.lacks } : {}) },
    })),
  };
  const config = parseDemoConfig(raw, 'test', adapterRegistry);
  return startDemoGateway({ config, registry: adapterRegistry, logger, simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() } });
}
