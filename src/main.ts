/**
 * Start-up: `npm start` (embedded demo), `--config PATH` or GATEWAY_CONFIG for another
 * file, `--check-config` to validate and exit without opening a socket.
 * The only src/ file that imports the adapter list.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { adapterRegistry } from '../adapters/index.ts';
import { simulatorLaunchers } from '../adapters/simulators.ts';
import { ConfigError, loadConfigFile } from './config/load.ts';
import { createLogger } from './logging.ts';
import { startGateway } from './server.ts';

const DEFAULT_CONFIG = fileURLToPath(new URL('../config/demo.json', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'check-config': { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm start -- [--config FILE] [--port N] [--check-config]\n  env: GATEWAY_CONFIG, PORT, HOST, LOG_LEVEL');
    return 0;
  }
  const file = values.config ?? process.env.GATEWAY_CONFIG ?? DEFAULT_CONFIG;
  let config;
  try {
    config = loadConfigFile(file, adapterRegistry);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (values['check-config']) {
    const suspended = config.libraries.filter((l) => l.service.status === 'suspended').length;
    console.log(`${file}: OK — ${config.libraries.length} libraries (${suspended} suspended), adapters: ${[...new Set(config.libraries.map((l) => l.adapter))].join(', ')}`);
    return 0;
  }

  const logger = createLogger();
  const portText = values.port ?? process.env.PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`invalid port "${portText}"`);
    return 1;
  }
  const running = await startGateway({
    config,
    registry: adapterRegistry,
    logger,
    simulators: simulatorLaunchers,
    ...(port === undefined ? {} : { port }),
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
  });
  logger.info({ url: running.url, config: file, libraries: config.libraries.length, simulated: running.simulated.length }, 'gateway listening');
  console.log(`Gateway on ${running.url}  (try ${running.url}/api/search?title=The%20Cambridge%20History%20of%20China)`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error('gateway failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
