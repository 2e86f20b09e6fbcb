/**
 * Assembles a running gateway from a validated config: simulated libraries (when the
 * config asks for them), adapters, the HTTP API. Used by main.ts, the tests and the benchmarks.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import type { AdapterRegistry } from './adapter-api/contract.ts';
import type { GatewayConfig } from './config/schema.ts';
import { launchSimulators, type SimulatorLauncher } from './demo/launch.ts';
import { Gateway } from './gateway/gateway.ts';
import { createApp, type AppOptions } from './http/app.ts';
import { BalisSimulator } from '../adapters/balis-ill/sim/simulator.ts';
import { openIll, type Ill } from './ill/setup.ts';
import type { IllSettings } from './config/schema.ts';
import type { Logger } from './logging.ts';
import { sruRouter } from './sru/router.ts';
import { uiRouter } from './ui/server.ts';

export interface StartOptions {
  config: GatewayConfig;
  registry: AdapterRegistry;
  logger: Logger;
  simulators?: ReadonlyMap<string, SimulatorLauncher>;
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  httpDispatcher?: (connectTimeoutMs: number) => Dispatcher;
  mount?: AppOptions['mount'];
  /** Overrides of the config's `ill` block (tests: a temporary data directory). */
  ill?: Partial<IllSettings>;
}

export interface RunningGateway {
  gateway: Gateway;
  ill: Ill;
  server: Server;
  url: string;
  simulated: string[];
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const demo = options.simulators ? await launchSimulators(options.config, options.simulators) : undefined;
  const config = demo?.config ?? options.config;
  let gateway: Gateway | undefined;
  let ill: Ill | undefined;
  let balis: BalisSimulator | undefined;
  try {
    gateway = new Gateway(config, {
      registry: options.registry,
      logger: options.logger,
      ...(options.env ? { env: options.env } : {}),
      ...(options.httpDispatcher ? { httpDispatcher: options.httpDispatcher } : {}),
    });
    // The demo's BALIS ILL system is simulated like the libraries: port 0 in the config means "start one".
    const illOverrides: Partial<IllSettings> = { ...options.ill };
    const balisUrl = config.gateway.ill?.balis?.url;
    if (options.simulators && balisUrl && new URL(balisUrl).port === '0') {
      balis = await new BalisSimulator().start();
      illOverrides.balis = { url: balis.url, timeoutMs: config.gateway.ill?.balis?.timeoutMs ?? 15_000 };
    }
    ill = openIll({ gateway, logger: options.logger, settings: illOverrides });
    await ill.reconcile();
    const openedIll = ill;
    const openedGateway = gateway;
    const app = createApp({
      gateway,
      logger: options.logger,
      mount: (a) => {
        a.use('/sru', sruRouter(openedGateway, { logger: options.logger }));
        a.use('/api/ill', openedIll.router);
        a.use(uiRouter({ logger: options.logger }));
        options.mount?.(a);
      },
    });
    const host = options.host ?? config.gateway.host;
    const port = options.port ?? config.gateway.port;
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
      s.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const running = gateway;
    return {
      gateway: running,
      ill: openedIll,
      server,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
      simulated: demo?.simulated ?? [],
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await running.close();
        openedIll.close();
        await balis?.close();
        await demo?.close();
      },
    };
  } catch (error) {
    ill?.close();
    await balis?.close();
    await gateway?.close();
    await demo?.close();
    throw error;
  }
}
