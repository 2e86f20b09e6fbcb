/**
 * SRU diagnostics (info:srw/diagnostic/1/N) raised by the gateway's own SRU endpoint.
 * Handlers throw SruDiagnosticError for a fatal problem; the router turns it into the
 * response of the operation at hand, so a bad request never becomes an HTML page or a 500.
 */
import { CqlError } from '../query/cql/errors.ts';
import type { SruDiagnosticOut } from './write.ts';

/** Standard messages (LoC diagnostics list), so every diagnostic carries readable text. */
const DIAGNOSTIC_MESSAGES: Readonly<Record<number, string>> = {
  1: 'General system error',
  2: 'System temporarily unavailable',
  4: 'Unsupported operation',
  5: 'Unsupported version',
  6: 'Unsupported parameter value',
  7: 'Mandatory parameter not supplied',
  8: 'Unsupported parameter',
  10: 'Query syntax error',
  11: 'Unsupported query type',
  13: 'Invalid or unsupported use of parentheses',
  14: 'Invalid or unsupported use of quotes',
  15: 'Unsupported context set',
  16: 'Unsupported index',
  19: 'Unsupported relation',
  20: 'Unsupported relation modifier',
  27: 'Empty term unsupported',
  28: 'Masking character not supported',
  29: 'Masked words too short',
  31: 'Anchoring character not supported',
  36: 'Term in invalid format for index or relation',
  37: 'Unsupported boolean operator',
  46: 'Unsupported boolean modifier',
  48: 'Query feature unsupported',
  51: 'Result set does not exist',
  59: 'Result set created with valid partial results available',
  61: 'First record position out of range',
  63: 'System error in retrieving records',
  64: 'Record temporarily unavailable',
  66: 'Unknown schema for retrieval',
  67: 'Record not available in this schema',
  68: 'Not authorised to send record',
  71: 'Unsupported record packing',
  80: 'Sort not supported',
  110: 'Stylesheets not supported',
  120: 'Response position out of range',
};

export function diagnostic(code: number, details?: string, message?: string): SruDiagnosticOut {
  const out: SruDiagnosticOut = { code, message: message ?? DIAGNOSTIC_MESSAGES[code] ?? `Diagnostic ${code}` };
  if (details !== undefined) out.details = details;
  return out;
}

/** A fatal problem: the operation answers with this diagnostic and no records/terms. */
export class SruDiagnosticError extends Error {
  readonly diagnostic: SruDiagnosticOut;

  constructor(code: number, details?: string, message?: string) {
    const d = diagnostic(code, details, message);
    super(d.message);
    this.name = 'SruDiagnosticError';
    this.diagnostic = d;
  }
}

/** CQL parser/translator errors already carry their SRU number and details. */
export function toSruDiagnostic(error: unknown): SruDiagnosticOut | undefined {
  if (error instanceof SruDiagnosticError) return error.diagnostic;
  if (error instanceof CqlError) return diagnostic(error.diagnostic, error.details ?? undefined, error.message);
  return undefined;
}
