import { DeadlineError } from '../fanout/abort.ts';

/**
 * Aborts when the client goes away before the answer was written, so an abandoned search
 * (JSON, SSE, SRU) or submission stops its I/O. Takes any Node response.
 */
export function clientSignal(res: { on(event: 'close', listener: () => void): unknown; readonly writableFinished: boolean }, what = 'client'): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new DeadlineError('cancelled', `${what} closed the connection`));
  });
  return controller.signal;
}
