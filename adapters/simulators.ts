/** Simulated libraries per adapter kind, for the demo, tests and benchmarks (never the gateway's search path). */
import type { SimulatorLauncher } from '../src/demo/launch.ts';
import { launchIpacSimulator } from './ipac/launch-simulator.ts';
import { launchSruSimulator } from './sru/launch-simulator.ts';
import { launchZ3950Simulator } from './z3950/launch-simulator.ts';
import { launchJpCatalogueSimulator } from './jp-catalogue/launch-simulator.ts';
import { launchBalisSimulator } from './balis/launch-simulator.ts';

export const simulatorLaunchers: ReadonlyMap<string, SimulatorLauncher> = new Map([['sru', launchSruSimulator], ['z3950', launchZ3950Simulator], ['jp-catalogue', launchJpCatalogueSimulator], ['balis', launchBalisSimulator], ['ipac', launchIpacSimulator]]);
