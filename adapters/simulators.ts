/** Simulated libraries per adapter kind, for the demo, tests and benchmarks (never the gateway's search path). */
import type { SimulatorLauncher } from '../src/demo/launch.ts';
import { launchSruSimulator } from './sru/launch-simulator.ts';

export const simulatorLaunchers: ReadonlyMap<string, SimulatorLauncher> = new Map([['sru', launchSruSimulator]]);
