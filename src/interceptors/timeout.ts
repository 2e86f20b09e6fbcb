/** A library's own budget for one search (all phases); the gateway deadline still caps it. */
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';
import { abortPromise, timeoutSignal } from '../fanout/abort.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

export function timeout(ms: number): Interceptor {
  return (next) =>
    withSearch(next, async (request) => {
      const own = timeoutSignal(ms, 'library-timeout', `no answer within ${ms} ms`);
      const signal = AbortSignal.any([request.signal, own.signal]);
      // An adapter that ignores its signal still cannot hold the library past its budget.
      const aborted = abortPromise(signal);
      try {
        return await Promise.race([next.search({ ...request, signal }), aborted.promise]);
      } catch (error) {
        if (own.signal.aborted && !request.signal.aborted) throw new TargetError(gatewayDiagnostic('timeout', `no answer within ${ms} ms`), 'timeout', { cause: error });
        throw error;
      } finally {
        aborted.dispose();
        own.clear();
      }
    });
}
