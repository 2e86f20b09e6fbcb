/**
 * Demo/test launcher: one simulated Z39.50 library per configured library. The first database
 * of the settings holds the library's records; further listed databases exist but are empty,
 * so a multi-database configuration searches without diagnostic 109. A library whose settings
 * say CNMARC/UNIMARC (or MARC 21) serves only the records of that flavour, as such targets do.
 */
import type { SimulatorLauncher } from '../../../src/demo/launch.ts';
import { loadCatalogue } from '../../../src/simulation/catalogue.ts';
import { z3950SettingsSchema } from '../settings.ts';
import { z3950FaultOf } from './faults.ts';
import { startZ3950Simulator, type SimulatedZ3950Library } from './simulator.ts';

export const launchZ3950Simulator: SimulatorLauncher = async (library) => {
  const settings = z3950SettingsSchema.parse(library.settings);
  const formats = settings.format === 'marc21' ? 'marc21' : settings.format === 'auto' ? 'all' : 'unimarc';
  const libraries = settings.databases.map(
    (database, i): SimulatedZ3950Library => ({
      id: library.id,
      database,
      branchName: library.name.zh,
      institution: library.simulate.institution ?? library.id.toUpperCase(),
      share: library.simulate.share,
      lacks: library.simulate.lacks,
      latencyMs: library.simulate.latencyMs,
      fault: z3950FaultOf(library.simulate.fault),
      formats,
      empty: i > 0,
    }),
  );
  const simulator = await startZ3950Simulator({ libraries, catalogue: loadCatalogue(library.simulate.catalogue), host: settings.host, port: settings.port });
  return { settings: { ...settings, host: simulator.host, port: simulator.port }, close: () => simulator.close() };
};
