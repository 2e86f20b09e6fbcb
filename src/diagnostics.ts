/**
 * Structured diagnostics that travel from a target to the user unflattened:
 * the SRU URI, the Bib-1 code and the library are kept, never squashed into a string.
 */

type DiagnosticSource = 'bib1' | 'srw' | 'http' | 'gateway' | 'record';

export interface Diagnostic {
  source: DiagnosticSource;
  /** Protocol code: bib-1 / SRU diagnostic number, HTTP status, or a gateway code such as 'timeout'. */
  code: string;
  /** SRU diagnostic URI (info:srw/diagnostic/1/N) when the target sent one. */
  uri?: string;
  message: string;
  addinfo?: string;
  /** Id of the library it came from; filled in by the fan-out when missing. */
  library?: string;
}

/** Terminal state of one target in one search. */
export type TargetState = 'ok' | 'timeout' | 'error' | 'suspended' | 'skipped';

/**
 * Thrown inside an adapter (never across the fan-out: the fan-out turns it into
 * a per-library status). `state` lets an adapter say "this was a timeout".
 */
export class TargetError extends Error {
  readonly diagnostic: Diagnostic;
  /** skipped: the gateway chose not to ask (breaker open, index unsupported); `skip` says why. */
  readonly state: 'error' | 'timeout' | 'skipped';
  readonly skip: SkipNotice | undefined;
  /** The target said when to ask again (HTTP Retry-After): read by the retry-after interceptor. */
  readonly retryAfterSeconds: number | undefined;

  constructor(diagnostic: Diagnostic, state: 'error' | 'timeout' | 'skipped' = 'error', options?: { cause?: unknown; retryAfterSeconds?: number; skip?: SkipNotice }) {
    super(diagnostic.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TargetError';
    this.diagnostic = diagnostic;
    this.state = state;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.skip = options?.skip;
  }
}

/**
 * Why a library was not asked although selected, shown as its status (never a silent 0):
 * its breaker is open ("unavailable since 10:05 (3 failures), retrying at 10:07"), or the
 * search uses an index the library lacks ("unsupported: isbn").
 */
export type SkipNotice =
  | { code: 'unavailable'; since: string; failures: number; retryAt: string; zh: string; en: string }
  | { code: 'unsupported'; indexes: string[]; zh: string; en: string };

export function gatewayDiagnostic(code: string, message: string, addinfo?: string): Diagnostic {
  return addinfo === undefined ? { source: 'gateway', code, message } : { source: 'gateway', code, message, addinfo };
}
