/**
 * Admission control for federated searches: a bounded number in flight, a bounded wait queue,
 * and time spent waiting counted against the search's deadline. A search that cannot be
 * queued, or could not start while enough of its deadline is left, is refused at once
 * (AdmissionRejected → 503 + Retry-After, SRU diagnostic 2) instead of queueing for tens of
 * seconds outside the search as it did under a 1,000-search burst.
 *
 * Fairness: waiting searches are kept per client and started round-robin across clients,
 * and one client holds at most `perClient` of the slots, so one busy portal cannot starve
 * the UI. The client key is whatever the front end passes (an IP today, a principal later).
 */
import { availableParallelism } from 'node:os';
import type { LoopLimit } from './loop-load.ts';

export interface AdmissionSettings {
  /** Searches running at once. */
  maxInFlight: number;
  /** Searches waiting for a slot, over all clients. */
  maxQueue: number;
  /** Slots (running) and places (waiting) one client may hold. */
  perClient: number;
  /** A queued search is refused once less than this is left of its deadline. */
  minRunMs: number;
  /** Longest wait for a slot (absent: as long as the deadline allows, less minRunMs). */
  maxWaitMs?: number;
}

/** Sized for the machine: a few searches per core run (merging is CPU work), more wait. */
export function defaultAdmission(cores = availableParallelism()): AdmissionSettings {
  const maxInFlight = Math.max(4, cores * 4);
  return { maxInFlight, maxQueue: maxInFlight * 8, perClient: Math.max(2, Math.ceil(maxInFlight / 2)), minRunMs: 1000 };
}

/**
 * A burst of refusals begins with this many within STORM_WINDOW_MS (80 a second): a steady
 * overload of a few refusals a second is not one; 1,000 searches at once are, from their ninth
 * refusal on. It lasts until STORM_QUIET_MS pass without a refusal: the burst's connections come
 * in waves (the clients' own CPU), and a lull of a few tens of milliseconds is not its end.
 */
const STORM_REFUSALS = 8;
const STORM_WINDOW_MS = 100;
const STORM_QUIET_MS = 200;

/** Why a search is refused at once, and when to ask again. */
export interface Refusal {
  reason: 'queue-full' | 'client-busy' | 'deadline';
  message: string;
  /** Seconds after which a retry has a fair chance. */
  retryAfterSeconds: number;
}

export class AdmissionRejected extends Error {
  readonly reason: Refusal['reason'];
  readonly retryAfterSeconds: number;

  constructor(refusal: Refusal) {
    super(refusal.message);
    this.name = 'AdmissionRejected';
    this.reason = refusal.reason;
    this.retryAfterSeconds = refusal.retryAfterSeconds;
  }
}

function retryAfterSeconds(deadlineMs: number): number {
  return Math.max(1, Math.ceil(deadlineMs / 1000));
}

export interface Admitted {
  /** Time spent waiting for the slot (to subtract from the search deadline). */
  waitedMs: number;
  release(): void;
}

interface Waiter {
  client: string;
  enqueuedAt: number;
  resolve(admitted: Admitted): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  cleanup(): void;
}

export class AdmissionControl {
  private running = 0;
  private queued = 0;
  private readonly runningBy = new Map<string, number>();
  /** Waiting searches per client; Map order is the round-robin order. */
  private readonly waiting = new Map<string, Waiter[]>();
  /** Moving average of how long a search holds its slot, ms (0 = none finished yet). */
  private meanRunMs = 0;
  /** Refusals since start, by reason (metrics). */
  readonly refused: Record<Refusal['reason'], number> = { 'queue-full': 0, 'client-busy': 0, deadline: 0 };
  /** When the last STORM_REFUSALS refusals were made, a ring: refusalAt is the oldest, written next. */
  private readonly lastRefusals = new Float64Array(STORM_REFUSALS).fill(-Infinity);
  private refusalAt = 0;
  /** Until when the burst under way counts as going on (0: none). */
  private burstUntil = 0;

  constructor(
    readonly settings: AdmissionSettings,
    private readonly now: () => number = () => performance.now(),
    /** Load-adaptive bound under maxInFlight (loop-load.ts); absent = maxInFlight alone. */
    private readonly limit?: LoopLimit,
  ) {
    limit?.onRaise(() => this.dispatch());
  }

  get stats(): { running: number; queued: number; limit: number } {
    return { running: this.running, queued: this.queued, limit: this.capacity() };
  }

  private capacity(): number {
    return Math.min(this.settings.maxInFlight, this.limit?.current ?? Infinity);
  }

