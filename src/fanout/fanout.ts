/**
 * Sends one query to the selected libraries concurrently and settles every one of them:
 * each library ends as a status value (never an exception), and no target can hold the
 * answer past the overall deadline. Aborting the signal really cancels adapters' I/O.
 * A library's own budget, cache, rate limit and retries are wrappers around its adapter
 * (src/interceptors), not cases here.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { SearchRequest, SearchResult, TargetAdapter } from '../adapter-api/contract.ts';
import { CpuSlices } from '../adapter-api/cpu-turns.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { TargetError, gatewayDiagnostic, type Diagnostic } from '../diagnostics.ts';
import type { QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';
import { DeadlineError, abortPromise, abortableSleep, afterPendingIo, linkedSignal } from './abort.ts';
import { NO_STALL, afterOwnTime, type LoopStall } from './loop-stall.ts';
import type { LibraryProgress } from './progress.ts';
import { recordCapNotice, type LibraryStatus } from './status.ts';

export interface FanoutRequest {
  query: QueryNode;
  libraries: LibraryConfig[];
  adapters: ReadonlyMap<string, TargetAdapter>;
  deadlineMs: number;
  concurrency: number;
  recordsPerLibrary: number;
  /** The caller's cancellation (client went away, "stop waiting"). */
  signal?: AbortSignal;
  /** Passed on to each adapter (SearchRequest.requestId). */
  requestId?: string;
  /** Passed on to each adapter's wrappers (SearchRequest.onStoreWait). */
  onStoreWait?: (ms: number) => void;
  /** Called once per library as soon as it settles, in settle order. */
  onLibrary?: (status: LibraryStatus, records: BibRecord[]) => void;
  /** Every state change of every library (queued … fetching n/N … done/failed). */
  onProgress?: (progress: LibraryProgress) => void;
  now?: () => number;
  /**
   * When a library counts as late (ms of its own time, see src/gateway/latency.ts earlyEndAfter),
   * when it has learned enough: once every library still searching is late and some library has
   * answered, the search ends early instead of waiting out the deadline (the stragglers' status
   * says why).
   */
  lateAfter?: (library: string) => { ms: number; rule: string } | undefined;
  /**
   * A library's learned typical answer time (ms), when known: with every library starting at
   * once, it orders the starts (startOrder). Absent: configuration order.
   */
  expectedMs?: (library: string) => number | undefined;
  /**
   * The gateway's own loop stall (loop-stall.ts): not counted in a library's time, and no early
   * end while the loop is behind. Absent: wall time alone.
   */
  loop?: LoopStall;
  /**
   * Whether the gateway is refusing a burst of searches right now (admission.ts refusingBurst):
   * the library starts wait meanwhile, so the burst's refusals go out before this search's work
   * (its starts, and the answers they bring back) competes with them for the one thread. At most
   * maxStartHold(deadlineMs) of the search's time; then it starts whatever the burst is doing.
   */
  holdStarts?: () => boolean;
}

/** How often held starts look again whether the burst of refusals is over. */
const START_HOLD_POLL_MS = 25;

/**
 * The longest a search's starts wait for a burst of refusals to end: a quarter of its deadline,
 * and 2 s (1,000 refusals take a bare node:http server 0.3–0.9 s on two cores).
 */
export function maxStartHold(deadlineMs: number): number {
  return Math.min(2000, deadlineMs / 4);
}

export interface FanoutResult {
  statuses: LibraryStatus[];
  records: BibRecord[];
  elapsedMs: number;
  /** Of elapsedMs, how long the starts waited for a burst of refusals to end (holdStarts); 0 mostly. */
  heldMs: number;
}

/** How soon an early end put off by a loop that is behind is looked at again. */
const BEHIND_RETRY_MS = 20;

