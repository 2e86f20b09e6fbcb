/**
 * What each library can search, kept per gateway process: configured capabilities (the
 * library's `capabilities` block) win and are never probed; the others are probed through
 * their adapter's `probe` at start and again every `intervalSeconds`, jittered so the
 * libraries are not all asked at once. A failed probe leaves the library unknown (searches
 * are sent, as if never probed) and is retried sooner. The capability gate
 * (src/interceptors/capability-gate.ts) reads `get`; /api/libraries and metrics read `state`.
 */
import type { Capabilities } from '../adapter-api/capabilities.ts';
import type { SearchField } from '../query/model.ts';
import { linkedSignal, timeoutSignal } from '../fanout/abort.ts';

export interface DiscoverySettings {
  enabled: boolean;
  intervalSeconds: number;
  /** ± this fraction of the interval, at random, on every wait. */
  jitter: number;
  /** Budget of one probe. */
  timeoutMs: number;
}

export type Probe = (options: { signal: AbortSignal }) => Promise<Capabilities>;

export interface CapabilityState {
  /** Configured, else discovered; absent = unknown (searches are sent). */
  capabilities?: Capabilities;
  configured: boolean;
  /** The last probe: when it ended, how it went, what failed. */
  lastProbe?: { at: string; outcome: 'ok' | 'failed'; error?: string };
  nextProbeAt?: string;
}

export interface CapabilityStoreOptions {
  libraries: readonly { id: string; capabilities?: { indexes: SearchField[] } }[];
  /** The library's probe; undefined when its adapter has none (it stays unknown). */
  probeOf(library: string): Probe | undefined;
  settings: DiscoverySettings;
  /** Told of every probe's outcome (metrics, logs). */
  onProbe?(library: string, outcome: 'ok' | 'failed', error?: string): void;
  now?: () => number;
  random?: () => number;
}

/** A failed probe is tried again after at most this long (a library down at start is learned soon after it is back). */
const RETRY_AFTER_FAILURE_MS = 300_000;
/** Probes at once: each one is a few requests to one library; start-up should not hit all of them in one go. */
const PROBES_AT_ONCE = 4;

export class CapabilityStore {
  private readonly states = new Map<string, CapabilityState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<CapabilityState>>();
  private readonly now: () => number;
  private readonly random: () => number;
  private started: Promise<void> | undefined;
  private closed = false;
  /** Aborts probes still running when the gateway closes: none of their sockets outlives it. */
  private readonly closing = new AbortController();

  constructor(private readonly options: CapabilityStoreOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    const at = new Date(this.now()).toISOString();
    for (const library of options.libraries) {
      this.states.set(library.id, library.capabilities ? { configured: true, capabilities: { indexes: [...library.capabilities.indexes], source: 'config', at } } : { configured: false });
    }
  }

  /** What the library is known to search; undefined = unknown. */
  get(library: string): Capabilities | undefined {
    return this.states.get(library)?.capabilities;
  }

  state(library: string): CapabilityState | undefined {
    return this.states.get(library);
  }

  /** Probes every library that can be probed now (a few at a time), then keeps each on its own schedule. Idempotent: later calls get the first one's promise. */
  start(): Promise<void> {
    if (!this.options.settings.enabled) return Promise.resolve();
    this.started ??= this.probeAll();
    return this.started;
  }

  private probeAll(): Promise<void> {
    const queue = this.options.libraries.filter((l) => !l.capabilities && this.options.probeOf(l.id)).map((l) => l.id);
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined && !this.closed; id = queue.shift()) await this.probeNow(id);
    };
    return Promise.all(Array.from({ length: Math.min(PROBES_AT_ONCE, queue.length) }, worker)).then(() => undefined);
  }

  /** Probes one library now (a running probe is joined); configured libraries are not probed. */
  probeNow(library: string): Promise<CapabilityState> {
    const state = this.states.get(library);
    const probe = this.options.probeOf(library);
    if (!state || state.configured || !probe) return Promise.resolve(state ?? { configured: false });
    const running = this.running.get(library);
    if (running) return running;
    const work = this.run(library, probe).finally(() => this.running.delete(library));
    this.running.set(library, work);
    return work;
  }

  private async run(library: string, probe: Probe): Promise<CapabilityState> {
    const timer = this.timers.get(library);
    if (timer) clearTimeout(timer);
    this.timers.delete(library);
    const budget = timeoutSignal(this.options.settings.timeoutMs, 'library-timeout', `probe not answered within ${this.options.settings.timeoutMs} ms`);
    const linked = linkedSignal([budget.signal, this.closing.signal]);
    const { signal } = linked;
    let next: CapabilityState;
    try {
      const capabilities = await probe({ signal });
      next = { configured: false, capabilities, lastProbe: { at: new Date(this.now()).toISOString(), outcome: 'ok' } };
      this.options.onProbe?.(library, 'ok');
    } catch (error) {
      const message = signal.aborted ? `probe not answered within ${this.options.settings.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      // Unknown again: a library is never skipped on what an unanswered probe left behind.
      next = { configured: false, lastProbe: { at: new Date(this.now()).toISOString(), outcome: 'failed', error: message } };
      this.options.onProbe?.(library, 'failed', message);
    } finally {
      budget.clear();
      linked.dispose();
    }
    if (this.closed) return next;
    this.states.set(library, next);
    const intervalMs = this.options.settings.intervalSeconds * 1000;
    this.schedule(library, next.lastProbe?.outcome === 'ok' ? intervalMs : Math.min(intervalMs, RETRY_AFTER_FAILURE_MS));
    return next;
  }

  private schedule(library: string, baseMs: number): void {
    const spread = this.options.settings.jitter * baseMs;
    const waitMs = Math.max(1000, Math.round(baseMs - spread + 2 * spread * this.random()));
    const state = this.states.get(library);
    if (state) state.nextProbeAt = new Date(this.now() + waitMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(library);
      void this.probeNow(library);
    }, waitMs);
    timer.unref?.();
    this.timers.set(library, timer);
  }

  close(): void {
    this.closed = true;
    this.closing.abort(new Error('the gateway is closing'));
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
