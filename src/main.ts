/**
 * The production entry: `node dist/main.js --config FILE` after `npm run build` (or
 * `npm run serve -- --config FILE`). Real libraries only: it never imports the demo, the
 * simulators or the UI bundler (a test walks this module graph to keep it so), and serves the
 * UI files the build wrote to dist/ui. The one production file that imports the adapter list.
 */
import { adapterRegistry, illSubmission } from '../adapters/index.ts';
import { runMain } from './cli.ts';
import { loadConfigFile } from './config/load.ts';
import { recordCapWarnings } from './config/record-caps.ts';
import { startGateway } from './server.ts';
import { builtUiAssets } from './ui/built-assets.ts';

// dist/src/main.js → dist/ui/ (where `npm run build` puts the hashed UI files).
const BUILT_UI = new URL('../ui/', import.meta.url);

runMain({
  usage: 'usage: node dist/main.js --config FILE [--port N] [--check-config]',
  load: (file) => loadConfigFile(file, adapterRegistry),
  checks: (config) => recordCapWarnings(config, adapterRegistry),
  start: async (config, { logger, port, host, file }) => {
    const running = await startGateway({ config, registry: adapterRegistry, illSubmission, logger, ui: builtUiAssets(BUILT_UI), ...(port === undefined ? {} : { port }), ...(host ? { host } : {}) });
    logger.info({ url: running.url, ...(running.healthUrl ? { healthUrl: running.healthUrl } : {}), config: file, libraries: config.libraries.length }, 'gateway listening');
    return { url: running.url, ...(running.healthUrl ? { healthUrl: running.healthUrl } : {}), shutdown: async () => void (await running.shutdown()) };
  },
});