export async function fanOut(request: FanoutRequest): Promise<FanoutResult> {
  const now = request.now ?? (() => performance.now());
  const started = now();
  // One signal for the caller's cancellation, the deadline and an early end, whichever comes first.
  const linked = linkedSignal(request.signal ? [request.signal] : []);
  const overall = linked.signal;
  const deadline = afterPendingIo(request.deadlineMs, () => linked.abort(new DeadlineError('deadline', `gateway deadline of ${request.deadlineMs} ms passed`)));
  // Every library listens on the overall signal (queue wait, its own search, its breaker): many listeners are expected.
  setMaxListeners(Math.max(10, request.libraries.length * 4 + 10), overall);
  // Only a bound some library may wait for is worth a limiter (a search of one library, or of every library at once, has none).
  const limit = request.libraries.length > request.concurrency ? pLimit(request.concurrency) : undefined;
  const byLibrary = new Map<string, { status: LibraryStatus; records: BibRecord[] }>();
  const pending = new Set(request.libraries.map((l) => l.id));
  const loop = request.loop ?? NO_STALL;
  // Libraries whose own time (the gateway's stall left out) has passed their lateness; it only grows.
  const overdue = new Set<string>();
  const lateRule = new Map<string, string>();
  const earlyTimers: { clear: () => void }[] = [];
  let behindRetry: { clear: () => void } | undefined;
  let answered = false;
  // Ends the search once everything still outstanding is late (see lateAfter).
  const checkEarly = () => {
    if (!answered || overall.aborted || pending.size === 0) return;
    for (const id of pending) if (!overdue.has(id)) return;
    // The gateway is behind: replies may be waiting unread. Look again once it has caught up.
    if (loop.behindMs() > 0) {
      behindRetry?.clear();
      behindRetry = afterPendingIo(BEHIND_RETRY_MS, checkEarly);
      return;
    }
    const late = [...pending].map((id) => `${id} ${lateRule.get(id)}`).join(', ');
    linked.abort(new DeadlineError('early-end', `search ended early: every library still searching was past its learned lateness, not counting the gateway's own stalls (${late})`));
  };
  const watch = (id: string) => {
    const lateAfter = request.lateAfter?.(id);
    if (lateAfter === undefined) return;
    lateRule.set(id, lateAfter.rule);
    earlyTimers.push(
      afterOwnTime(
        lateAfter.ms + 1,
        loop,
        () => {
          overdue.add(id);
          checkEarly();
        },
        now,
      ),
    );
  };

  const ended = new Set<string>();
  const { onProgress } = request;
  const progress = (update: LibraryProgress) => {
    if (!onProgress) return;
    // Nothing after a library ended: a late adapter report must not undo "done".
    if (ended.has(update.library)) return;
    if (update.phase === 'done' || update.phase === 'failed') ended.add(update.library);
    try {
      onProgress(update);
    } catch {
      // A listener failing (e.g. a closed SSE stream) must not change the search.
    }
  };
  const settle = (status: LibraryStatus, records: BibRecord[]) => {
    if (byLibrary.has(status.library)) return;
    progress({ library: status.library, phase: status.state === 'ok' ? 'done' : 'failed' });
    byLibrary.set(status.library, { status, records });
    pending.delete(status.library);
    if (status.state === 'ok') answered = true;
    checkEarly();
    try {
      request.onLibrary?.(status, records);
    } catch {
      // Same as above.
    }
  };

  // Starting a library (its wrappers, its request built and sent) costs about a millisecond of
  // CPU, and all of them start at once: the starts go out a slice at a time (cpu-turns.ts), so
  // a burst's 503s and /healthz are not held behind 30 starts of each admitted search.
  // The starts take the gate one after another, so each looks at the clock after the one before it began.
  const sliceUntil = performance.now() + request.deadlineMs;
  let startSlices = new CpuSlices({ until: sliceUntil });
  const holdUntil = started + maxStartHold(request.deadlineMs);
  let heldMs = 0;
  /** Whether the starts were held (the loop has turned many times meanwhile). */
  const holdWhileRefusing = async (): Promise<boolean> => {
    const { holdStarts } = request;
    const from = now();
    let held = false;
    // An abort ends the hold; the start then settles by the signal as usual.
    while (holdStarts && !overall.aborted && now() < holdUntil && holdStarts()) {
      held = true;
      await abortableSleep(Math.min(START_HOLD_POLL_MS, Math.max(1, holdUntil - now())), overall).catch(() => undefined);
    }
    // The starts take the gate one after another: their holds never overlap.
    if (held) heldMs += now() - from;
    return held;
  };
  let startGate = Promise.resolve();
  const startTurn = (): Promise<void> =>
    (startGate = startGate.then(async () => {
      // After a hold the starts begin a fresh slice.
      if (await holdWhileRefusing()) startSlices = new CpuSlices({ until: sliceUntil });
      if (startSlices.due() && !overall.aborted) await startSlices.next();
    }));

  try {
    await Promise.all(
      startOrder(request).map(async (library) => {
        if (library.service.status === 'suspended') {
          const notice = library.service.notice;
          settle(
            { library: library.id, state: 'suspended', hits: 0, fetched: 0, elapsedMs: 0, warnings: [], diagnostic: withLibrary(gatewayDiagnostic('suspended', notice.en ?? 'library service suspended', notice.zh), library.id) },
            [],
          );
          return;
        }
        const adapter = request.adapters.get(library.id);
        if (!adapter) {
          settle({ library: library.id, state: 'skipped', hits: 0, fetched: 0, elapsedMs: 0, warnings: [], diagnostic: withLibrary(gatewayDiagnostic('no-adapter', 'no adapter is running for this library'), library.id) }, []);
          return;
        }
        progress({ library: library.id, phase: 'queued' });
        let running = false;
        const start = async () => {
          await startTurn();
          running = true;
          watch(library.id);
          progress({ library: library.id, phase: 'connecting' });
          // No listener: the adapter is not told to report (its reports would go nowhere).
          const report = onProgress ? (p: Parameters<NonNullable<SearchRequest['onProgress']>>[0]) => progress({ library: library.id, ...p }) : undefined;
          return searchOne(library, adapter, request, overall, now, report).then((outcome) => {
            // Ended before its concurrency slot is given to the next library.
            progress({ library: library.id, phase: outcome.status.state === 'ok' ? 'done' : 'failed' });
            return outcome;
          });
        };
        if (!limit) {
          // Started at once; searchOne settles by the overall signal whatever the adapter does.
          const outcome = await start();
          settle(outcome.status, outcome.records);
          return;
        }
        // Queued behind the concurrency bound: still settled by the deadline, as "skipped".
        const queued = abortPromise(overall);
        const run = limit(start);
        try {
          const outcome = await Promise.race([run, queued.promise]);
          settle(outcome.status, outcome.records);
        } catch (reason) {
          // In flight when the budget ran out: searchOne settles promptly with the precise status.
          if (running) {
            const outcome = await run;
            settle(outcome.status, outcome.records);
            return;
          }
          settle(
            {
              library: library.id,
              state: isCancel(reason) ? 'skipped' : 'timeout',
              hits: 0,
              fetched: 0,
              elapsedMs: Math.round(now() - started),
              warnings: [],
              diagnostic: withLibrary(
                isCancel(reason) ? gatewayDiagnostic('cancelled', 'search cancelled before this library was queried') : gatewayDiagnostic('deadline', 'not queried before the gateway deadline (concurrency limit)'),
                library.id,
              ),
            },
            [],
          );
        } finally {
          queued.dispose();
        }
      }),
    );
  } finally {
    deadline.clear();
    linked.dispose();
    for (const timer of earlyTimers) timer.clear();
    behindRetry?.clear();
    // Libraries still queued when the deadline passed are already settled: never start them.
    limit?.clearQueue();
  }

  // Report in configuration order, whatever the settle order was.
  const statuses: LibraryStatus[] = [];
  const records: BibRecord[] = [];
  for (const library of request.libraries) {
    const entry = byLibrary.get(library.id);
    if (!entry) continue;
    statuses.push(entry.status);
    records.push(...entry.records);
  }
  return { statuses, records, elapsedMs: Math.round(now() - started), heldMs: Math.round(heldMs) };
}

