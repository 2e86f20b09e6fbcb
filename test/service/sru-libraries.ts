/**
 * Real SRU servers (the simulated ones, on loopback) for the production-path tests, handed back
 * as plain production config entries — no `simulate` block, nothing the production entry
 * would refuse — plus the BALIS ILL simulator to submit to.
 */
import { adapterRegistry } from '../../adapters/index.ts';
import { BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { launchSimulators } from '../../src/demo/launch.ts';
import { parseDemoConfig } from '../../src/demo/simulate-config.ts';

export interface LibraryPeers {
  /** Config entries for `libraries`, endpoints pointing at the running servers. */
  libraries: Record<string, unknown>[];
  balisUrl: string;
  balis: BalisSimulator;
  close(): Promise<void>;
}

export async function startSruLibraries(ids: readonly string[], latencyMs = 0): Promise<LibraryPeers> {
  const entries = ids.map((id) => ({
    id,
    name: { zh: `${id}图书馆`, en: `${id} Library` },
    category: '其他类',
    adapter: 'sru',
    settings: { url: `http://127.0.0.1:0/${id}`, version: '1.2', timeouts: { connectMs: 1000, requestMs: 10_000 } },
  }));
  const demo = parseDemoConfig({ libraries: entries.map((e) => ({ ...e, simulate: { latencyMs, share: 1 } })) }, 'test', adapterRegistry);
  const launched = await launchSimulators(demo, simulatorLaunchers);
  const balis = await new BalisSimulator().start();
  return {
    libraries: entries.map((entry, i) => ({ ...entry, settings: { ...entry.settings, url: (launched.config.libraries[i]?.settings as { url: string }).url } })),
    balisUrl: balis.url,
    balis,
    close: async () => {
      await balis.close();
      await launched.close();
    },
  };
}
