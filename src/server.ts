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
import type { Logger } from './logging.ts';

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
}

export interface RunningGateway {
  gateway: Gateway;
  server: Server;
  url: string;
  simulated: string[];
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const demo = options.simulators ? await launchSimulators(options.config, options.simulators) : undefined;
  const config = demo?.config ?? options.config;
  let gateway: Gateway | undefined;
  try {
    gateway = new Gateway(config, {
      registry: options.registry,
      logger: options.logger,
      ...(options.env ? { env: options.env } : {}),
      ...(options.httpDispatcher ? { httpDispatcher: options.httpDispatcher } : {}),
    });
    const app = createApp({ gateway, logger: options.logger, ...(options.mount ? { mount: options.mount } : {}) });
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
      server,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
      simulated: demo?.simulated ?? [],
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await running.close();
        await demo?.close();
      },
    };
  } catch (error) {
    await gateway?.close();
    await demo?.close();
    throw error;
  }
}