/**
 * The order the libraries are started in. Starting one costs the gateway a little CPU (request
 * set-up) and its server takes requests in arrival order, so with 32 libraries the last one
 * started leaves a few ms after the first. When everyone starts at once (the concurrency bound
 * is no bound) and answer times are learned: the fastest library first (the first results a
 * reader sees), then the slowest (it decides when the search ends) and on down, libraries not
 * yet learned among the slowest. Otherwise, and under a real bound, configuration order: who
 * waits for a slot stays as configured. Statuses are reported in configuration order anyway.
 */
function startOrder(request: FanoutRequest): LibraryConfig[] {
  const { libraries, expectedMs } = request;
  if (!expectedMs || request.concurrency < libraries.length || libraries.length < 3) return libraries;
  const expected = new Map(libraries.map((l) => [l.id, expectedMs(l.id)]));
  let fastest: LibraryConfig | undefined;
  for (const library of libraries) {
    const ms = expected.get(library.id);
    if (ms !== undefined && (fastest === undefined || ms < (expected.get(fastest.id) as number))) fastest = library;
  }
  if (fastest === undefined) return libraries;
  const slowestFirst = libraries.filter((l) => l !== fastest).sort((a, b) => (expected.get(b.id) ?? Infinity) - (expected.get(a.id) ?? Infinity));
  return [fastest, ...slowestFirst];
}

