/**
 * `npm run demo:libraries -- --out FILE [--config FILE]`: the demo's simulated libraries (and the
 * simulated BALIS ILL system) in a process of their own, with no gateway. It writes FILE: the
 * demo config as a production config whose endpoints point at the simulators, so any number of
 * production gateways (`node dist/main.js --config FILE`) can share one set of libraries —
 * the load bench, the multi-instance test, or a systems librarian trying a cluster.
 * Prints "Libraries ready" and stays up until SIGTERM/SIGINT (or its parent disconnects).
 * Forked (peers/demo-libraries.ts), it also answers { id, op } messages: `stats` (the requests the
 * simulated iPac OPACs received from every gateway, BALIS's submissions), `hold`/`release` (BALIS
 * keeps its answers back) and `waitBalis` (until BALIS has received so many POSTs).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adapterRegistry } from '../../adapters/index.ts';
import { BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { ConfigError } from '../config/load.ts';
import { launchIpacSimulator } from '../../adapters/ipac/sim/launch.ts';
import type { IpacSimulator } from '../../adapters/ipac/sim/simulator.ts';
import { launchSimulators, type SimulatorLauncher } from './launch.ts';
import { loadDemoConfigFile } from './simulate-config.ts';

const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: npm run demo:libraries -- --out FILE [--config FILE]');
  process.exit(1);
}
const file = values.config ?? fileURLToPath(new URL('../../config/demo.json', import.meta.url));
let demo;
try {
  demo = loadDemoConfigFile(file, adapterRegistry);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const ipacs: IpacSimulator[] = [];
const launchers = new Map<string, SimulatorLauncher>(simulatorLaunchers);
launchers.set('ipac', async (library) => {
  const handle = await launchIpacSimulator(library);
  ipacs.push(handle.simulator);
  return handle;
});
const launched = await launchSimulators(demo, launchers);
let balis: BalisSimulator | undefined;
const gateway = { ...launched.config.gateway };
const balisUrl = gateway.ill?.balis?.url;
if (gateway.ill?.balis && balisUrl && new URL(balisUrl).port === '0') {
  balis = await new BalisSimulator().start();
  gateway.ill = { ...gateway.ill, balis: { ...gateway.ill.balis, url: balis.url } };
}
writeFileSync(values.out, `${JSON.stringify({ gateway, libraries: launched.config.libraries }, null, 2)}\n`, { mode: 0o600 });
console.log(`Libraries ready: ${launched.simulated.length} simulated of ${launched.config.libraries.length}${balis ? `, BALIS ILL at ${balis.url}` : ''}; production config in ${values.out}`);
process.send?.({ ready: values.out });

let closing = false;
async function close(): Promise<never> {
  if (!closing) {
    closing = true;
    await balis?.close();
    await launched.close();
  }
  process.exit(0);
}
export interface DemoLibraryStats {
  /** Arrival times (ms, this process's clock) of every request the simulated iPac OPACs received. */
  ipacArrivals: number[];
  /** Most requests in progress at once at any one simulated iPac. */
  ipacPeakConcurrency: number;
  /** POSTs BALIS received (retries with the same idempotency key included) and distinct requests it holds. */
  balisReceived: number;
  balisAccepted: number;
}

export type DemoLibrariesRequest = { id: number; op: 'stats' | 'hold' | 'release' } | { id: number; op: 'waitBalis'; received: number };

function stats(): DemoLibraryStats {
  return {
    ipacArrivals: ipacs.flatMap((sim) => sim.requests.map((r) => r.at)).sort((a, b) => a - b),
    ipacPeakConcurrency: Math.max(0, ...ipacs.map((sim) => sim.peakConcurrency)),
    balisReceived: balis?.received ?? 0,
    balisAccepted: balis?.accepted ?? 0,
  };
}

async function waitBalis(simulator: BalisSimulator, received: number): Promise<void> {
  while (simulator.received < received) await simulator.nextRequest();
}

process.on('message', (message: DemoLibrariesRequest) => {
  const reply = (body: object = {}) => process.send?.({ id: message.id, ...body });
  if (message.op === 'stats') return reply(stats());
  if (!balis) return reply({ error: 'no simulated BALIS (gateway.ill.balis.url has no port 0)' });
  if (message.op === 'hold') balis.holdAnswers = true;
  else if (message.op === 'release') {
    balis.holdAnswers = false;
    balis.release();
  } else if (message.op === 'waitBalis') return void waitBalis(balis, message.received).then(() => reply());
  reply();
});
process.once('SIGTERM', () => void close());
process.once('SIGINT', () => void close());
process.once('disconnect', () => void close());
