/** Demo/test launcher: one simulated SRU library per configured library. */
import type { SimulatorLauncher } from '../../../src/demo/launch.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { sruSettingsSchema } from '../settings.ts';
import type { SimulateConfig } from '../../../src/demo/simulate-config.ts';
import { startSruSimulator, type SruFault } from './simulator.ts';

/** The common `simulate.fault` values in SRU terms (a refused Z39.50 Init has no SRU form; the nearest is a 500). */
const SRU_FAULTS: Record<SimulateConfig['fault'], SruFault> = {
  none: 'none', hang: 'hang', http500: 'http500', garbage: 'garbage', html: 'html', truncated: 'truncated', diagnostic: 'diagnostic', reset: 'reset',
  'init-reject': 'http500', 'wrong-charset': 'wrong-charset', 'auth-rejected': 'http401', 'rate-limited': 'http429',
};

export const launchSruSimulator: SimulatorLauncher = async (library) => {
  const settings = sruSettingsSchema.parse(library.settings);
  const url = new URL(settings.url);
  const database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')) || library.id;
  const simulator = await startSruSimulator({
    libraries: [
      {
        id: library.id,
        database,
        branchName: library.name.zh,
        institution: library.simulate.institution ?? library.id.toUpperCase(),
        share: library.simulate.share,
        lacks: library.simulate.lacks,
        latencyMs: library.simulate.latencyMs,
        // A refused Z39.50 Init has no SRU form; the nearest is a server that answers 500.
        fault: SRU_FAULTS[library.simulate.fault],
      },
    ],
    catalogue: loadCatalogue(library.simulate.catalogue),
    port: Number(url.port) || 0,
    host: url.hostname,
  });
  return { settings: { ...settings, url: simulator.url(database) }, close: () => simulator.close() };
};
