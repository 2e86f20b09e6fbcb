/**
 * The demo around a gateway: a simulated server for every library with a `simulate` block,
 * the simulated BALIS ILL system when `ill.balis.url` has port 0, the web UI bundled in memory,
 * and the demo reader and librarian signed in. `npm start`, the tests and the benchmarks use it;
 * the production entry (src/main.ts) never imports it.
 */
import { illSubmission } from '../../adapters/index.ts';
import { BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import type { IllSettings } from '../config/schema.ts';
import { startGateway, type RunningGateway, type StartOptions } from '../server.ts';
import { inMemoryUiAssets } from '../ui/bundle.ts';
import { demoSignIn } from './sign-in.ts';
import { launchSimulators, type SimulatorLauncher } from './launch.ts';
import type { DemoConfig } from './simulate-config.ts';

export interface DemoStartOptions extends Omit<StartOptions, 'config'> {
  config: DemoConfig;
  /** Launchers per adapter kind (adapters/simulators.ts); absent = none, the config's endpoints as given. */
  simulators?: ReadonlyMap<string, SimulatorLauncher>;
}

export interface RunningDemo extends RunningGateway {
  /** Ids of the libraries served by a simulator. */
  simulated: string[];
}

export async function startDemoGateway(options: DemoStartOptions): Promise<RunningDemo> {
  const { simulators, ...rest } = options;
  const demo = await launchSimulators(options.config, simulators ?? new Map());
  let balis: BalisSimulator | undefined;
  try {
    const ill: Partial<IllSettings> = { ...options.ill };
    const balisUrl = demo.config.gateway.ill?.balis?.url;
    if (balisUrl && new URL(balisUrl).port === '0' && !options.ill?.balis) {
      balis = await new BalisSimulator().start();
      ill.balis = { url: balis.url, timeoutMs: demo.config.gateway.ill?.balis?.timeoutMs ?? 15_000 };
    }
    const running = await startGateway({ ...rest, illSubmission: options.illSubmission ?? illSubmission, config: demo.config, ill, ui: options.ui ?? inMemoryUiAssets(), authenticate: options.authenticate ?? demoSignIn() });
    const started = balis;
    return {
      ...running,
      simulated: demo.simulated,
      close: async () => {
        await running.close();
        await started?.close();
        await demo.close();
      },
      shutdown: async (graceMs) => {
        const outcome = await running.shutdown(graceMs);
        await started?.close();
        await demo.close();
        return outcome;
      },
    };
  } catch (error) {
    await balis?.close();
    await demo.close();
    throw error;
  }
}
