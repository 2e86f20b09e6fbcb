import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../src/query/cql/errors.ts';
import { formatSruSortKeys, parseSruSortKeys, type SruSortKey } from '../../../src/query/cql/sort-keys.ts';
import { sruSortKeysToSortKeys } from '../../../src/query/cql/to-query.ts';

describe('parseSruSortKeys (SRU 1.1 sortKeys)', () => {
  it.each<[string, SruSortKey[]]>([
    ['dc.title', [{ path: 'dc.title', ascending: true, caseSensitive: false, missingValue: 'highValue' }]],
    [
      'dc.title,,0 dc.date,marcxml,1,1,omit',
      [
        { path: 'dc.title', ascending: false, caseSensitive: false, missingValue: 'highValue' },
        { path: 'dc.date', schema: 'marcxml', ascending: true, caseSensitive: true, missingValue: 'omit' },
      ],
    ],
    ['  a,,,,abort   b,,,,lowValue ', [
      { path: 'a', ascending: true, caseSensitive: false, missingValue: 'abort' },
      { path: 'b', ascending: true, caseSensitive: false, missingValue: 'lowValue' },
    ]],
    ['title,,1,0,"no title, sorry"', [{ path: 'title', ascending: true, caseSensitive: false, missingValue: { value: 'no title, sorry' } }]],
    ['"/record/title 2",,0', [{ path: '/record/title 2', ascending: false, caseSensitive: false, missingValue: 'highValue' }]],
  ])('%s', (parameter, expected) => {
    expect(parseSruSortKeys(parameter)).toEqual(expected);
  });

  it.each([
    ['', 0],
    [',,1', 0],
    ['a,,2', 3],
    ['a,,1,yes', 5],
    ['a,,1,0,sometimes', 7],
    ['a,,1,0,omit,extra', 12],
    ['a,,1,0,"open', 7],
  ])('rejects %j at %i', (parameter, position) => {
    let caught: unknown;
    try {
      parseSruSortKeys(parameter);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CqlSyntaxError);
    expect(caught).toMatchObject({ position, details: 'sortKeys' });
    expect([6, 14]).toContain((caught as CqlSyntaxError).diagnostic);
  });

  it('formats back to an equivalent parameter', () => {
    const parameter = 'dc.title,,0 dc.date,marcxml,1,1,omit a b,,1,0,"x \\"y\\""';
    const keys = parseSruSortKeys(parameter);
    expect(formatSruSortKeys(keys)).toBe('dc.title,,0 dc.date,marcxml,1,1,omit a b,,1,0,"x \\"y\\""');
    expect(parseSruSortKeys(formatSruSortKeys(keys))).toEqual(keys);
  });

  it('normalizes to SortKey with fields resolved', () => {
    expect(sruSortKeysToSortKeys(parseSruSortKeys('dc.date,,0,,lowValue /marc/245'))).toEqual([
      { index: 'dc.date', field: 'year', direction: 'descending', caseSensitive: false, missing: 'low' },
      { index: '/marc/245', direction: 'ascending', caseSensitive: false, missing: 'high' },
    ]);
  });
});
