/**
 * Starts a simulated library for every configured library that has a `simulate` block,
 * then hands back the configuration with each library's endpoint pointing at its simulator
 * (port 0 in the file means "any free port"). Used by `npm start`, tests and benchmarks.
 */
import type { GatewayConfig, LibraryConfig } from '../config/schema.ts';
import type { DemoConfig, SimulateConfig } from './simulate-config.ts';

export interface SimulatorHandle {
  /** The library's adapter settings, rewritten to reach the simulator. */
  settings: unknown;
  close(): Promise<void>;
}

/** One per adapter kind that can be simulated (adapters/simulators.ts lists them). */
export type SimulatorLauncher = (library: LibraryConfig & { simulate: SimulateConfig }) => Promise<SimulatorHandle>;

export interface LaunchedDemo {
  config: GatewayConfig;
  simulated: string[];
  close(): Promise<void>;
}

function withoutSimulate(library: LibraryConfig & { simulate?: unknown }): LibraryConfig {
  const { simulate: _simulate, ...rest } = library;
  return rest;
}

export async function launchSimulators(config: DemoConfig, launchers: ReadonlyMap<string, SimulatorLauncher>): Promise<LaunchedDemo> {
  const handles: SimulatorHandle[] = [];
  const simulated: string[] = [];
  const libraries: LibraryConfig[] = [];
  try {
    for (const library of config.libraries) {
      const simulate = library.simulate;
      const launcher = launchers.get(library.adapter);
      if (!simulate || !launcher || library.service.status === 'suspended') {
        libraries.push(withoutSimulate(library));
        continue;
      }
      const handle = await launcher({ ...library, simulate });
      handles.push(handle);
      simulated.push(library.id);
      libraries.push({ ...withoutSimulate(library), settings: handle.settings });
    }
  } catch (error) {
    await Promise.allSettled(handles.map((h) => h.close()));
    throw error;
  }
  return {
    config: { ...config, libraries },
    simulated,
    close: async () => {
      await Promise.allSettled(handles.map((h) => h.close()));
    },
  };
}
