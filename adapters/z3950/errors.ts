/**
 * Gateway diagnostics of the Z39.50 adapter: one code per failure kind, so the fan-out
 * and the UI can tell a slow target from a broken one.
 */
import { TargetError, gatewayDiagnostic } from '../../src/diagnostics.ts';

export type Phase = 'connect' | 'init' | 'search' | 'present' | 'close';

export type ZErrorCode =
  | 'connect-timeout'
  | 'init-timeout'
  | 'search-timeout'
  | 'present-timeout'
  | 'close-timeout'
  | 'connect-failed'
  | 'peer-dropped'
  | 'peer-closed'
  | 'protocol-error'
  | 'pdu-too-large'
  | 'init-rejected'
  | 'aborted'
  | 'pool-closed'
  | 'query-charset'
  | 'query-empty';

export function zError(code: ZErrorCode, message: string, options: { state?: 'error' | 'timeout'; addinfo?: string; cause?: unknown } = {}): TargetError {
  return new TargetError(gatewayDiagnostic(code, message, options.addinfo), options.state ?? 'error', { cause: options.cause });
}

export function timeoutError(phase: Phase, ms: number, target: string): TargetError {
  return zError(`${phase}-timeout`, `${target}: no ${phase === 'connect' ? 'connection' : `${phase} response`} within ${ms} ms`, { state: 'timeout' });
}

/** An aborted search: a deadline (TimeoutError reason) counts as a timeout, anything else as an error. */
export function abortError(signal: AbortSignal, target: string): TargetError {
  const reason: unknown = signal.reason;
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  return zError('aborted', `${target}: search aborted${reason instanceof Error ? ` (${reason.message})` : ''}`, {
    state: isTimeout ? 'timeout' : 'error',
    cause: reason,
  });
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof TargetError ? err.diagnostic.code : undefined;
}
