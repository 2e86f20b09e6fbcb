/**
 * Three gateway instances as a consortium runs them: the production build (`node dist/main.js`)
 * three times on one Redis (result sets, limits, health) and one PostgreSQL (ILL drafts), the demo
 * libraries and the BALIS ILL simulator once in their own process, and a round-robin proxy in
 * front that signs readers in the way a campus SSO proxy does (the test passes x-remote-user).
 */
import { startDemoLibraries, type DemoLibraries } from '../../peers/demo-libraries.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../peers/round-robin-proxy.ts';
import { startPostgres, startRedis, type PostgresPeer, type RedisPeer } from '../../peers/services.ts';
import type { LibraryConfig } from '../../src/config/schema.ts';
import { sharedBuild } from '../helpers/built-dist.ts';
import { startBuilt, type BuiltGateway } from '../service/built-gateway.ts';

export interface Consortium {
  redis: RedisPeer;
  postgres: PostgresPeer;
  libraries: DemoLibraries;
  /** A, B, C in start order. */
  instances: Map<string, BuiltGateway>;
  proxy: RoundRobinProxy;
  close(): Promise<void>;
}

const INSTANCE_NAMES = ['A', 'B', 'C'] as const;

/** `libraries`: which demo libraries the gateways search (all run in the simulators' process). */
export async function startConsortium(options: { libraries: (library: LibraryConfig) => boolean }): Promise<Consortium> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    const [redis, postgres, libraries, dist] = await Promise.all([startRedis(), startPostgres(), startDemoLibraries(), sharedBuild()]);
    opened.push({ close: () => redis.stop() }, { close: () => postgres.stop() }, libraries);
    const drafts = await postgres.createDatabase('gateway');
    const gateway = {
      host: '127.0.0.1',
      // Longer than the demo's 8 s: three instances and the libraries share two cores with the rest of the suite.
      deadlineMs: 15_000,
      cache: { maxResultSets: 200, ttlSeconds: 600 },
      stores: {
        resultSets: { kind: 'redis', url: redis.url },
        limits: { kind: 'redis', url: redis.url },
        health: { kind: 'redis', url: redis.url },
        ill: { kind: 'postgres', url: drafts, poolSize: 4 },
      },
      auth: { proxy: { trustedProxies: ['127.0.0.1/32'] }, librarianGroups: ['librarian'] },
      ill: { requestingAgencyId: 'BALIS-GATEWAY', balis: { url: libraries.balisUrl, timeoutMs: 15_000 } },
    };
    const selected = libraries.libraries.filter(options.libraries);
    const instances = new Map<string, BuiltGateway>();
    // One after the other: the first applies the PostgreSQL migrations (the others would wait on its lock anyway).
    for (const name of INSTANCE_NAMES) {
      const instance = await startBuilt(dist, { libraries: selected, gateway, env: { LOG_LEVEL: 'warn' } });
      instances.set(name, instance);
      opened.push({ close: () => instance.stop() });
    }
    const proxy = await startRoundRobinProxy(INSTANCE_NAMES.map((name) => ({ name, url: (instances.get(name) as BuiltGateway).url })));
    opened.push(proxy);
    return {
      redis,
      postgres,
      libraries,
      instances,
      proxy,
      close: async () => {
        for (const o of opened.reverse()) await o.close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    throw error;
  }
}
