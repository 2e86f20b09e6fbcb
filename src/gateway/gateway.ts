/**
 * The gateway service: the configured libraries, one adapter per active library,
 * the fan-out and the result-set cache. HTTP and SRU front ends call only this.
 * Result sets, health samples and politeness limits live behind store seams (src/stores):
 * embedded by default, shared (Redis) when configured; this file does not know which.
 */
import { randomUUID } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import type { AdapterRegistry, TargetAdapter, UnionMember } from '../adapter-api/contract.ts';
import type { GatewayConfig, LibraryConfig } from '../config/schema.ts';
import { fanOut } from '../fanout/fanout.ts';
import type { LibraryProgress } from '../fanout/progress.ts';
import type { LibraryStatus } from '../fanout/status.ts';
import type { Logger } from '../logging.ts';
import { Merger } from '../merge/merger.ts';
import { CpuSlices } from '../adapter-api/cpu-turns.ts';
import { RankCache, rankClusters } from '../merge/rank.ts';
import type { Cluster } from '../merge/types.ts';
import { queryKey, type QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';
import { ResultSetStore, type ResultSet } from '../resultsets/store.ts';
import { AdmissionControl, defaultAdmission, type Refusal } from './admission.ts';
import { DEFAULT_LOOP_LIMIT, followLoop, LoopLimit } from './loop-load.ts';
import { interceptorsFor } from '../interceptors/for-library.ts';
import { compose } from '../interceptors/interceptor.ts';
import type { BreakerRecord, HealthStorage } from '../stores/health.ts';
import { resilienceFor } from '../config/resilience.ts';
import type { BreakerControl } from '../interceptors/circuit-breaker.ts';
import { CapabilityStore, type CapabilityState } from './capabilities.ts';
import { LatencyModel, adaptiveTimeout, earlyEndAfter, type Learned, type LearnedTimeout } from './latency.ts';
import { LoopStallClock } from '../fanout/loop-stall.ts';
import { copyState, holdingsOlderThan, pickCopy, recheckHoldings, regroupHoldings, type CopyPick, type CopyRecheck, type RecheckOutcome } from './holdings-recheck.ts';
import { embeddedStores, type StoreState, type Stores } from '../stores/open.ts';
import { StoreUnavailableError } from '../stores/errors.ts';
import type { ResultSetStorage } from '../stores/result-sets.ts';
import { applyVerdicts } from '../holdings/verdicts.ts';
import type { ServiceSnapshot } from '../holdings/lender-service.ts';
import { LenderServices } from './lender-services.ts';

export interface GatewayDeps {
  registry: AdapterRegistry;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Tests pass a MockAgent; production gets pooled undici Agents. */
  httpDispatcher?: (connectTimeoutMs: number) => Dispatcher;
  /** Told of every answered search and every breaker change (metrics). */
  observer?: {
    /** heldMs: how long its library starts waited for a burst of refusals to end (fresh searches). */
    searched(outcome: { fromCache: boolean; statuses: readonly LibraryStatus[]; heldMs?: number }): void;
    breakerChanged?(library: string, record: BreakerRecord): void;
    timeoutChosen?(library: string, ms: number, learned: boolean): void;
    /** A capability probe ended; `watchCapabilities` gives the per-library state at scrape time. */
    probed?(library: string, outcome: 'ok' | 'failed'): void;
    watchCapabilities?(state: (library: string) => CapabilityState | undefined, libraries: readonly string[]): void;
  };
  /** Opened by start-up from gateway.stores; default: all embedded. Not closed by close(). */
  stores?: Stores;
}

/** How the merged list changed when one library answered (progressive display). */
interface ClusterUpdate {
  /** New or changed clusters, ranked against the query. */
  changed: Cluster[];
  /** Clusters absorbed into others since the last update. */
  removed: string[];
  total: number;
}

/** How long a stream gathers libraries' answers into one update after sending one. */
const STREAM_UPDATE_MS = 200;

export interface SearchOptions {
  signal?: AbortSignal;
  /** Who asks (admission fairness): an IP address, later a signed-in principal. */
  client?: string;
  /** Called once the search may go ahead (cache hit, or admitted): a stream starts its answer here. */
  onStart?: () => void;
  /** Skip the cache (benchmarks, "search again"). */
  fresh?: boolean;
  /** The HTTP request's id, carried into this search's log lines and on to each library (SearchRequest.requestId). */
  requestId?: string;
  onLibrary?: (status: LibraryStatus, records: BibRecord[]) => void;
  /** Live per-library state (queued, connecting, searching, fetching n/N, done/failed). */
  onProgress?: (progress: LibraryProgress) => void;
  /** Called after a library's records joined the merged list: at once for the first, then at most every `updateEveryMs`. */
  onClusters?: (update: ClusterUpdate) => void;
  /** Default STREAM_UPDATE_MS. */
  updateEveryMs?: number;
  /**
   * Takes the bookkeeping the answer does not need (keeping the set in the result-set store, the
   * log line, metrics), for the caller to run right after it has sent its answer and before it
   * reads its next request (the Z39.50 front end: one request at a time per session, so the next
   * one still finds the set kept). Absent: done before search() resolves. A deferred keep is not
   * in storeWait.
   */
  defer?: (work: () => void) => void;
  /**
   * The caller keeps the set it is given for as long as it needs it (a Z39.50 session's named
   * result set): the set then goes into the result-set store only when a later search may be
   * answered from it (gateway.cache: ttlSeconds and maxResultSets > 0), as nobody could page it
   * there by an id they were never told.
   */
  ownSet?: boolean;
}

/** What the gateway has learned of a library: its breaker, answer times and the timeout it gets now. */
export interface LibraryKnowledge {
  breaker?: BreakerRecord;
  latency?: Learned;
  timeout?: LearnedTimeout;
  /** When a search may end early without it (earlyEndMargin × p99 of its own time), once learned. */
  earlyEnd?: { ms: number; rule: string };
}

export interface SearchOutcome {
  resultSet: ResultSet;
  fromCache: boolean;
  /** What this search waited for on the result-set store (the HTTP answer's Server-Timing). */
  storeWait: StoreWait;
}

/**
 * What a search waited for on the result-set store (ms), on its own critical path: the reuse
 * lookup before the fan-out (local; a round trip only on a hit, to read the set) and keeping
 * the set after it (nothing to wait for once the set's claim, sent with the fan-out, has
 * landed). The learned answer times are read in the background, never by a search.
 */
interface StoreWait {
  /** The whole of it: reuseMs + keepMs. */
  pathMs: number;
  /** The reuse lookup, from asking to having the answer (a hit's read of the set included). */
  reuseMs: number;
  /** Of reuseMs, how long the event loop was not idle (other searches' work, GC, or no CPU for the process): the reply waited for the loop, not for Redis. */
  reuseLoopBusyMs: number;
  /** Keeping the set after the fan-out. */
  keepMs: number;
  /** Of keepMs, the wait for a claim still travelling when the fan-out ended (0 when it had landed). */
  claimWaitMs: number;
  /**
   * Not the result-set store: the longest wait of a library's circuit breaker for its state (the
   * health store; with Redis read from memory once a library is known, as announced), which delays
   * that library's call; 0 when no breaker read a store.
   */
  breakerReadMs: number;
}

/** Which kept set could answer this search (the reuse lookup's key). */
function reuseKey(query: QueryNode, libraries: readonly LibraryConfig[]): string {
  return ResultSetStore.key(queryKey(query), libraries.map((l) => l.id));
}

export class Gateway {
  readonly config: GatewayConfig;
  readonly health: HealthStorage;
  private readonly adapters = new Map<string, TargetAdapter>();
  readonly admission: AdmissionControl;
  private readonly store: ResultSetStorage;
  private readonly stores: Stores;
  private readonly logger: Logger;
  private readonly agents = new Map<number, Agent>();
  private readonly observer: GatewayDeps['observer'];
  private readonly services: LenderServices;
  private readonly stopFollowingLoop: (() => void) | undefined;
  /** The loop's own stalls, left out of each library's time (src/fanout/loop-stall.ts); watched while a fan-out holds it. */
  private readonly loopStall = new LoopStallClock();
  /** Learned answer times (p95/p99) of every library, from the health store, refreshed in the background. */
  readonly latency: LatencyModel;
  private readonly stopLearning: () => void;
  private readonly breakers = new Map<string, BreakerControl>();
  /** What each library can search: configured, or discovered by probing it (startDiscovery). */
  readonly capabilities: CapabilityStore;

  constructor(config: GatewayConfig, deps: GatewayDeps) {
    this.config = config;
    this.observer = deps.observer;
    this.logger = deps.logger;
    const { adaptive = true, ...admission } = config.gateway.admission ?? {};
    const settings = { ...defaultAdmission(), ...admission };
    // The in-flight bound follows the event loop (loop-load.ts) unless the config turns it off.
    const limit = adaptive ? new LoopLimit({ ...DEFAULT_LOOP_LIMIT, max: settings.maxInFlight }) : undefined;
    this.admission = new AdmissionControl(settings, undefined, limit);
    if (limit) this.stopFollowingLoop = followLoop(limit, () => this.admission.stats.running);
    this.stores = deps.stores ?? embeddedStores(config.gateway.cache);
    this.store = this.stores.resultSets;
    this.health = this.stores.health;
    const limits = this.stores.limits;
    this.latency = new LatencyModel(this.health);
    this.stopLearning = this.latency.follow(
      config.libraries.filter((l) => l.service.status !== 'suspended').map((l) => l.id),
      config.gateway.learnedRefreshMs,
    );
    const resilience = {
      health: this.health,
      latency: this.latency,
      loop: this.loopStall,
      deadlineMs: config.gateway.deadlineMs,
      breakers: this.breakers,
      // Read at each search, so re-probes take effect without rebuilding the chain.
      capabilities: (id: string) => this.capabilities.get(id),
      onBreakerChange: (library: string, record: BreakerRecord) => {
        this.observer?.breakerChanged?.(library, record);
        if (record.state === 'open') this.logger.warn({ library, failures: record.failures, retryAt: record.retryAt, reason: record.lastError }, 'circuit breaker open: library skipped until the probe answers');
        else if (record.state === 'closed' && record.failures === 0) this.logger.debug({ library }, 'circuit breaker closed');
      },
    };
    const active = config.libraries.filter((l) => l.service.status !== 'suspended');
    this.capabilities = new CapabilityStore({
      libraries: active,
      probeOf: (id) => {
        const adapter = this.adapters.get(id);
        return adapter?.probe ? (options) => adapter.probe!(options) : undefined;
      },
      settings: config.gateway.discovery,
      onProbe: (library, outcome, error) => {
        this.observer?.probed?.(library, outcome);
        if (outcome === 'failed') this.logger.info({ library, reason: error }, 'capability probe failed: the library is searched as if unknown');
      },
    });
    this.observer?.watchCapabilities?.((id) => this.capabilities.state(id), active.map((l) => l.id));
    const httpDispatcher = deps.httpDispatcher ?? ((ms: number) => this.agentFor(ms));
    for (const library of config.libraries) {
      if (library.service.status === 'suspended') continue;
      const descriptor = deps.registry.get(library.adapter);
      if (!descriptor) throw new Error(`library ${library.id}: adapter "${library.adapter}" is not registered`);
      const logger = this.logger.child({ library: library.id, adapter: library.adapter });
      const adapter = descriptor.create(library.settings, { library, httpDispatcher, logger, env: deps.env ?? process.env, ...(limits ? { limits } : {}) });
      this.adapters.set(library.id, compose(adapter, interceptorsFor(library, limits, resilience)));
    }
    for (const library of config.libraries) {
      const union = library.service.followUnion;
      if (union !== undefined && this.adapters.get(union)?.members === undefined) {
        throw new Error(`library ${library.id}: service.followUnion "${union}" is not an active union catalogue (its adapter lists no members)`);
      }
    }
    this.services = new LenderServices({ libraries: config.libraries, readUnions: (ms) => this.unionMembers(ms), configuredAt: new Date().toISOString() });
  }

  /** Probes every library at once and then periodically (gateway.discovery); start-up calls it, tests that want discovery too. */
  startDiscovery(): Promise<void> {
    return this.capabilities.start();
  }

  /** Every library's service status now, each with its source and "as of" (src/holdings/lender-service.ts). */
  lenderServices(): Promise<ServiceSnapshot> {
    return this.services.snapshot();
  }

  private isUnion(id: string): boolean {
    return this.adapters.get(id)?.members !== undefined;
  }

  get libraries(): readonly LibraryConfig[] {
    return this.config.libraries;
  }

  library(id: string): LibraryConfig | undefined {
    return this.config.libraries.find((l) => l.id === id);
  }

  /** A kept result set; throws StoreUnavailableError when its shared store cannot be reached. */
  resultSet(id: string): Promise<ResultSet | undefined> {
    return this.store.get(id);
  }

  /** A record by its `library:localId` id from any kept result set (newest first). */
  findRecord(recordId: string): Promise<{ resultSet: ResultSet; record: BibRecord } | undefined> {
    return this.store.findRecord(recordId);
  }

  /** Restarts a kept set's time to live (an SRU client paging by resultSetId). */
  touchResultSet(id: string): Promise<boolean> {
    return this.store.touch(id);
  }

  /** Which store implementation keeps what, and whether it answers now. */
  storeStates(): StoreState[] {
    return this.stores.states();
  }

  /** A shared store is unreachable: searches still answer, reads that need the store do not. */
  degraded(): boolean {
    return this.stores.degraded();
  }

  /**
   * Asks the libraries of a kept work again, live, for copies older than `maxAgeMs` (the holdings
   * TTL when a reader opens it; 0 for a librarian's "recheck live"), and keeps the fresh holdings
   * in the result set. Libraries that cannot answer keep their old copies, with their age.
   */
  async recheckCluster(set: ResultSet, cluster: Cluster, options: { maxAgeMs?: number; libraries?: readonly string[] } = {}): Promise<RecheckOutcome[]> {
    const maxAgeMs = options.maxAgeMs ?? this.config.gateway.holdings.ttlSeconds * 1000;
    const now = Date.now();
    const stale = cluster.records.filter((r) => (!options.libraries || options.libraries.includes(r.library)) && r.holdings.length > 0 && holdingsOlderThan(r, maxAgeMs, now));
    if (stale.length === 0) return [];
    const outcomes = await this.recheck(stale);
    if (outcomes.some((o) => o.rechecked.length > 0)) {
      regroupHoldings(cluster);
      await this.store.put(set).catch((error: unknown) => this.storeTrouble(error, 'keep rechecked holdings'));
    }
    return outcomes;
  }

  /**
   * One copy's status now, asked of its library live (the ILL draft before submission): the copy
   * found again by barcode (else its position), or undefined when its record is no longer kept.
   */
  async recheckCopy(copy: { recordId: string } & CopyPick): Promise<CopyRecheck | undefined> {
    const found = await this.store.findRecord(copy.recordId).catch(() => undefined);
    return found ? this.recheckCopyOf(found.resultSet, found.record, copy) : undefined;
  }

  /**
   * One copy of a record kept in `set` (a librarian's "recheck live" of one row): the record is
   * searched for again at its library, past every cache, and the copy picked from its answer by
   * barcode (else position). The kept set takes the fresh copies only when the library answered.
   */
  async recheckCopyOf(set: ResultSet, record: BibRecord, pick: CopyPick): Promise<CopyRecheck> {
    const previous = pickCopy(record.holdings, pick);
    const [outcome = { library: record.library, rechecked: [] }] = await this.recheck([record]);
    const rechecked = outcome.rechecked.includes(record.id);
    const holding = rechecked ? pickCopy(record.holdings, pick) : undefined;
    if (rechecked) {
      for (const cluster of set.clusters) if (cluster.records.includes(record)) regroupHoldings(cluster);
      await this.store.put(set).catch((error: unknown) => this.storeTrouble(error, 'keep rechecked holdings'));
    }
    return { state: copyState(outcome, rechecked, holding), ...(holding ? { holding } : {}), ...(previous ? { previous } : {}), outcome };
  }

  private async recheck(records: BibRecord[]): Promise<RecheckOutcome[]> {
    const verdicts = { services: await this.services.snapshot(), library: (id: string) => this.library(id), isUnion: (id: string) => this.isUnion(id) };
    return recheckHoldings(records, {
      adapter: (id) => this.adapters.get(id),
      judge: async (fresh) => applyVerdicts(fresh, verdicts),
      timeoutMs: this.config.gateway.holdings.recheckTimeoutMs,
    });
  }

  /** A librarian's "retry now": probes the library at once; undefined when it has no breaker. */
  async retryNow(library: string): Promise<BreakerRecord | undefined> {
    return this.breakers.get(library)?.retryNow();
  }

  /** Breaker, learned answer times and current timeout of each library (the librarian health view). */
  async knowledge(libraries: readonly LibraryConfig[]): Promise<Map<string, LibraryKnowledge>> {
    await this.latency.refresh(libraries.map((l) => l.id));
    const out = new Map<string, LibraryKnowledge>();
    await Promise.all(
      libraries.map(async (library) => {
        const entry: LibraryKnowledge = {};
        const breaker = await this.breakers.get(library.id)?.state();
        if (breaker) entry.breaker = breaker;
        const latency = this.latency.get(library.id);
        if (latency) entry.latency = latency;
        const adaptive = resilienceFor(library).adaptiveTimeout;
        if (adaptive) entry.timeout = adaptiveTimeout(library.timeoutMs ?? this.config.gateway.deadlineMs, adaptive, latency);
        const earlyEnd = adaptive && earlyEndAfter(adaptive, latency);
        if (earlyEnd) entry.earlyEnd = earlyEnd;
        out.set(library.id, entry);
      }),
    );
    return out;
  }

  /** Whether any fresh search could be refused at once now (cheap, nothing parsed); refusalNow says which. */
  refusalPossible(): boolean {
    return this.admission.mightRefuse();
  }

  /**
   * The refusal a fresh search of this would get at once right now (counted as refused), without
   * starting anything: a front end answers a burst's refusals with it before building the
   * request's context. Undefined when the search would be admitted or queued, or when a kept set
   * may answer it (the cheap local check search() makes first): a reuse is never refused.
   */
  refusalNow(query: QueryNode, libraries: readonly LibraryConfig[], client = 'anonymous'): Refusal | undefined {
    if (this.store.mayReuse(reuseKey(query, libraries))) return undefined;
    return this.admission.refuseAtOnce(client, this.config.gateway.deadlineMs);
  }

  async search(query: QueryNode, libraries: readonly LibraryConfig[], options: SearchOptions = {}): Promise<SearchOutcome> {
    const key = reuseKey(query, libraries);
    // The reuse lookup is local (a shared store knows the recent searches of every instance): a
    // miss does not even yield to the event loop; only a hit reads the set. The learned answer
    // times are already here (LatencyModel.follow).
    const lookupStarted = performance.now();
    const loopBefore = performance.eventLoopUtilization();
    const lookup = options.fresh || !this.store.mayReuse(key) ? undefined : this.store.findByKey(key).catch((error: unknown) => this.storeTrouble(error, 'reuse lookup'));
    const cached = lookup ? await lookup : undefined;
    const reuseMs = performance.now() - lookupStarted;
    const reuseLoopBusyMs = performance.eventLoopUtilization(loopBefore).active;
    const waited = (keep: Kept): StoreWait => ({ pathMs: reuseMs + keep.keepMs, reuseMs, reuseLoopBusyMs, ...keep });
    if (cached) {
      options.onStart?.();
      for (const status of cached.statuses) {
        options.onLibrary?.(status, cached.records.filter((r) => r.library === status.library));
      }
      options.onClusters?.({ changed: cached.clusters, removed: [], total: cached.clusters.length });
      this.observer?.searched({ fromCache: true, statuses: cached.statuses });
      return { resultSet: cached, fromCache: true, storeWait: waited({ keepMs: 0, claimWaitMs: 0, breakerReadMs: 0 }) };
    }
    const { gateway } = this.config;
    // Waiting for a slot spends the search's own deadline; a refusal (AdmissionRejected) is immediate.
    const admitted = await this.admission.acquire(options.client ?? 'anonymous', gateway.deadlineMs, options.signal);
    try {
      options.onStart?.();
      const outcome = await this.fanOutAndMerge(query, libraries, key, gateway.deadlineMs - admitted.waitedMs, options);
      const { statuses } = outcome.resultSet;
      const { heldMs } = outcome;
      if (this.observer) later(options, () => this.observer?.searched({ fromCache: false, statuses, heldMs }));
      return { resultSet: outcome.resultSet, fromCache: false, storeWait: waited(outcome.kept) };
    } finally {
      admitted.release();
    }
  }

  private async fanOutAndMerge(query: QueryNode, libraries: readonly LibraryConfig[], key: string, deadlineMs: number, options: SearchOptions): Promise<{ resultSet: ResultSet; kept: Kept; heldMs: number }> {
    // The set's claim travels while the libraries are asked, so keeping it adds nothing to the
    // search unless Redis is slower than every library (result-sets.ts).
    const id = randomUUID();
    const { cache } = this.config.gateway;
    const keep = !options.ownSet || (cache.ttlSeconds > 0 && cache.maxResultSets > 0);
    if (keep) this.store.reserve(id, deadlineMs);
    try {
      return await this.searchAndKeep(id, query, libraries, key, deadlineMs, options, keep);
    } catch (error) {
      if (keep) this.store.abandon(id);
      throw error;
    }
  }

  private async searchAndKeep(id: string, query: QueryNode, libraries: readonly LibraryConfig[], key: string, deadlineMs: number, options: SearchOptions, keep: boolean): Promise<{ resultSet: ResultSet; kept: Kept; heldMs: number }> {
    const endBy = performance.now() + deadlineMs;
    const ids = libraries.map((l) => l.id);
    const { gateway } = this.config;
    // The clusters' field indexes are kept for this search's rankings (the stream ranks every update), then dropped with it.
    const rankCache = new RankCache();
    const rank = (clusters: readonly Cluster[]) => rankClusters(clusters, query, { illBoost: gateway.ranking.illBoost, cache: rankCache });
    // Merged as libraries answer, so a stream can show clusters growing; the final list is
    // the same as a batch merge of the same records (the merger is order-independent).
    const merger = new Merger();
    const progressive = this.progressiveUpdates(merger, rank, options.onClusters, options.updateEveryMs ?? STREAM_UPDATE_MS);
    // One service status per lender for the whole search, so each copy gets one verdict wherever it is shown.
    const services = await this.services.snapshot();
    const verdicts = { services, library: (id: string) => this.library(id), isUnion: (id: string) => this.isUnion(id) };
    const fanoutRequest: Parameters<typeof fanOut>[0] = {
      query,
      libraries: [...libraries],
      adapters: this.adapters,
      deadlineMs,
      concurrency: gateway.concurrency,
      recordsPerLibrary: gateway.recordsPerLibrary,
      holdStarts: () => this.admission.refusingBurst(),
      onLibrary: (status, records) => {
        applyVerdicts(records, verdicts);
        this.health.record(status);
        options.onLibrary?.(status, records);
        if (records.length === 0) return;
        merger.add(records);
        progressive?.added(records);
      },
    };
    // The interceptors' adaptive timeouts and the early end read what was learned (LatencyModel.follow), without waiting.
    if (this.observer?.timeoutChosen) {
      for (const library of libraries) {
        const adaptive = resilienceFor(library).adaptiveTimeout;
        if (!adaptive) continue;
        const chosen = adaptiveTimeout(library.timeoutMs ?? gateway.deadlineMs, adaptive, this.latency.get(library.id));
        this.observer.timeoutChosen(library.id, chosen.ms, chosen.learned !== undefined);
      }
    }
    fanoutRequest.lateAfter = (id) => {
      const library = this.library(id);
      const adaptive = library && resilienceFor(library).adaptiveTimeout;
      return adaptive ? earlyEndAfter(adaptive, this.latency.get(id)) : undefined;
    };
    fanoutRequest.expectedMs = (id) => this.latency.get(id)?.p50Ms;
    fanoutRequest.loop = this.loopStall;
    let breakerReadMs = 0;
    fanoutRequest.onStoreWait = (ms) => {
      breakerReadMs = Math.max(breakerReadMs, ms);
    };
    if (options.signal) fanoutRequest.signal = options.signal;
    if (options.requestId) fanoutRequest.requestId = options.requestId;
    if (options.onProgress) fanoutRequest.onProgress = options.onProgress;
    let result: Awaited<ReturnType<typeof fanOut>>;
    const releaseLoopStall = this.loopStall.hold();
    try {
      result = await fanOut(fanoutRequest);
    } finally {
      releaseLoopStall();
      progressive?.flush();
    }
    // Every settled library's records went through onLibrary; cluster ids do not depend on arrival order.
    // Built a slice at a time: the gateway's own requests are answered in between (cpu-turns.ts).
    await merger.prepare(new CpuSlices({ signal: options.signal, until: endBy }));
    const clusters = rank(merger.clusters());
    const resultSet: ResultSet = { id, createdAt: new Date().toISOString(), key, query, libraries: ids, elapsedMs: result.elapsedMs, statuses: result.statuses, records: result.records, clusters, services: services.toJSON() };
    const logFinished = () =>
      (options.requestId ? this.logger.child({ requestId: options.requestId }) : this.logger).info(
        { query: queryKey(query), libraries: ids.length, elapsedMs: result.elapsedMs, ...(result.heldMs > 0 ? { heldMs: result.heldMs } : {}), records: result.records.length, clusters: clusters.length, states: countStates(result.statuses) },
        'search finished',
      );
    if (options.defer || !keep) {
      // Kept once the caller has answered (sizing the set for the store's byte bound walks its records), or not at all (ownSet).
      // Only a claim still travelling (Redis slower than every library) is waited for first: see claimLanding.
      const claimWaitMs = keep ? await this.claimLanded(id) : 0;
      later(options, () => {
        if (keep && !this.store.keepNow(resultSet)) void this.store.put(resultSet).catch((error: unknown) => this.deferredStoreTrouble(error));
        logFinished();
      });
      return { resultSet, kept: { keepMs: claimWaitMs, claimWaitMs, breakerReadMs }, heldMs: result.heldMs };
    }
    // A search answers even when its set cannot be shared: paging it elsewhere then gets a 503.
    const keepStarted = performance.now();
    const keptNow = this.store.keepNow(resultSet);
    if (!keptNow) await this.store.put(resultSet).catch((error: unknown) => this.storeTrouble(error, 'keep result set'));
    const keepMs = performance.now() - keepStarted;
    logFinished();
    return { resultSet, kept: { keepMs, claimWaitMs: keptNow ? 0 : keepMs, breakerReadMs }, heldMs: result.heldMs };
  }

  /**
   * The merged list as libraries answer, for a stream: the first answer's clusters at once, later
   * ones gathered for `everyMs` (longer when an update took long). Every update rebuilds the
   * clusters that changed and sends them whole, and with dozens of libraries adding to the same
   * works an update per library cost more CPU (and bytes to the browser) than the search itself;
   * a reader sees no difference.
   */
  private progressiveUpdates(merger: Merger, rank: (clusters: readonly Cluster[]) => Cluster[], onClusters: SearchOptions['onClusters'], everyMs: number) {
    if (!onClusters) return undefined;
    let shown = new Set<string>();
    let added = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let next = -Infinity;
    const send = () => {
      timer = undefined;
      const started = performance.now();
      const clusters = merger.clusters();
      const changed = clusters.filter((c) => !shown.has(c.id) || c.members.some((m) => added.has(m.recordId)));
      const now = new Set(clusters.map((c) => c.id));
      const removed = [...shown].filter((id) => !now.has(id));
      shown = now;
      added = new Set();
      onClusters({ changed: rank(changed), removed, total: clusters.length });
      // A large list takes long to rebuild and send: the stream then spends at most a quarter of the time on it.
      const ended = performance.now();
      next = ended + Math.max(everyMs, 3 * (ended - started));
    };
    return {
      added(records: readonly BibRecord[]) {
        for (const r of records) added.add(r.id);
        if (timer) return;
        const wait = next - performance.now();
        if (wait <= 0) send();
        else timer = setTimeout(send, wait);
      },
      /** The search is over: what is gathered goes out now, before the final answer. */
      flush() {
        if (!timer) return;
        clearTimeout(timer);
        send();
      },
    };
  }

  /**
   * Members as each union catalogue (BALIS) lists them, with the service status it shows
   * ("上海图书馆(暂停服务)"). A union that does not answer in time is reported with its error.
   */
  async unionMembers(timeoutMs = 3000): Promise<{ library: string; members?: UnionMember[]; error?: string }[]> {
    const unions = [...this.adapters.entries()].filter(([, adapter]) => adapter.members !== undefined);
    return Promise.all(
      unions.map(async ([library, adapter]) => {
        try {
          return { library, members: await adapter.members!({ signal: AbortSignal.timeout(timeoutMs) }) };
        } catch (error) {
          return { library, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
  }

  /** Waits for the set's claim if it has not landed; how long (ms). A failed claim is reported by the keep (put) after the answer. */
  private async claimLanded(id: string): Promise<number> {
    const landing = this.store.claimLanding(id);
    if (!landing) return 0;
    const started = performance.now();
    await landing.catch(() => undefined);
    return performance.now() - started;
  }

  /** A keep that ran after the answer has nobody to throw to: logged. */
  private deferredStoreTrouble(error: unknown): void {
    if (error instanceof StoreUnavailableError) this.storeTrouble(error, 'keep result set');
    else this.logger.error({ err: error }, 'keeping a result set failed after the search answered');
  }

  private storeTrouble(error: unknown, what: string): undefined {
    if (!(error instanceof StoreUnavailableError)) throw error;
    this.logger.warn({ err: error.message, what }, 'result-set store unavailable; search answered without it');
    return undefined;
  }

  async close(): Promise<void> {
    this.stopLearning();
    await this.latency.settled();
    this.stopFollowingLoop?.();
    this.capabilities.close();
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

/** Runs `work` where the search's options say (SearchOptions.defer), else now. */
function later(options: SearchOptions, work: () => void): void {
  if (options.defer) options.defer(work);
  else work();
}

/** Keeping a finished search's set: how long, and of it the wait for its claim; and the breakers' longest read. */
interface Kept {
  keepMs: number;
  claimWaitMs: number;
  breakerReadMs: number;
}

function countStates(statuses: LibraryStatus[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return counts;
}
