/** Simulated libraries per adapter kind, for the demo, tests and benchmarks (never the gateway's search path). */
import type { SimulatorLauncher } from '../src/demo/launch.ts';
import { launchIpacSimulator } from './ipac/sim/launch.ts';
import { launchSruSimulator } from './sru/sim/launch.ts';
import { launchZ3950Simulator } from './z3950/sim/launch.ts';
import { launchJpCatalogueSimulator } from './jp-catalogue/sim/launch.ts';
import { launchBalisSimulator } from './balis/sim/launch.ts';

export const simulatorLaunchers: ReadonlyMap<string, SimulatorLauncher> = new Map([['sru', launchSruSimulator], ['z3950', launchZ3950Simulator], ['jp-catalogue', launchJpCatalogueSimulator], ['balis', launchBalisSimulator], ['ipac', launchIpacSimulator]]);
