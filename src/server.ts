/**
 * Assembles a running gateway from a validated config: adapters, the ILL store, the HTTP API
 * and the UI. Knows nothing of simulators: the demo (src/demo/start.ts) launches those and
 * hands this a config pointing at them. Used by both entries, the tests and the benchmarks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Dispatcher } from 'undici';
import type { AdapterRegistry } from './adapter-api/contract.ts';
import type { GatewayConfig } from './config/schema.ts';
import { Gateway } from './gateway/gateway.ts';
import { createApp, type AppOptions } from './http/app.ts';
import { answerClientError } from './http/client-error.ts';
import { fastRefusal } from './http/fast-refusal.ts';
import { openIll, type Ill } from './ill/setup.ts';
import type { SubmissionAdapterFactory } from './ill/submission.ts';
import type { IllSettings } from './config/schema.ts';
import type { Logger } from './logging.ts';
import { sruRouter } from './sru/router.ts';
import { SRU_OPERATIONS } from './sru/operations.ts';
import { illOperations } from './ill/operations.ts';
import { UI_OPERATIONS } from './ui/operations.ts';
import { startHealthListener, type HealthListener } from './http/health-listener.ts';
import { Lifecycle } from './http/lifecycle.ts';
import { runReadiness, type ReadinessCheck } from './http/readiness.ts';
import { GatewayMetrics } from './metrics/registry.ts';
import { configuredAuthenticator, type Authenticator } from './auth/sign-in.ts';
import type { UiAssets } from './ui/assets.ts';
import { uiRouter } from './ui/server.ts';
import { startZ3950FrontEnd, type Z3950FrontEnd } from './z3950-server/server.ts';
import { openStores, type Stores } from './stores/open.ts';

export interface StartOptions {
  config: GatewayConfig;
  registry: AdapterRegistry;
  logger: Logger;
  /** The web UI's scripts and stylesheet; absent = no UI (an API-only gateway). */
  ui?: UiAssets;
  /** Who is asking; default: the config's `gateway.auth` (absent there = everyone anonymous). */
  authenticate?: Authenticator;
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  httpDispatcher?: (connectTimeoutMs: number) => Dispatcher;
  mount?: AppOptions['mount'];
  /** Overrides of the config's `ill` block (tests: a temporary data directory). */
  ill?: Partial<IllSettings>;
  /** The ILL system confirmed drafts go to (start-up passes adapters/balis-ill); absent = drafts only. */
  illSubmission?: SubmissionAdapterFactory;
  /** Overrides gateway.z3950.port when the front end is configured. Default: any free port when `port` is 0 (tests), else the config's. */
  z3950Port?: number;
}

export interface RunningGateway {
  gateway: Gateway;
  ill: Ill;
  server: Server;
  /** The Express app the server hands every request the fast refusal does not answer. */
  app: Express;
  url: string;
  /** The Z39.50 front end, when gateway.z3950 configures one. */
  z3950?: Z3950FrontEnd;
  /** The health listener's base URL, when gateway.health configures one. */
  healthUrl?: string;
  /** Stops at once: open connections are cut (tests, the demo). */
  close(): Promise<void>;
  /**
   * SIGTERM: stop accepting, let running searches and ILL submissions finish until the grace
   * period ends, end SSE streams still open with the `restart` event, then close the ILL store
   * (every write is already on disk: SQLite, synchronous=FULL), the library connection pools and
   * the shared stores (result sets still being written to Redis land first).
   */
  shutdown(graceMs?: number): Promise<{ finished: boolean; streamsEnded: number }>;
}

