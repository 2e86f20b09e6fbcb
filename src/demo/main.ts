/**
 * `npm start`: the embedded demo (config/demo.json by default) — simulated libraries on
 * loopback ports, the simulated BALIS ILL system, the UI bundled in memory, a demo reader and
 * librarian signed in. Runs through tsx; production runs src/main.ts built to dist/.
 */
import { fileURLToPath } from 'node:url';
import { adapterRegistry } from '../../adapters/index.ts';
import { simulatorLaunchers } from '../../adapters/simulators.ts';
import { runMain } from '../cli.ts';
import { recordCapWarnings } from '../config/record-caps.ts';
import { loadDemoConfigFile } from './simulate-config.ts';
import { startDemoGateway } from './start.ts';

runMain({
  usage: 'usage: npm start -- [--config FILE] [--port N] [--check-config]',
  defaultConfig: fileURLToPath(new URL('../../config/demo.json', import.meta.url)),
  load: (file) => loadDemoConfigFile(file, adapterRegistry),
  checks: (config) => recordCapWarnings(config, adapterRegistry),
  start: async (config, { logger, port, host, file }) => {
    const running = await startDemoGateway({ config, registry: adapterRegistry, logger, simulators: simulatorLaunchers, ...(port === undefined ? {} : { port }), ...(host ? { host } : {}) });
    logger.info({ url: running.url, config: file, libraries: config.libraries.length, simulated: running.simulated.length }, 'gateway listening');
    if (running.z3950) console.log(`Z39.50 on ${running.z3950.host}:${running.z3950.port}  (try yaz-client ${running.z3950.host}:${running.z3950.port}/Default)`);
    return { url: running.url, shutdown: async () => void (await running.shutdown()) };
  },
});
