/**
 * Child process of bench/fanout.ts: starts the simulated SRU libraries here, in their own
 * process and event loop, so a stall in the gateway cannot stretch the libraries' answers
 * (or the other way round). Sends { urls } to the parent once listening; exits on 'close'.
 */
import { startSruSimulator } from '../adapters/sru/sim/simulator.ts';
import { syntheticCatalogue } from './fanout-catalogue.ts';

const latencies = JSON.parse(process.env.BENCH_LATENCIES ?? '[]') as (number | [number, number])[];
/** Per library: 'hang' for a library that is down (holds the socket until the client gives up). */
const faults = JSON.parse(process.env.BENCH_FAULTS ?? '[]') as ('none' | 'hang')[];
/** Per library: null, or a degrading library's rule (adapters/sru/sim/simulator.ts `degrade`). */
const degrade = JSON.parse(process.env.BENCH_DEGRADE ?? '[]') as ({ factor: number; ceilingMs: number } | null)[];
const records = Number(process.env.BENCH_RECORDS ?? 20);

const catalogue = syntheticCatalogue(records);
const simulators = await Promise.all(
  latencies.map((latencyMs, i) =>
    startSruSimulator({ libraries: [{ id: `lib${i}`, database: `lib${i}`, branchName: `lib${i}`, institution: 'BENCH', share: 1, latencyMs, fault: faults[i] ?? 'none', ...(degrade[i] ? { degrade: degrade[i] } : {}) }], catalogue }),
  ),
);
process.send?.({ urls: simulators.map((sim, i) => sim.url(`lib${i}`)) });
process.on('message', (message) => {
  if (message !== 'close') return;
  void Promise.all(simulators.map((sim) => sim.close())).then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
