/**
 * Typed CQL failures. Each carries the SRU diagnostic number so the SRU server
 * endpoint can answer with `info:srw/diagnostic/1/N` and the SRU client can log
 * exactly what a target would have said, instead of a flattened message.
 */
import type { Diagnostic } from '../../diagnostics.ts';

/** The SRU diagnostics (info:srw/diagnostic/1/N) this module raises. */
export const SRU_DIAGNOSTIC = {
  unsupportedParameterValue: 6,
  querySyntaxError: 10,
  tooManyCharacters: 12,
  invalidParentheses: 13,
  unbalancedQuotes: 14,
  unsupportedContextSet: 15,
  unsupportedIndex: 16,
  unsupportedRelation: 19,
  unsupportedRelationModifier: 20,
  emptyTerm: 27,
  maskingCharNotSupported: 28,
  maskedWordsTooShort: 29,
  anchoringCharNotSupported: 31,
  invalidTermFormat: 36,
  unsupportedBoolean: 37,
  tooManyBooleans: 38,
  unsupportedBooleanModifier: 46,
  queryFeatureUnsupported: 48,
} as const;

export type SruDiagnosticNumber = (typeof SRU_DIAGNOSTIC)[keyof typeof SRU_DIAGNOSTIC];

const SRU_DIAGNOSTIC_URI_PREFIX = 'info:srw/diagnostic/1/';

export abstract class CqlError extends Error {
  /** SRU diagnostic number (the N of info:srw/diagnostic/1/N). */
  readonly diagnostic: SruDiagnosticNumber;
  /** The SRU `details` value: offending index, relation, modifier or term. */
  readonly details: string | undefined;

  protected constructor(diagnostic: SruDiagnosticNumber, message: string, details?: string) {
    super(message);
    this.diagnostic = diagnostic;
    this.details = details;
  }

  get uri(): string {
    return `${SRU_DIAGNOSTIC_URI_PREFIX}${this.diagnostic}`;
  }

  /** The gateway's structured diagnostic, ready to travel to the user unflattened. */
  toDiagnostic(): Diagnostic {
    const base: Diagnostic = { source: 'srw', code: String(this.diagnostic), uri: this.uri, message: this.message };
    return this.details === undefined ? base : { ...base, addinfo: this.details };
  }
}

/** The query text is not CQL. `position` is the UTF-16 offset in the query string. */
export class CqlSyntaxError extends CqlError {
  readonly position: number;

  constructor(diagnostic: SruDiagnosticNumber, message: string, position: number, details?: string) {
    super(diagnostic, `${message} (at position ${position})`, details);
    this.name = 'CqlSyntaxError';
    this.position = position;
  }
}

/** Valid CQL that the gateway's query model (or its configuration) cannot express. */
export class CqlUnsupportedError extends CqlError {
  constructor(diagnostic: SruDiagnosticNumber, message: string, details?: string) {
    super(diagnostic, message, details);
    this.name = 'CqlUnsupportedError';
  }
}

/** A query past one of the parser's limits (limits.ts): length, nesting or number of clauses. */
export class CqlLimitError extends CqlError {
  /** Which limit, as named in limits.ts. */
  readonly limit: string;

  constructor(diagnostic: SruDiagnosticNumber, limit: string, message: string, details?: string) {
    super(diagnostic, message, details);
    this.name = 'CqlLimitError';
    this.limit = limit;
  }
}
