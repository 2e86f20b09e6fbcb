/** UNIMARC 461 links keep the set's ISBN (embedded 010 or $y) beside the title and volume. */
import { describe, expect, it } from 'vitest';
import type { DataField } from '../../src/records/marc.ts';
import { readLink } from '../../src/records/unimarc/links.ts';

const field = (subfields: [string, string][]): DataField => ({ tag: '461', ind1: ' ', ind2: '0', subfields: subfields.map(([code, value]) => ({ code, value })) });

describe('461 set link', () => {
  it('reads the embedded 010 $a of the set', () => {
    expect(readLink(field([['1', '001CAL012'], ['1', '010  '], ['a', '978-7-208-06143-9'], ['1', '2001 '], ['a', '中国通史'], ['v', '第1卷']]), 'set')).toEqual({
      kind: 'set', title: '中国通史', volume: '第1卷', id: 'CAL012', isbn: '978-7-208-06143-9',
    });
  });

  it('reads $y in the standard-subfield technique', () => {
    expect(readLink(field([['a', '全宋词'], ['v', '第2册'], ['y', '7101014120']]), 'set')).toMatchObject({ title: '全宋词', volume: '第2册', isbn: '7101014120' });
  });
});