async function searchOne(
  library: LibraryConfig,
  adapter: TargetAdapter,
  request: FanoutRequest,
  signal: AbortSignal,
  now: () => number,
  onProgress: SearchRequest['onProgress'],
): Promise<{ status: LibraryStatus; records: BibRecord[] }> {
  const started = now();
  const loop = request.loop ?? NO_STALL;
  const stallAtStart = loop.stalledMs();
  const aborted = abortPromise(signal);
  const elapsed = () => Math.round(now() - started);
  // The gateway's own stall while this library searched: said in its status, left out of its learned time.
  const withStall = (status: LibraryStatus): LibraryStatus => {
    const stall = Math.round(loop.stalledMs() - stallAtStart);
    return stall > 0 ? { ...status, gatewayStallMs: Math.min(stall, status.elapsedMs) } : status;
  };
  try {
    if (signal.aborted) throw signal.reason;
    const result: SearchResult = await Promise.race([
      adapter.search({ query: request.query, start: 1, count: request.recordsPerLibrary, signal, ...(onProgress ? { onProgress } : {}), ...(request.requestId === undefined ? {} : { requestId: request.requestId }), ...(request.onStoreWait ? { onStoreWait: request.onStoreWait } : {}) }),
      aborted.promise,
    ]);
    const status: LibraryStatus = {
      library: library.id,
      state: 'ok',
      hits: result.hits,
      fetched: result.records.length,
      elapsedMs: elapsed(),
      warnings: [...result.diagnostics, ...charsetWarning(result.records)].map((d) => withLibrary(d, library.id)),
    };
    // The library had more and the gateway asked for more: say that the library's own cap stopped it.
    if (result.cappedAt !== undefined && status.fetched < Math.min(status.hits, request.recordsPerLibrary)) {
      status.capped = recordCapNotice(status.fetched, status.hits, result.cappedAt);
      status.warnings.push(withLibrary(gatewayDiagnostic('record-cap', status.capped.en, `maxRecords ${result.cappedAt}`), library.id));
    }
    return { status: withStall(status), records: result.records };
  } catch (error) {
    return { status: withStall(failureStatus(library.id, error, elapsed(), signal)), records: [] };
  } finally {
    aborted.dispose();
  }
}

function failureStatus(library: string, error: unknown, elapsedMs: number, signal: AbortSignal): LibraryStatus {
  const base = { library, hits: 0, fetched: 0, elapsedMs, warnings: [] };
  // The abort reason tells which budget ran out, even if the adapter threw its own AbortError.
  const reason = signal.aborted ? signal.reason : undefined;
  if (reason instanceof DeadlineError) {
    const code = reason.kind === 'cancelled' ? 'cancelled' : reason.kind === 'early-end' ? 'early-end' : 'timeout';
    return { ...base, state: reason.kind === 'cancelled' ? 'skipped' : 'timeout', diagnostic: withLibrary(gatewayDiagnostic(code, reason.message), library) };
  }
  if (error instanceof TargetError) return { ...base, state: error.state, diagnostic: withLibrary(error.diagnostic, library), ...(error.skip ? { skip: error.skip } : {}) };
  if (signal.aborted) {
    return { ...base, state: 'skipped', diagnostic: withLibrary(gatewayDiagnostic('cancelled', 'search cancelled by the client'), library) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ...base, state: 'error', diagnostic: withLibrary(gatewayDiagnostic('internal', `adapter failed: ${message}`), library) };
}

/**
 * A library with any record that disagreed with its declared charset is flagged once in its
 * status (each record also carries its own warning), naming the charsets used: its
 * configuration likely names the wrong charset, or the server converts badly. Never silent.
 */
function charsetWarning(records: readonly BibRecord[]): Diagnostic[] {
  const mismatched = records.filter((r) => r.charsetMismatch);
  if (mismatched.length === 0) return [];
  const used = [...new Set(mismatched.map((r) => r.charset ?? '?'))].join(', ');
  return [
    gatewayDiagnostic(
      'charset-mismatch',
      `${mismatched.length} of ${records.length} records were not in the charset they or the configuration declared; decoded as ${used}`,
      used,
    ),
  ];
}

function isCancel(reason: unknown): boolean {
  return !(reason instanceof DeadlineError) || reason.kind === 'cancelled';
}

function withLibrary(diagnostic: Diagnostic, library: string): Diagnostic {
  return diagnostic.library ? diagnostic : { ...diagnostic, library };
}
