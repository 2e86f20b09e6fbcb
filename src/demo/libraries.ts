/**
 * `npm run demo:libraries -- --out FILE [--config FILE]`: the demo's simulated libraries (and the
 * simulated BALIS ILL system) in a process of their own, with no gateway. It writes FILE: the
 * demo config as a production config whose endpoints point at the simulators, so any number of
 * production gateways (`node dist/main.js --config FILE`) can share one set of libraries —
 * the load bench, the multi-instance test, or a systems librarian trying a cluster.
 * Prints "Libraries ready" and stays up until SIGTERM/SIGINT (or its parent disconnects).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adapterRegistry } from '../../adapters/index.ts';
import { BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { ConfigError } from '../config/load.ts';
import { launchSimulators } from './launch.ts';
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
const launched = await launchSimulators(demo, simulatorLaunchers);
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
process.once('SIGTERM', () => void close());
process.once('SIGINT', () => void close());
process.once('disconnect', () => void close());
