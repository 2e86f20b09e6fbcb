/**
 * A library's own budget for one search (all phases); the gateway deadline still caps it.
 * The budget is fixed, or chosen per search (the adaptive timeout: learned from the library's
 * recent answers), in which case the timeout's message says how it was learned. A learned
 * budget counts the library's own time, as its samples do: the gateway's loop stalls meanwhile
 * are added to the wait (src/fanout/loop-stall.ts), so a busy gateway does not cut a library
 * at a budget learned from times that leave the stalls out.
 */
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';
import { DeadlineError, abortPromise, afterPendingIo, linkedSignal } from '../fanout/abort.ts';
import { afterOwnTime, type LoopStall } from '../fanout/loop-stall.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

export interface Budget {
  ms: number;
  /** How the budget was chosen, when it was learned ("3 × p95 140 ms"). */
  learned?: string;
}

/** `budget` may return undefined: no budget of its own this time (the gateway deadline alone). `loop`: learned budgets leave its stalls out. */
export function timeout(budget: number | (() => Budget | undefined), loop?: LoopStall): Interceptor {
  return (next) =>
    withSearch(next, async (request) => {
      const chosen = typeof budget === 'number' ? { ms: budget } : budget();
      if (!chosen) return next.search(request);
      const { ms, learned } = chosen;
      const message = learned ? `no answer within ${ms} ms (learned timeout: ${learned})` : `no answer within ${ms} ms`;
      // One signal: the caller's, or this budget's own timer, whichever comes first.
      const linked = linkedSignal([request.signal]);
      let ran = false;
      const expire = () => {
        ran = true;
        linked.abort(new DeadlineError('library-timeout', message));
      };
      const timer = learned && loop ? afterOwnTime(ms, loop, expire) : afterPendingIo(ms, expire);
      const { signal } = linked;
      // An adapter that ignores its signal still cannot hold the library past its budget.
      const aborted = abortPromise(signal);
      try {
        return await Promise.race([next.search({ ...request, signal }), aborted.promise]);
      } catch (error) {
        if (ran && !request.signal.aborted) throw new TargetError(gatewayDiagnostic('timeout', message, learned ? 'adaptive' : undefined), 'timeout', { cause: error });
        throw error;
      } finally {
        aborted.dispose();
        linked.dispose();
        timer.clear();
      }
    });
}
