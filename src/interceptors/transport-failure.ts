/**
 * Which failures say "the library is not there" (and count towards opening its breaker), and
 * which say "the library answered" (a Bib-1 or SRU diagnostic, an HTTP 4xx: it is up). A client
 * going away or the gateway ending a search early says nothing about the library.
 */
import { TargetError } from '../diagnostics.ts';
import { DeadlineError } from '../fanout/abort.ts';

/** Gateway codes of the adapters that mean the connection itself failed. */
const TRANSPORT_CODES = new Set(['connect-failed', 'peer-dropped', 'peer-closed', 'network']);

export type FailureKind = 'transport' | 'answered' | 'neutral';

export function failureKind(error: unknown, signal: AbortSignal): FailureKind {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    // The gateway's deadline or the library's own budget ran out: it did not answer in time.
    if (reason instanceof DeadlineError) return reason.kind === 'deadline' || reason.kind === 'library-timeout' ? 'transport' : 'neutral';
    return 'neutral';
  }
  if (!(error instanceof TargetError)) return 'neutral';
  if (error.state === 'skipped') return 'neutral';
  // Cut at its learned timeout: slower than usual, not down (an overloaded gateway must not open
  // every breaker). A library that stops answering loses its learned window and is judged by its
  // configured budget again once too few answers remain in it.
  if (error.state === 'timeout' && error.diagnostic.addinfo === 'adaptive') return 'neutral';
  if (error.state === 'timeout') return 'transport';
  const { source, code } = error.diagnostic;
  if (source === 'http') {
    const status = Number(code);
    if (!Number.isInteger(status)) return 'transport';
    // A 503/429 with Retry-After is the library asking us to wait, not a library that is down.
    return status >= 500 && error.retryAfterSeconds === undefined ? 'transport' : 'answered';
  }
  if (source === 'gateway') return TRANSPORT_CODES.has(code) ? 'transport' : 'neutral';
  return 'answered';
}