/** Long enough for a search to reach its deadline and an ILL submission its BALIS timeout. */
function shutdownGraceMs(config: GatewayConfig): number {
  return Math.max(config.gateway.deadlineMs, config.gateway.ill?.balis?.timeoutMs ?? 0) + 1000;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const config = options.config;
  let gateway: Gateway | undefined;
  let ill: Ill | undefined;
  let z3950: Z3950FrontEnd | undefined;
  let stores: Stores | undefined;
  let health: HealthListener | undefined;
  try {
    const metrics = new GatewayMetrics();
    // Shared stores must answer now: a missing Redis or PostgreSQL stops start-up, naming the field.
    stores = await openStores({ settings: config.gateway.stores, cache: config.gateway.cache, env: options.env ?? process.env, logger: options.logger });
    const watched = stores;
    metrics.watchStores(() => watched.states());
    gateway = new Gateway(config, {
      stores,
      registry: options.registry,
      logger: options.logger,
      observer: metrics,
      ...(options.env ? { env: options.env } : {}),
      ...(options.httpDispatcher ? { httpDispatcher: options.httpDispatcher } : {}),
    });
    metrics.watchAdmission(gateway.admission);
    // In the background: searches go out meanwhile, to every library as if unknown.
    void gateway.startDiscovery();
    ill = openIll({ gateway, logger: options.logger, settings: { ...options.ill }, metrics, ...(options.illSubmission ? { submissionFactory: options.illSubmission } : {}), ...(stores.drafts ? { drafts: stores.drafts } : {}) });
    await ill.reconcile();
    const openedIll = ill;
    const openedGateway = gateway;
    const authenticate = options.authenticate ?? configuredAuthenticator(config.gateway.auth, options.env ?? process.env);
    const lifecycle = new Lifecycle();
    const readiness: ReadinessCheck[] = [
      { name: 'ill-store', ready: () => openedIll.store.ready() },
      // Shared stores (gateway.stores): searches answer without them, paging and drafting do not.
      ...(['resultSets', 'limits', 'health'] as const).map((store) => ({ name: `${store}-store`, ready: () => stores?.states().find((s) => s.store === store)?.ready ?? true })),
    ];
    const app = createApp({
      gateway,
      logger: options.logger,
      authenticate,
      lifecycle,
      metrics,
      readiness,
      operations: [...SRU_OPERATIONS, ...illOperations(openedIll.settings.barcodePattern), ...(options.ui ? UI_OPERATIONS : [])],
      mount: (a) => {
        a.use('/sru', sruRouter(openedGateway, { logger: options.logger }));
        a.use('/api/ill', openedIll.router);
        if (options.ui) a.use(uiRouter({ logger: options.logger, assets: options.ui }));
        options.mount?.(a);
      },
    });
    const z3950Settings = config.gateway.z3950;
    if (z3950Settings) {
      z3950 = await startZ3950FrontEnd(gateway, z3950Settings, {
        logger: options.logger,
        ...(options.env ? { env: options.env } : {}),
        ...(options.z3950Port !== undefined ? { port: options.z3950Port } : options.port === 0 ? { port: 0 } : {}),
      });
    }
    const host = options.host ?? config.gateway.host;
    const port = options.port ?? config.gateway.port;
    // A burst's refusals are answered before the app is built for each request (fast-refusal.ts).
    const refuse = fastRefusal({ gateway, logger: options.logger, authenticate, isDraining: () => lifecycle.isDraining });
    const server = createServer((req, res) => refuse(req, res, () => app(req, res)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, config.gateway.listenBacklog, resolve);
    });
    server.on('clientError', answerClientError);
    const healthSettings = config.gateway.health;
    if (healthSettings) {
      health = await startHealthListener(
        // Any free port when the main one is (tests, benches), as for the Z39.50 front end.
        { host: healthSettings.host ?? host, port: options.port === 0 ? 0 : healthSettings.port, maxLoopStallMs: healthSettings.maxLoopStallMs },
        { libraries: gateway.libraries.length, logger: options.logger, ready: async () => (await runReadiness(readiness, lifecycle.isDraining)).ready },
      ).catch((error: unknown) => {
        server.close();
        throw error;
      });
    }
    const address = server.address() as AddressInfo;
    const healthListener = health;
    const running = gateway;
    const frontEnd = z3950;
    const openedStores = stores;
    return {
      gateway: running,
      ill: openedIll,
      server,
      app,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
      ...(frontEnd ? { z3950: frontEnd } : {}),
      ...(healthListener ? { healthUrl: healthListener.url } : {}),
      close: async () => {
        await healthListener?.close();
        await frontEnd?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await running.close();
        await openedIll.close();
        await openedStores.close();
      },
      shutdown: async (graceMs = shutdownGraceMs(config)) => {
        healthListener?.draining();
        await frontEnd?.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const outcome = await lifecycle.drain(graceMs);
        server.closeAllConnections();
        await closed;
        await running.close();
        openedIll.close();
        // Result sets written after their search answered land before the Redis connection goes.
        await openedStores.close();
        await healthListener?.close();
        options.logger.info({ ...outcome, graceMs }, 'gateway stopped');
        return outcome;
      },
    };
  } catch (error) {
    await health?.close();
    await z3950?.close();
    await ill?.close();
    await stores?.close();
    await gateway?.close();
    throw error;
  }
}
