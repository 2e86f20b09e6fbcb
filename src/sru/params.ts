/**
 * Request parameters: GET query string and POST form body merged, the operation decided
 * (SRU 2.0 rule, applied to every version as YAZ does: `query` → searchRetrieve,
 * `scanClause` → scan, otherwise explain), and each parameter checked against what the
 * operation defines in the negotiated version (anything else is diagnostic 8).
 */
import { diagnostic, SruDiagnosticError } from './diagnostics.ts';
import type { SruDiagnosticOut, SruVersion } from './write.ts';

export type SruOperation = 'explain' | 'searchRetrieve' | 'scan';

export class SruParams {
  private readonly values = new Map<string, string>();
  /** Parameters given more than once (ambiguous: answered with diagnostic 6). */
  readonly repeated: string[] = [];

  constructor(pairs: Iterable<[string, string]>) {
    for (const [name, value] of pairs) {
      if (this.values.has(name)) {
        if (!this.repeated.includes(name)) this.repeated.push(name);
      } else {
        this.values.set(name, value);
      }
    }
  }

  /** The value, or undefined when absent; an empty value counts as absent (form fields left blank). */
  get(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /** Like get, but an empty value is kept (`query=` is an empty query, not a missing one). */
  raw(name: string): string | undefined {
    return this.values.get(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }
}

export function decideOperation(params: SruParams): string {
  const named = params.get('operation');
  if (named !== undefined) return named;
  if (params.raw('query') !== undefined) return 'searchRetrieve';
  if (params.raw('scanClause') !== undefined) return 'scan';
  return 'explain';
}

export function isOperation(name: string): name is SruOperation {
  return name === 'explain' || name === 'searchRetrieve' || name === 'scan';
}

const COMMON = ['operation', 'version', 'stylesheet'];

/** Parameters each operation defines, per version (LoC 1.1/1.2 tables, OASIS SRU 2.0). */
const DEFINED: Record<SruOperation, Record<'all' | SruVersion, readonly string[]>> = {
  explain: { all: ['recordPacking'], '1.1': ['extraRequestData'], '1.2': ['extraRequestData'], '2.0': ['recordXMLEscaping', 'httpAccept'] },
  searchRetrieve: {
    all: ['query', 'startRecord', 'maximumRecords', 'recordPacking', 'recordSchema', 'resultSetTTL'],
    '1.1': ['sortKeys', 'extraRequestData'],
    '1.2': ['extraRequestData'],
    '2.0': ['queryType', 'recordXMLEscaping', 'sortKeys', 'renderedBy', 'httpAccept', 'responseType'],
  },
  scan: { all: ['scanClause', 'responsePosition', 'maximumTerms'], '1.1': ['extraRequestData'], '1.2': ['extraRequestData'], '2.0': ['httpAccept'] },
};

/**
 * Diagnostic 8 for each parameter the operation does not define in this version.
 * `x-` extension parameters are ignored, as the standard asks of servers that do not know them.
 */
export function unsupportedParameters(params: SruParams, operation: SruOperation, version: SruVersion): SruDiagnosticOut[] {
  const defined = new Set([...COMMON, ...DEFINED[operation].all, ...DEFINED[operation][version]]);
  return params
    .names()
    .filter((name) => !defined.has(name) && !name.startsWith('x-'))
    .map((name) => diagnostic(8, name, `Unsupported parameter "${name}" for ${operation} in SRU ${version}`));
}

/** A non-negative (or positive) integer parameter; diagnostic 6 naming it otherwise. */
export function integerParam(params: SruParams, name: string, fallback: number, min: number): number {
  const text = params.get(name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < min) {
    throw new SruDiagnosticError(6, name, `Unsupported parameter value: ${name} must be an integer of at least ${min} (got "${text}")`);
  }
  return Number(text);
}

/** Echo of the parameters the client sent, in the order the response schema lists them. */
export function echo(params: SruParams, order: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of order) {
    const value = params.raw(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
