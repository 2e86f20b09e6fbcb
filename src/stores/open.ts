/**
 * Opens the stores `gateway.stores` names, once, at start-up: embedded ones need nothing, Redis
 * and PostgreSQL ones must answer now or start-up stops with the field named. The gateway and
 * the ILL parts receive the seams only; nothing else knows which implementation is behind them.
 */
import type { Redis } from 'ioredis';
import type { LimiterFactory } from '../adapter-api/limits.ts';
import type { DraftStorage } from '../ill/draft-storage.ts';
import type { Logger } from '../logging.ts';
import { ResultSetStore } from '../resultsets/store.ts';
import { POSTGRES_SCHEMES, REDIS_SCHEMES, resolveUrl, storesSchema, type StoresSettings } from './config.ts';
import { EmbeddedHealth, type HealthStorage } from './health.ts';
import { PostgresDraftStorage } from './postgres/drafts.ts';
import { StoreStartError } from './errors.ts';
import { connectRedis } from './redis/connection.ts';
import { RedisHealth } from './redis/health.ts';
import { RedisLimiters } from './redis/limits.ts';
import { RedisResultSets } from './redis/result-sets.ts';
import { EmbeddedResultSets, type ResultSetStorage } from './result-sets.ts';

export interface StoreState {
  store: 'resultSets' | 'limits' | 'health' | 'ill';
  kind: string;
  ready: boolean;
}

export interface Stores {
  resultSets: ResultSetStorage;
  health: HealthStorage;
  /** Shared politeness limits; absent = each adapter keeps its own (embedded). */
  limits?: LimiterFactory;
  /** Shared draft store; absent = the ILL parts open their SQLite file (embedded). */
  drafts?: DraftStorage;
  states(): StoreState[];
  /** True while a shared store is unreachable: searches answer, what needs the store does not. */
  degraded(): boolean;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  settings?: StoresSettings | undefined;
  cache: { maxResultSets: number; ttlSeconds: number; maxBytes?: number | undefined };
  env: Record<string, string | undefined>;
  logger: Logger;
}

/** Everything embedded: what `npm start` and most tests use. */
export function embeddedStores(cache: { maxResultSets: number; ttlSeconds: number; maxBytes?: number | undefined }): Stores {
  const resultSets = new EmbeddedResultSets(new ResultSetStore({ max: cache.maxResultSets, ttlSeconds: cache.ttlSeconds, ...(cache.maxBytes !== undefined ? { maxBytes: cache.maxBytes } : {}) }));
  const health = new EmbeddedHealth();
  return {
    resultSets,
    health,
    states: () => [
      { store: 'resultSets', kind: 'embedded', ready: true },
      { store: 'limits', kind: 'embedded', ready: true },
      { store: 'health', kind: 'embedded', ready: true },
      { store: 'ill', kind: 'sqlite', ready: true },
    ],
    degraded: () => false,
    close: async () => undefined,
  };
}

export async function openStores(options: OpenStoresOptions): Promise<Stores> {
  const settings = options.settings ?? storesSchema.parse({});
  const base = embeddedStores(options.cache);
  const logger = options.logger.child({ component: 'stores' });
  const clients = new Map<string, Redis>();
  const closers: (() => Promise<void>)[] = [];
  const redisFor = async (store: { url?: string | undefined; urlEnv?: string | undefined }, field: string): Promise<Redis> => {
    const url = resolveUrl(store, `${field}.url`, options.env, REDIS_SCHEMES);
    const known = clients.get(url);
    if (known) return known;
    const client = await connectRedis(url, { field: `${field}.url${store.url === undefined ? 'Env' : ''}` });
    clients.set(url, client);
    let wasReady = true;
    client.on('close', () => {
      if (wasReady) logger.warn({ field }, 'Redis connection lost: serving degraded until it is back');
      wasReady = false;
    });
    client.on('ready', () => {
      if (!wasReady) logger.info({ field }, 'Redis connection back');
      wasReady = true;
    });
    return client;
  };

  const states: (() => StoreState)[] = [];
  let resultSets: ResultSetStorage = base.resultSets;
  let health: HealthStorage = base.health;
  let limits: LimiterFactory | undefined;
  let drafts: DraftStorage | undefined;
  try {
    const rs = settings.resultSets;
    if (rs.kind === 'redis') {
      const client = await redisFor(rs, 'gateway.stores.resultSets');
      const shared = new RedisResultSets(client, {
        ttlSeconds: options.cache.ttlSeconds,
        maxResultSets: options.cache.maxResultSets,
        maxBytesPerSet: rs.maxBytesPerSet,
        keyPrefix: rs.keyPrefix,
        onOversize: (id, bytes) => logger.warn({ resultSet: id, bytes, maxBytesPerSet: rs.maxBytesPerSet }, 'result set too large to share; kept on this instance only'),
        onWriteFailed: (id, error) => logger.warn({ resultSet: id, err: error.message }, 'result set not shared: writing it to Redis failed after the search answered'),
      });
      resultSets = shared;
      await shared.listen().catch(async (error: unknown) => {
        await shared.close();
        throw new StoreStartError(`gateway.stores.resultSets: subscribing to the reuse announcements failed (${(error as Error).message})`, { cause: error });
      });
    }
    states.push(() => ({ store: 'resultSets', kind: resultSets.kind, ready: resultSets.ready() }));
    const lim = settings.limits;
    if (lim.kind === 'redis') {
      const client = await redisFor(lim, 'gateway.stores.limits');
      limits = new RedisLimiters(client, { keyPrefix: lim.keyPrefix });
      states.push(() => ({ store: 'limits', kind: 'redis', ready: client.status === 'ready' }));
    } else states.push(() => ({ store: 'limits', kind: 'embedded', ready: true }));
    const hs = settings.health;
    if (hs.kind === 'redis') {
      const client = await redisFor(hs, 'gateway.stores.health');
      const shared = new RedisHealth(client, hs.keyPrefix);
      health = shared;
      await shared.listen().catch((error: unknown) => {
        throw new StoreStartError(`gateway.stores.health: subscribing to the breaker announcements failed (${(error as Error).message})`, { cause: error });
      });
      closers.push(async () => shared.close());
    }
    states.push(() => ({ store: 'health', kind: health.kind, ready: health.ready() }));
    const ill = settings.ill;
    if (ill.kind === 'postgres') {
      const field = `gateway.stores.ill.url${ill.url === undefined ? 'Env' : ''}`;
      const url = resolveUrl(ill, 'gateway.stores.ill.url', options.env, POSTGRES_SCHEMES);
      const opened = await PostgresDraftStorage.open(url, field, ill.poolSize);
      drafts = opened;
      closers.push(() => opened.close());
      states.push(() => ({ store: 'ill', kind: 'postgres', ready: opened.ready() }));
    } else states.push(() => ({ store: 'ill', kind: 'sqlite', ready: true }));
  } catch (error) {
    for (const client of clients.values()) client.disconnect();
    await Promise.allSettled(closers.map((c) => c()));
    throw error;
  }
  const snapshot = () => states.map((s) => s());
  return {
    resultSets,
    health,
    ...(limits ? { limits } : {}),
    ...(drafts ? { drafts } : {}),
    states: snapshot,
    degraded: () => snapshot().some((s) => !s.ready),
    close: async () => {
      await resultSets.close();
      await Promise.allSettled(closers.map((c) => c()));
      for (const client of clients.values()) client.disconnect();
    },
  };
}
