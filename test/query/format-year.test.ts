/** Years keep four digits on every way out of the gateway: `year=0999-` is 0999, never 999. */
import { describe, expect, it } from 'vitest';
import { textCodec } from '../../src/adapter-api/text-codec.ts';
import { toPqf } from '../../adapters/z3950/pqf.ts';
import { toRpn } from '../../adapters/z3950/rpn.ts';
import { parseSearchParams } from '../../src/http/search-params.ts';
import { serializeCql } from '../../src/query/cql/serialize.ts';
import { formatYear, queryKey, type QueryNode } from '../../src/query/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const LIBRARIES = [testLibrary('pku')];

describe('four-digit years', () => {
  it('pads to four digits', () => {
    expect([formatYear(999), formatYear(7), formatYear(2024)]).toEqual(['0999', '0007', '2024']);
  });

  it('year=0999- reaches CQL, RPN and the cache key as 0999', () => {
    const { query } = parseSearchParams({ title: 'x', year: '0999-' }, LIBRARIES);
    if (query.kind !== 'and') throw new Error('expected title AND year');
    const years: QueryNode = query.right;
    expect(serializeCql(years)).toBe('dc.date>="0999"');
    expect(toPqf(toRpn(years, { codec: textCodec('utf-8') }))).toBe('@attr 1=31 @attr 2=4 @attr 4=109 0999');
    expect(queryKey(years)).toBe('year[0999..]');
  });
});
