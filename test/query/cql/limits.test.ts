/** The CQL parser's limits: past each one (tested at 10×), a typed CqlLimitError with its SRU diagnostic. */
import { describe, expect, it } from 'vitest';
import { CqlLimitError } from '../../../src/query/cql/errors.ts';
import { CQL_LIMITS } from '../../../src/query/cql/limits.ts';
import { parseCql } from '../../../src/query/cql/parser.ts';
import { parseCqlToQuery } from '../../../src/query/cql/to-query.ts';
import { analyzeQuery } from '../../../src/sru/query.ts';

function limitError(run: () => unknown): CqlLimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof CqlLimitError) return error;
    throw error;
  }
  throw new Error('no limit error');
}

const chain = (n: number, op = 'or') => Array.from({ length: n }, () => 'a').join(` ${op} `);
const nested = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)}`;

describe('CQL limits', () => {
  it('accepts queries at each limit', () => {
    expect(() => parseCql(chain(CQL_LIMITS.MAX_CQL_CLAUSES))).not.toThrow();
    expect(() => parseCql(nested(CQL_LIMITS.MAX_CQL_DEPTH))).not.toThrow();
    expect(() => parseCqlToQuery(chain(CQL_LIMITS.MAX_CQL_CLAUSES, 'or'))).not.toThrow();
    expect(() => parseCql(`title =${'/m'.repeat(CQL_LIMITS.MAX_CQL_MODIFIERS)} a`)).not.toThrow();
  });

  it('rejects 10× the length with diagnostic 12', () => {
    const e = limitError(() => parseCql('a'.repeat(CQL_LIMITS.MAX_CQL_LENGTH * 10)));
    expect([e.diagnostic, e.limit]).toEqual([12, 'MAX_CQL_LENGTH']);
  });

  it('rejects 10× the nesting with diagnostic 13, in the parser, the analysis and to-query', () => {
    const text = nested(CQL_LIMITS.MAX_CQL_DEPTH * 10);
    for (const run of [() => parseCql(text), () => analyzeQuery(text), () => parseCqlToQuery(text)]) {
      const e = limitError(run);
      expect([e.diagnostic, e.limit]).toEqual([13, 'MAX_CQL_DEPTH']);
    }
  });

  it('rejects 10× the clauses with diagnostic 38 before any walker recurses', () => {
    const text = chain(CQL_LIMITS.MAX_CQL_CLAUSES * 10);
    for (const run of [() => parseCql(text), () => analyzeQuery(text), () => parseCqlToQuery(text)]) {
      const e = limitError(run);
      expect([e.diagnostic, e.limit]).toEqual([38, 'MAX_CQL_CLAUSES']);
    }
  });

  it('rejects 10× the modifiers, prefixes and sort keys', () => {
    const n = CQL_LIMITS.MAX_CQL_MODIFIERS * 10;
    for (const text of [`title =${'/m'.repeat(n)} a`, `${'>p=u '.repeat(n)}a`, `a sortBy ${'k '.repeat(n)}`]) {
      expect(limitError(() => parseCql(text)).limit).toBe('MAX_CQL_MODIFIERS');
    }
  });

  it('the stack-overflow shapes of the load test stay typed errors', () => {
    for (const text of [nested(2685), chain(5370), chain(6250)]) {
      expect(limitError(() => parseCql(text))).toBeInstanceOf(CqlLimitError);
    }
  });
});
