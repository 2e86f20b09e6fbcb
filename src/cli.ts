/**
 * The command line both entries share: `--config FILE` (or GATEWAY_CONFIG), `--port`,
 * `--check-config`. Each entry supplies how it loads a config and starts a gateway.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config/load.ts';
import type { GatewayConfig } from './config/schema.ts';
import { createLogger, type Logger } from './logging.ts';

export interface CliEntry<C extends GatewayConfig> {
  usage: string;
  /** Used when neither --config nor GATEWAY_CONFIG is given; absent = a config is required. */
  defaultConfig?: string;
  load(file: string): C;
  /** Warnings `--check-config` prints about a valid config (e.g. record caps below recordsPerLibrary). */
  checks?(config: C): string[];
  start(config: C, options: { logger: Logger; port?: number; host?: string; file: string }): Promise<{ url: string; healthUrl?: string; shutdown(signal: string): Promise<void> }>;
}

/** The config as it will run: credentials appear only as the names of their environment variables. */
function effectiveConfig(config: GatewayConfig): { gateway: GatewayConfig['gateway']; libraries: GatewayConfig['libraries'] } {
  return { gateway: config.gateway, libraries: config.libraries };
}

async function runCli<C extends GatewayConfig>(entry: CliEntry<C>): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'check-config': { type: 'boolean', default: false },
      print: { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.print && !values['check-config']) {
    console.error('--print goes with --check-config');
    return 1;
  }
  if (values.help) {
    console.log(`${entry.usage}\n  env: GATEWAY_CONFIG, PORT, HOST, LOG_LEVEL`);
    return 0;
  }
  const file = values.config ?? process.env.GATEWAY_CONFIG ?? entry.defaultConfig;
  if (file === undefined) {
    console.error(`no config: give --config FILE or GATEWAY_CONFIG\n${entry.usage}`);
    return 1;
  }
  let config: C;
  try {
    config = entry.load(file);
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
    for (const warning of entry.checks?.(config) ?? []) console.log(warning);
    // --print: every library's effective settings (built-in defaults, kind defaults, its own), as the gateway will use them.
    if (values.print) console.log(JSON.stringify(effectiveConfig(config), null, 2));
    return 0;
  }
  const portText = values.port ?? process.env.PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`invalid port "${portText}"`);
    return 1;
  }
  const logger = createLogger();
  const running = await entry.start(config, { logger, file, ...(port === undefined ? {} : { port }), ...(process.env.HOST ? { host: process.env.HOST } : {}) });
  console.log(`Gateway on ${running.url}  (try ${running.url}/api/search?title=The%20Cambridge%20History%20of%20China)`);
  if (running.healthUrl) console.log(`Health on ${running.healthUrl}/healthz and /readyz`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return -1;
}

/** Runs an entry as the process's main program: exit codes, and a start-up failure as one line. */
export function runMain<C extends GatewayConfig>(entry: CliEntry<C>): void {
  runCli(entry).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error('gateway failed to start:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
