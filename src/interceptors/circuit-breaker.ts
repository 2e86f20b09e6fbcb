/**
 * A circuit breaker per library: after `failures` consecutive transport failures or timeouts
 * the breaker opens and the library is not asked (its status says since when, how many failures
 * and when it is retried); a background half-open probe closes it once the library answers
 * within the time a search would wait for it (records or a diagnostic, asked live, not from a
 * cache), or keeps it open with a doubled cooldown (up to `maxCooldownMs`): an answer after that
 * time, or a cut at its learned timeout, is a library that still does not answer in time. State
 * lives in the health store, so with Redis every instance skips the same library and one of
 * them probes it.
 * Outermost in the chain, so it sees timeouts of the library's own budget and of the gateway.
 */
import type { SearchRequest, SearchResult } from '../adapter-api/contract.ts';
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';
import { abortPromise, timeoutSignal } from '../fanout/abort.ts';
import type { QueryNode } from '../query/model.ts';
import type { BreakerRecord, HealthStorage } from '../stores/health.ts';
import { unavailableNotice } from './breaker-notice.ts';
import { withSearch, type Interceptor } from './interceptor.ts';
import { failureKind } from './transport-failure.ts';

export interface BreakerSettings {
  /** Consecutive transport failures or timeouts that open the breaker. */
  failures: number;
  /** First wait before the half-open probe. */
  cooldownMs: number;
  /** Longest wait while probes keep failing (the cooldown doubles). */
  maxCooldownMs: number;
  /** Budget of one probe search. */
  probeTimeoutMs: number;
}

export interface BreakerOptions extends BreakerSettings {
  library: string;
  store: Pick<HealthStorage, 'breaker' | 'putBreaker' | 'claimProbe'>;
  /**
   * The longest a search waits for this library (its timeoutMs, else the gateway deadline): a
   * probe gets no longer, whatever probeTimeoutMs says, since a later answer helps no search.
   */
  answerWithinMs?: number;
  /** The cheap search a probe sends (count 0: only "do you answer"). */
  probeQuery?: QueryNode;
  /** Where the gateway finds this breaker's "retry now" and state. */
  controls?: Map<string, BreakerControl>;
  /** Told of every state change (metrics, logs). */
  onChange?: (library: string, record: BreakerRecord) => void;
  now?: () => number;
}

export interface BreakerControl {
  /** Probes the library now (a librarian's "retry now"), whatever the cooldown; resolves with the new state. */
  retryNow(): Promise<BreakerRecord>;
  state(): Promise<BreakerRecord>;
}

const CLOSED: BreakerRecord = { state: 'closed', failures: 0 };
const DEFAULT_PROBE: QueryNode = { kind: 'term', field: 'keyword', value: 'library', mode: 'words' };

export function circuitBreaker(options: BreakerOptions): Interceptor {
  return (next) => {
    const now = options.now ?? Date.now;
    const { library, store } = options;
    let timer: NodeJS.Timeout | undefined;
    let closed = false;

    // A store that cannot be read counts as closed: a lost Redis never stops searches.
    const read = async (): Promise<BreakerRecord> => (await store.breaker(library).catch(() => undefined)) ?? CLOSED;
    const write = async (record: BreakerRecord): Promise<void> => {
      await store.putBreaker(library, record).catch(() => undefined);
      options.onChange?.(library, record);
    };

    const schedule = (record: BreakerRecord) => {
      if (closed || timer || !record.retryAt) return;
      timer = setTimeout(() => {
        timer = undefined;
        void probe(false);
      }, Math.max(0, Date.parse(record.retryAt) - now()));
      timer.unref?.();
    };

    const open = async (previous: BreakerRecord, reason: string, failures: number): Promise<BreakerRecord> => {
      const cooldownMs = previous.state === 'closed' ? options.cooldownMs : Math.min(options.maxCooldownMs, (previous.cooldownMs ?? options.cooldownMs) * 2);
      const at = now();
      const record: BreakerRecord = { state: 'open', failures, since: previous.state === 'closed' ? new Date(at).toISOString() : (previous.since ?? new Date(at).toISOString()), retryAt: new Date(at + cooldownMs).toISOString(), cooldownMs, lastError: reason };
      await write(record);
      schedule(record);
      return record;
    };

    const probe = async (forced: boolean): Promise<BreakerRecord> => {
      const before = await read();
      if (before.state === 'closed') return before;
      if (!(await store.claimProbe(library, options.probeTimeoutMs + 1000).catch(() => true)) && !forced) {
        // Another instance probes; look again when its probe must have ended.
        schedule({ ...before, retryAt: new Date(now() + options.probeTimeoutMs + 1000).toISOString() });
        return before;
      }
      await write({ ...before, state: 'half-open' });
      const probeMs = Math.min(options.probeTimeoutMs, options.answerWithinMs ?? Infinity);
      const budget = timeoutSignal(probeMs, 'library-timeout', `probe not answered within ${probeMs} ms${probeMs < options.probeTimeoutMs ? " (the library's timeout)" : ''}`);
      try {
        // fresh: a cache below must not answer for the library.
        await race(next.search({ query: options.probeQuery ?? DEFAULT_PROBE, start: 1, count: 0, signal: budget.signal, fresh: true }), budget.signal);
        const record = CLOSED;
        await write(record);
        return record;
      } catch (error) {
        if (failureKind(error, budget.signal) === 'answered') {
          // It answered in time (a diagnostic is an answer): the library is there.
          await write(CLOSED);
          return CLOSED;
        }
        // Down, too late (past its budget or its learned timeout), or not asked at all: still open.
        return open(before, messageOf(error, budget.signal), before.failures + 1);
      } finally {
        budget.clear();
      }
    };

    if (options.controls) options.controls.set(library, { retryNow: () => probe(true), state: read });

    const search = async (request: SearchRequest): Promise<SearchResult> => {
      const readStarted = performance.now();
      const record = await read();
      request.onStoreWait?.(performance.now() - readStarted);
      if (record.state !== 'closed' && record.since && record.retryAt) {
        schedule(record);
        const notice = unavailableNotice(record.since, record.failures, record.retryAt);
        throw new TargetError(gatewayDiagnostic('unavailable', notice.en, record.lastError), 'skipped', { skip: notice });
      }
      try {
        const result = await race(next.search(request), request.signal);
        if (record.failures > 0) await write(CLOSED);
        return result;
      } catch (error) {
        const kind = failureKind(error, request.signal);
        if (kind === 'transport') {
          // Read again: other searches (or instances) may have counted failures meanwhile.
          const current = await read();
          if (current.state === 'closed') {
            const failures = current.failures + 1;
            if (failures >= options.failures) await open(current, messageOf(error, request.signal), failures);
            else await write({ state: 'closed', failures });
          }
        } else if (kind === 'answered' && record.failures > 0) await write(CLOSED);
        throw error;
      }
    };

    const wrapped = withSearch(next, search);
    return {
      ...wrapped,
      close: async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        options.controls?.delete(library);
        await next.close();
      },
    };
  };
}

/** Settles with the search, or as soon as the signal aborts (an adapter ignoring its signal still counts as failed). */
async function race<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = abortPromise(signal);
  try {
    return await Promise.race([work, aborted.promise]);
  } finally {
    aborted.dispose();
  }
}

function messageOf(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  return error instanceof Error ? error.message : String(error);
}
