/**
 * One ioredis connection per Redis URL, shared by the stores that use it. Commands fail fast
 * while Redis is away (no offline queue, a command timeout), so a lost Redis degrades the
 * gateway instead of stalling searches; ioredis keeps reconnecting in the background.
 */
import { Redis } from 'ioredis';
import { StoreStartError, StoreUnavailableError, redactUrl } from '../errors.ts';

export interface RedisOptions {
  /** Config field named in start-up errors, e.g. gateway.stores.resultSets.url. */
  field: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** Connects or throws a StoreStartError naming the field and the (password-redacted) URL. */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreStartError(`${options.field}: not a URL (expected redis://host:port[/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new StoreStartError(`${options.field}: "${parsed.protocol}" is not a Redis URL (expected redis:// or rediss://)`);
  }
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    // Reconnect forever, at most every 2 s: the gateway serves degraded meanwhile.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new StoreStartError(`${options.field}: Redis at ${redactUrl(url)} is not reachable (${reason}); start Redis, fix the URL, or remove the store from gateway.stores to use the embedded one`, { cause: error });
  }
  return client;
}

/** Runs a Redis command, turning connection trouble into StoreUnavailableError. */
export async function guarded<T>(client: Redis, store: string, run: () => Promise<T>): Promise<T> {
  if (client.status !== 'ready') throw new StoreUnavailableError(store, `Redis connection is ${client.status}`);
  try {
    return await run();
  } catch (error) {
    throw new StoreUnavailableError(store, (error as Error).message, { cause: error });
  }
}

/**
 * A connection of its own subscribed to `channel` (a subscribed connection sends no other
 * command), handing each message to `onMessage`. Its trouble is the main connection's too, which
 * reports it; ioredis reconnects and resubscribes. Closed again if subscribing fails.
 */
export async function subscribeTo(client: Redis, channel: string, onMessage: (message: string) => void): Promise<Redis> {
  const subscriber = client.duplicate();
  subscriber.on('error', () => undefined);
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) onMessage(message);
  });
  try {
    await subscriber.connect();
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }
  return subscriber;
}
