/** Demo/test launcher: a simulated BALIS union search over the fixture catalogue and the seed's 31 members. */
import type { SimulatorLauncher } from '../../../src/demo/launch.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { balisSettingsSchema } from '../settings.ts';
import { loadSimMembers } from './union.ts';
import { startBalisSimulator, type BalisFault } from './simulator.ts';

/** The common `simulate.fault` values in this interface's terms (truncated/garbage pages read as broken: 500). */
const FAULTS: Record<string, BalisFault> = {
  none: 'none', hang: 'hang', http500: 'http500', html: 'html', reset: 'reset', truncated: 'http500', garbage: 'http500', diagnostic: 'http500',
  // An expired session: the union system's "please log in again" page.
  'auth-rejected': 'html', 'rate-limited': 'http429',
};

export const launchBalisSimulator: SimulatorLauncher = async (library) => {
  const settings = balisSettingsSchema.parse(library.settings);
  const url = new URL(settings.url);
  const simulator = await startBalisSimulator({
    members: loadSimMembers(),
    catalogue: loadCatalogue(library.simulate.catalogue),
    basePath: url.pathname,
    latencyMs: library.simulate.latencyMs,
    fault: FAULTS[library.simulate.fault] ?? 'none',
    // wrong-charset: GBK pages labelled UTF-8.
    ...(library.simulate.fault === 'wrong-charset' ? { label: 'UTF-8' } : {}),
    lacking: library.simulate.lacks,
    port: Number(url.port) || 0,
    host: url.hostname,
  });
  return { settings: { ...settings, url: simulator.url }, close: () => simulator.close() };
};
