/**
 * Child process of peers/demo-libraries.ts: the demo's simulated libraries (every library with a
 * `simulate` block in the demo config) and the simulated BALIS ILL system, in one process apart
 * from the gateways, so several gateway instances share them and the simulators can count what
 * all instances together sent: the iPac's requests (politeness) and BALIS's submissions.
 * IPC: sends { ready, libraries, balisUrl } once listening, then answers { id, ... } to
 * { id, op: 'stats' | 'hold' | 'waitBalis' | 'release' | 'close' }.
 */
import { fileURLToPath } from 'node:url';
import { adapterRegistry } from '../adapters/index.ts';
import { simulatorLaunchers } from '../adapters/simulators.ts';
import { launchIpacSimulator } from '../adapters/ipac/sim/launch.ts';
import type { IpacSimulator } from '../adapters/ipac/sim/simulator.ts';
import { BalisSimulator } from '../adapters/balis-ill/sim/simulator.ts';
import { launchSimulators, type SimulatorLauncher } from '../src/demo/launch.ts';
import { loadDemoConfigFile } from '../src/demo/simulate-config.ts';

export interface DemoLibraryStats {
  /** Arrival times (ms, this process's clock) of every request the simulated iPac OPACs received. */
  ipacArrivals: number[];
  /** Most requests in progress at once at any one simulated iPac. */
  ipacPeakConcurrency: number;
  /** POSTs BALIS received (retries with the same idempotency key included) and distinct requests it holds. */
  balisReceived: number;
  balisAccepted: number;
}

export type DemoLibrariesRequest = { id: number; op: 'stats' | 'hold' | 'release' | 'close' } | { id: number; op: 'waitBalis'; received: number };

const file = process.env.DEMO_LIBRARIES_CONFIG ?? fileURLToPath(new URL('../config/demo.json', import.meta.url));
const demoConfig = loadDemoConfigFile(file, adapterRegistry);
const ipacs: IpacSimulator[] = [];
const launchers = new Map<string, SimulatorLauncher>(simulatorLaunchers);
launchers.set('ipac', async (library) => {
  const handle = await launchIpacSimulator(library);
  ipacs.push(handle.simulator);
  return handle;
});
const demo = await launchSimulators(demoConfig, launchers);
const balis = await new BalisSimulator().start();

function stats(): DemoLibraryStats {
  return {
    ipacArrivals: ipacs.flatMap((sim) => sim.requests.map((r) => r.at)).sort((a, b) => a - b),
    ipacPeakConcurrency: Math.max(0, ...ipacs.map((sim) => sim.peakConcurrency)),
    balisReceived: balis.received,
    balisAccepted: balis.accepted,
  };
}

async function waitBalis(received: number): Promise<void> {
  while (balis.received < received) await balis.nextRequest();
}

async function close(): Promise<never> {
  await balis.close();
  await demo.close();
  process.exit(0);
}

process.on('message', (message: DemoLibrariesRequest) => {
  const reply = (body: object = {}) => process.send?.({ id: message.id, ...body });
  if (message.op === 'stats') reply(stats());
  else if (message.op === 'hold') {
    balis.holdAnswers = true;
    reply();
  } else if (message.op === 'release') {
    balis.holdAnswers = false;
    balis.release();
    reply();
  } else if (message.op === 'waitBalis') void waitBalis(message.received).then(() => reply());
  else if (message.op === 'close') void close();
});
process.on('disconnect', () => void close());
process.send?.({ ready: true, libraries: demo.config.libraries, simulated: demo.simulated, balisUrl: balis.url });
