/**
 * The gateway service: the configured libraries, one adapter per active library,
 * the fan-out and the result-set cache. HTTP and SRU front ends call only this.
 */
import { Agent, type Dispatcher } from 'undici';
import type { AdapterRegistry, TargetAdapter } from '../adapter-api/contract.ts';
import type { GatewayConfig, LibraryConfig } from '../config/schema.ts';
import { fanOut } from '../fanout/fanout.ts';
import type { LibraryStatus } from '../fanout/status.ts';
import type { Logger } from '../logging.ts';
import { queryKey, type QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';
import { ResultSetStore, type ResultSet } from '../resultsets/store.ts';
import { LibraryHealth } from './health.ts';

export interface GatewayDeps {
  registry: AdapterRegistry;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Tests pass a MockAgent; production gets pooled undici Agents. */
  httpDispatcher?: (connectTimeoutMs: number) => Dispatcher;
}

export interface SearchOptions {
  signal?: AbortSignal;
  /** Skip the cache (benchmarks, "search again"). */
  fresh?: boolean;
  onLibrary?: (status: LibraryStatus, records: BibRecord[]) => void;
}

export interface SearchOutcome {
  resultSet: ResultSet;
  fromCache: boolean;
}

export class Gateway {
  readonly config: GatewayConfig;
  readonly health = new LibraryHealth();
  private readonly adapters = new Map<string, TargetAdapter>();
  private readonly store: ResultSetStore;
  private readonly logger: Logger;
  private readonly agents = new Map<number, Agent>();

  constructor(config: GatewayConfig, deps: GatewayDeps) {
    this.config = config;
    this.logger = deps.logger;
    this.store = new ResultSetStore({ max: config.gateway.cache.maxResultSets, ttlSeconds: config.gateway.cache.ttlSeconds });
    const httpDispatcher = deps.httpDispatcher ?? ((ms: number) => this.agentFor(ms));
    for (const library of config.libraries) {
      if (library.service.status === 'suspended') continue;
      const descriptor = deps.registry.get(library.adapter);
      if (!descriptor) throw new Error(`library ${library.id}: adapter "${library.adapter}" is not registered`);
      const logger = this.logger.child({ library: library.id, adapter: library.adapter });
      this.adapters.set(library.id, descriptor.create(library.settings, { library, httpDispatcher, logger, env: deps.env ?? process.env }));
    }
  }

  get libraries(): readonly LibraryConfig[] {
    return this.config.libraries;
  }

  library(id: string): LibraryConfig | undefined {
    return this.config.libraries.find((l) => l.id === id);
  }

  resultSet(id: string): ResultSet | undefined {
    return this.store.get(id);
  }

  async search(query: QueryNode, libraries: readonly LibraryConfig[], options: SearchOptions = {}): Promise<SearchOutcome> {
    const ids = libraries.map((l) => l.id);
    const key = ResultSetStore.key(queryKey(query), ids);
    const cached = options.fresh ? undefined : this.store.findByKey(key);
    if (cached) {
      for (const status of cached.statuses) {
        options.onLibrary?.(status, cached.records.filter((r) => r.library === status.library));
      }
      return { resultSet: cached, fromCache: true };
    }
    const { gateway } = this.config;
    const fanoutRequest: Parameters<typeof fanOut>[0] = {
      query,
      libraries: [...libraries],
      adapters: this.adapters,
      deadlineMs: gateway.deadlineMs,
      concurrency: gateway.concurrency,
      recordsPerLibrary: gateway.recordsPerLibrary,
      onLibrary: (status, records) => {
        this.health.record(status);
        options.onLibrary?.(status, records);
      },
    };
    if (options.signal) fanoutRequest.signal = options.signal;
    const result = await fanOut(fanoutRequest);
    const resultSet = this.store.add({ key, query, libraries: ids, elapsedMs: result.elapsedMs, statuses: result.statuses, records: result.records });
    this.logger.info(
      { query: queryKey(query), libraries: ids.length, elapsedMs: result.elapsedMs, states: countStates(result.statuses) },
      'search finished',
    );
    return { resultSet, fromCache: false };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.adapters.values()].map((a) => a.close()));
    await Promise.allSettled([...this.agents.values()].map((a) => a.close()));
  }

  private agentFor(connectTimeoutMs: number): Agent {
    let agent = this.agents.get(connectTimeoutMs);
    if (!agent) {
      agent = new Agent({ connect: { timeout: connectTimeoutMs }, keepAliveTimeout: 10_000, connections: 16 });
      this.agents.set(connectTimeoutMs, agent);
    }
    return agent;
  }
}

function countStates(statuses: LibraryStatus[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return counts;
}
