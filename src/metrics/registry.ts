/**
 * Prometheus metrics (prom-client), one registry per gateway. Labels are library ids, states
 * and outcomes only: no query text and no reader data ever becomes a label.
 */
import type { AdmissionControl } from '../gateway/admission.ts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LibraryStatus } from '../fanout/status.ts';
import type { BreakerRecord } from '../stores/health.ts';
import type { CapabilityState } from '../gateway/capabilities.ts';

const BREAKER_VALUE: Record<BreakerRecord['state'], number> = { closed: 0, 'half-open': 1, open: 2 };

interface StoreHealth {
  store: string;
  kind: string;
  ready: boolean;
}

interface SearchObserver {
  searched(outcome: { fromCache: boolean; statuses: readonly LibraryStatus[]; heldMs?: number }): void;
}

export class GatewayMetrics implements SearchObserver {
  readonly registry = new Registry();
  private readonly searches = new Counter({ name: 'gateway_searches_total', help: 'Federated searches answered', labelNames: ['cache'], registers: [this.registry] });
  private readonly cacheHits = new Counter({ name: 'gateway_cache_hits_total', help: 'Searches answered from a kept result set', registers: [this.registry] });
  private readonly outcomes = new Counter({ name: 'gateway_library_outcomes_total', help: 'Per-library search outcomes by state', labelNames: ['library', 'state'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'gateway_library_latency_seconds',
    help: 'Per-library time to settle in a search',
    labelNames: ['library'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  private readonly held = new Histogram({
    name: 'gateway_search_start_held_seconds',
    help: 'How long a fresh search held its library starts while a burst of searches was being refused (held searches only)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });
  readonly sseClients = new Gauge({ name: 'gateway_sse_clients', help: 'Open Server-Sent Events search streams', registers: [this.registry] });
  private readonly drafts = new Counter({ name: 'gateway_ill_drafts_total', help: 'ILL draft requests by outcome', labelNames: ['outcome'], registers: [this.registry] });
  private readonly breakers = new Gauge({ name: 'gateway_library_breaker_state', help: 'Circuit breaker per library: 0 closed, 1 half-open (probing), 2 open (not queried)', labelNames: ['library'], registers: [this.registry] });
  private readonly breakerOpenings = new Counter({ name: 'gateway_library_breaker_opened_total', help: 'Times a library\'s breaker opened (or stayed open after a failed probe)', labelNames: ['library'], registers: [this.registry] });
  private readonly holdingsAge = new Histogram({ name: 'gateway_holdings_age_seconds', help: 'Age of holdings statuses when a work is shown', labelNames: ['library'], buckets: [1, 10, 30, 60, 120, 300, 600, 1800], registers: [this.registry] });
  private readonly timeouts = new Gauge({ name: 'gateway_library_timeout_seconds', help: 'The budget a library gets now (learned from its answers, or as configured)', labelNames: ['library', 'learned'], registers: [this.registry] });
  /** The last budget reported per library (timeoutChosen). */
  private readonly chosenTimeouts = new Map<string, string>();
  private readonly submissions = new Counter({ name: 'gateway_ill_submissions_total', help: 'ILL submissions to BALIS by outcome', labelNames: ['outcome'], registers: [this.registry] });
  private readonly probes = new Counter({ name: 'gateway_library_probes_total', help: 'Capability probes by outcome (ok, failed: the library is then searched as if unknown)', labelNames: ['library', 'outcome'], registers: [this.registry] });
  private capabilities: { state: (library: string) => CapabilityState | undefined; libraries: readonly string[] } = { state: () => undefined, libraries: [] };
  // Read at scrape time: how old each library's discovered capabilities are (configured ones are not discovered, unknown ones have no age).
  private readonly discoveryAge: Gauge<'library'> = new Gauge({
    name: 'gateway_library_discovery_age_seconds',
    help: 'Age of the capabilities discovered by probing each library (absent: configured or not known)',
    labelNames: ['library'],
    registers: [this.registry],
    collect: (): void => {
      this.discoveryAge.reset();
      const now = Date.now();
      for (const library of this.capabilities.libraries) {
        const state = this.capabilities.state(library);
        if (state?.capabilities && !state.configured) this.discoveryAge.set({ library }, Math.max(0, (now - Date.parse(state.capabilities.at)) / 1000));
      }
    },
  });
  private stores: () => readonly StoreHealth[] = () => [];
  // Read at scrape time from the stores' own connection state, so an outage shows without a search.
  private readonly degraded: Gauge = new Gauge({
    name: 'gateway_degraded',
    help: '1 while a shared store (Redis, PostgreSQL) cannot be reached: searches still answer, reads of shared result sets do not',
    registers: [this.registry],
    collect: (): void => this.degraded.set(this.stores().some((s) => !s.ready) ? 1 : 0),
  });
  private readonly storeUp: Gauge<'store' | 'kind'> = new Gauge({
    name: 'gateway_store_up',
    help: 'Whether each store (gateway.stores) answers: 1 up, 0 unreachable',
    labelNames: ['store', 'kind'],
    registers: [this.registry],
    collect: (): void => {
      for (const s of this.stores()) this.storeUp.set({ store: s.store, kind: s.kind }, s.ready ? 1 : 0);
    },
  });

  constructor() {
    // Includes nodejs_eventloop_lag_seconds (and its percentiles), heap and handles.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** Searches running and waiting, the load-adaptive limit, and refusals by reason, read at scrape time. */
  watchAdmission(admission: Pick<AdmissionControl, 'stats' | 'refused'>): void {
    new Gauge({ name: 'gateway_admission_running', help: 'Searches running (holding an admission slot)', registers: [this.registry], collect() { this.set(admission.stats.running); } });
    new Gauge({ name: 'gateway_admission_queued', help: 'Searches waiting for an admission slot', registers: [this.registry], collect() { this.set(admission.stats.queued); } });
    new Gauge({ name: 'gateway_admission_limit', help: 'Searches allowed in flight now (follows the event loop’s load)', registers: [this.registry], collect() { this.set(admission.stats.limit); } });
    const counted: Record<string, number> = {};
    new Counter({
      name: 'gateway_admission_refused_total',
      help: 'Searches refused with 503 (SRU diagnostic 2, Bib-1 2), by reason',
      labelNames: ['reason'],
      registers: [this.registry],
      collect() {
        for (const [reason, count] of Object.entries(admission.refused)) {
          this.inc({ reason }, count - (counted[reason] ?? 0));
          counted[reason] = count;
        }
      },
    });
  }

  searched({ fromCache, statuses, heldMs = 0 }: { fromCache: boolean; statuses: readonly LibraryStatus[]; heldMs?: number }): void {
    this.searches.inc({ cache: fromCache ? 'hit' : 'miss' });
    if (fromCache) return void this.cacheHits.inc();
    if (heldMs > 0) this.held.observe(heldMs / 1000);
    for (const status of statuses) {
      this.outcomes.inc({ library: status.library, state: status.state });
      if (status.state !== 'suspended' && status.state !== 'skipped') this.latency.observe({ library: status.library }, status.elapsedMs / 1000);
    }
  }

  /** The stores whose state the degraded and store_up gauges report (start-up passes gateway.stores). */
  watchStores(states: () => readonly StoreHealth[]): void {
    this.stores = states;
  }

  /** How old the copies' statuses were when a work was shown (after any live recheck). */
  holdingsShown(library: string, ageSeconds: number): void {
    this.holdingsAge.observe({ library }, Math.max(0, ageSeconds));
  }

  breakerChanged(library: string, record: BreakerRecord): void {
    this.breakers.set({ library }, BREAKER_VALUE[record.state]);
    if (record.state === 'open') this.breakerOpenings.inc({ library });
  }

  probed(library: string, outcome: 'ok' | 'failed'): void {
    this.probes.inc({ library, outcome });
  }

  watchCapabilities(state: (library: string) => CapabilityState | undefined, libraries: readonly string[]): void {
    this.capabilities = { state, libraries };
  }

  timeoutChosen(library: string, ms: number, learned: boolean): void {
    // Told for every library at every search; the gauge's labels are hashed only when its value changes.
    const chosen = `${ms}|${learned}`;
    if (this.chosenTimeouts.get(library) === chosen) return;
    this.chosenTimeouts.set(library, chosen);
    this.timeouts.remove({ library, learned: learned ? 'no' : 'yes' });
    this.timeouts.set({ library, learned: learned ? 'yes' : 'no' }, ms / 1000);
  }

  draft(outcome: 'created' | 'invalid' | 'ineligible' | 'refused'): void {
    this.drafts.inc({ outcome });
  }

  submission(outcome: 'submitted' | 'failed' | 'replayed'): void {
    this.submissions.inc({ outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
