/**
 * Demo/test launcher: one simulated iPac OPAC per configured library, serving the
 * Shanghai Library catalogue (fixtures/ipac/catalogue/shl.json) the way SHL's site is
 * modelled: GBK pages declared in the page only, GetXML offered, session ids in links.
 * The common `simulate.fault` values map onto the OPAC's own failure modes.
 */
import type { SimulatorHandle, SimulatorLauncher } from '../../../src/demo/launch.ts';
import { ipacSettingsSchema, queryIndexes } from '../settings.ts';
import { IPAC_PATH, startIpacSimulator, type IpacFault, type IpacSimulator } from './simulator.ts';

const FAULTS: Record<string, IpacFault> = {
  none: 'none',
  hang: 'hang',
  reset: 'reset',
  http500: 'http500',
  garbage: 'garbage',
  truncated: 'truncated',
  // An HTML answer where the catalogue was expected: for an OPAC, the login page.
  html: 'login',
  // A refusal from the target: for an OPAC, "busy, come back later".
  diagnostic: 'unavailable',
  'wrong-charset': 'wrong-charset',
  'auth-rejected': 'login',
  'rate-limited': 'rate-limit',
};

/** The handle also gives the simulator itself: a test counting the requests the OPAC saw reads them there. */
export async function launchIpacSimulator(library: Parameters<SimulatorLauncher>[0]): Promise<SimulatorHandle & { simulator: IpacSimulator }> {
  const settings = ipacSettingsSchema.parse(library.settings);
  const url = new URL(settings.url);
  if (url.pathname !== IPAC_PATH) throw new Error(`libraries[${library.id}].settings.url: the iPac simulator serves ${IPAC_PATH}, not ${url.pathname}`);
  const simulator = await startIpacSimulator({
    charset: 'gbk',
    xml: true,
    profile: settings.profile,
    latencyMs: library.simulate.latencyMs,
    fault: FAULTS[library.simulate.fault] ?? 'none',
    port: Number(url.port) || 0,
    host: url.hostname,
    lacking: library.simulate.lacks.map((field) => (field === 'year' ? undefined : queryIndexes(settings)[field])).filter((code): code is string => typeof code === 'string').map((code) => code.toUpperCase()),
  });
  return { settings: { ...settings, url: simulator.url }, simulator, close: () => simulator.close() };
}