  /**
   * A slot for one search of `client` with `deadlineMs` to run; resolves when it may start,
   * rejects with AdmissionRejected (or the signal's reason when the client leaves first).
   */
  acquire(client: string, deadlineMs: number, signal?: AbortSignal): Promise<Admitted> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // After every dispatch either all slots are taken or every waiter's client is at its cap,
    // so a free slot taken directly here jumps no one who could have had it.
    if (this.hasSlotFor(client)) return Promise.resolve(this.start(client, 0));
    const refusal = this.refuseAtOnce(client, deadlineMs);
    if (refusal) return Promise.reject(new AdmissionRejected(refusal));
    const retryAfter = retryAfterSeconds(deadlineMs);
    const waitBudget = this.waitBudget(deadlineMs);
    return new Promise<Admitted>((resolve, reject) => {
      const waiter: Waiter = {
        client,
        enqueuedAt: this.now(),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.dequeue(waiter);
          this.refused.deadline += 1;
          reject(new AdmissionRejected({ reason: 'deadline', message: `no search slot became free within ${waitBudget} ms`, retryAfterSeconds: retryAfter }));
        }, waitBudget),
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = () => {
        this.dequeue(waiter);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted while waiting for a search slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const list = this.waiting.get(client);
      if (list) list.push(waiter);
      else this.waiting.set(client, [waiter]);
      this.queued += 1;
      this.dispatch();
    });
  }

  /**
   * The refusal acquire() would give a fresh search of `client` right now, counted as refused;
   * undefined when it would start or queue it. Synchronous and allocation-light, so a front end
   * can answer a burst's refusals before building anything for the request (fast-refusal.ts).
   */
  refuseAtOnce(client: string, deadlineMs: number): Refusal | undefined {
    if (this.hasSlotFor(client)) return undefined;
    const refusal = this.refusalFor(client, deadlineMs);
    if (refusal) {
      this.refused[refusal.reason] += 1;
      const at = this.now();
      this.lastRefusals[this.refusalAt] = at;
      this.refusalAt = (this.refusalAt + 1) % STORM_REFUSALS;
      // The oldest of the last STORM_REFUSALS refusals is now the slot to be written next.
      const burstBegins = at - this.lastRefusals[this.refusalAt]! <= STORM_WINDOW_MS;
      if (burstBegins || at < this.burstUntil) this.burstUntil = at + STORM_QUIET_MS;
    }
    return refusal;
  }

  /**
   * Whether a burst of searches is being refused at once right now. Each refusal costs the one
   * JavaScript thread little, but a burst's admitted searches (their libraries started, their
   * answers decoded and merged) compete with it for the same thread: their fan-outs hold their
   * library starts while this says so (fanout.ts holdStarts), so the refusals go out first.
   */
  refusingBurst(): boolean {
    return this.now() < this.burstUntil;
  }

  /**
   * Whether refuseAtOnce could refuse anyone right now: no free slot, or some client at its cap.
   * No client, no query: a front end asks this before parsing or signing in a request, so a gateway
   * that is not busy does none of that twice (its app does it anyway).
   */
  mightRefuse(): boolean {
    if (this.running >= this.capacity()) return true;
    for (const running of this.runningBy.values()) if (running >= this.settings.perClient) return true;
    return false;
  }

  private hasSlotFor(client: string): boolean {
    return this.running < this.capacity() && (this.runningBy.get(client) ?? 0) < this.settings.perClient;
  }

  private waitBudget(deadlineMs: number): number {
    return Math.min(deadlineMs - this.settings.minRunMs, this.settings.maxWaitMs ?? Infinity);
  }

  /** Why a search that finds no free slot cannot wait for one; undefined = it may queue. */
  private refusalFor(client: string, deadlineMs: number): Refusal | undefined {
    const retryAfter = retryAfterSeconds(deadlineMs);
    const mine = this.runningBy.get(client) ?? 0;
    const mineWaiting = this.waiting.get(client)?.length ?? 0;
    if (this.queued >= this.settings.maxQueue) {
      return { reason: 'queue-full', message: `the gateway is busy: ${this.running} searches running and ${this.queued} waiting`, retryAfterSeconds: retryAfter };
    }
    if (mine + mineWaiting >= this.settings.perClient * 2) {
      return { reason: 'client-busy', message: `this client already has ${mine} searches running and ${mineWaiting} waiting`, retryAfterSeconds: retryAfter };
    }
    const waitBudget = this.waitBudget(deadlineMs);
    if (waitBudget <= 0) {
      return { reason: 'deadline', message: 'no search slot is free and the deadline leaves no time to wait', retryAfterSeconds: retryAfter };
    }
    // Refuse now what would be refused later anyway: a 503 helps a client only while it is immediate.
    const expectedWaitMs = ((this.queued + 1) * this.meanRunMs) / Math.max(1, this.capacity());
    if (expectedWaitMs > waitBudget) {
      return { reason: 'deadline', message: `the gateway is busy: a slot is expected in ${Math.round(expectedWaitMs)} ms, later than this search could start`, retryAfterSeconds: retryAfter };
    }
    return undefined;
  }

  private start(client: string, waitedMs: number): Admitted {
    const startedAt = this.now();
    this.running += 1;
    this.runningBy.set(client, (this.runningBy.get(client) ?? 0) + 1);
    let released = false;
    return {
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        const ranMs = this.now() - startedAt;
        this.meanRunMs = this.meanRunMs === 0 ? ranMs : this.meanRunMs * 0.8 + ranMs * 0.2;
        this.running -= 1;
        const left = (this.runningBy.get(client) ?? 1) - 1;
        if (left === 0) this.runningBy.delete(client);
        else this.runningBy.set(client, left);
        this.dispatch();
      },
    };
  }

  private dequeue(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    waiter.cleanup();
    const list = this.waiting.get(waiter.client);
    const at = list?.indexOf(waiter) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    this.queued -= 1;
    if (list.length === 0) this.waiting.delete(waiter.client);
  }

  /** Starts waiting searches while slots are free: one per client in turn. */
  private dispatch(): void {
    let progressed = true;
    while (this.running < this.capacity() && this.queued > 0 && progressed) {
      progressed = false;
      for (const [client, list] of [...this.waiting]) {
        if (this.running >= this.capacity()) break;
        if ((this.runningBy.get(client) ?? 0) >= this.settings.perClient) continue;
        const waiter = list[0];
        if (!waiter) continue;
        this.dequeue(waiter);
        // Round-robin: a client served goes to the back of the order.
        const rest = this.waiting.get(client);
        if (rest) {
          this.waiting.delete(client);
          this.waiting.set(client, rest);
        }
        waiter.resolve(this.start(client, this.now() - waiter.enqueuedAt));
        progressed = true;
      }
    }
  }
}
