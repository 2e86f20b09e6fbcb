import { describe, expect, it } from 'vitest';
import type { DecodedAttribute, DecodedQuery, DecodedRpn } from '../../src/z3950/apdu/query-in.ts';
import { OID } from '../../src/z3950/oids.ts';
import { Bib1Error } from '../../src/z3950-server/bib1-error.ts';
import { rpnToQuery } from '../../src/z3950-server/rpn-query.ts';

const utf8 = (b: Buffer): string => b.toString('utf8');

function term(text: string, ...attrs: [number, number][]): DecodedRpn {
  const attributes: DecodedAttribute[] = attrs.map(([type, value]) => ({ type, value }));
  return { kind: 'term', attributes, term: Buffer.from(text, 'utf8'), termKind: 'general' };
}

function q(rpn: DecodedRpn, attributeSet: string = OID.BIB1_ATTRIBUTES): DecodedQuery {
  return { kind: 'rpn', attributeSet, rpn };
}

function condition(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof Bib1Error) return error.diagnostic.condition;
    throw error;
  }
  return undefined;
}

describe('Type-1 RPN → query model', () => {
  it('maps use attributes onto fields, structure onto words/phrase, truncation onto right truncation', () => {
    expect(rpnToQuery(q(term('红楼梦', [1, 4])), utf8)).toEqual({ kind: 'term', field: 'title', value: '红楼梦', mode: 'words' });
    expect(rpnToQuery(q(term('曹雪芹', [1, 1003], [4, 1])), utf8)).toEqual({ kind: 'term', field: 'author', value: '曹雪芹', mode: 'phrase' });
    expect(rpnToQuery(q(term('cambridg', [1, 4], [5, 1])), utf8)).toEqual({ kind: 'term', field: 'title', value: 'cambridg', mode: 'words', truncation: 'right' });
    expect(rpnToQuery(q(term('cambridg#', [1, 1016], [5, 101])), utf8)).toEqual({ kind: 'term', field: 'keyword', value: 'cambridg', mode: 'words', truncation: 'right' });
    expect(rpnToQuery(q(term('9787115163622', [1, 7])), utf8)).toMatchObject({ field: 'isbn' });
    expect(rpnToQuery(q(term('中华书局', [1, 1018], [3, 1], [6, 3])), utf8)).toMatchObject({ field: 'publisher' });
    expect(rpnToQuery(q(term('china')), utf8)).toMatchObject({ field: 'keyword' });
  });

  it('maps year relations onto ranges and booleans onto the tree', () => {
    expect(rpnToQuery(q(term('1990', [1, 31], [2, 4])), utf8)).toEqual({ kind: 'yearRange', from: 1990 });
    expect(rpnToQuery(q(term('1990', [1, 31], [2, 1])), utf8)).toEqual({ kind: 'yearRange', to: 1989 });
    expect(rpnToQuery(q(term('1998', [1, 30])), utf8)).toEqual({ kind: 'yearRange', from: 1998, to: 1998 });
    const tree = rpnToQuery(q({ kind: 'op', op: 'and-not', left: term('china', [1, 4]), right: term('ming', [1, 21]) }), utf8);
    expect(tree).toEqual({ kind: 'not', left: { kind: 'term', field: 'title', value: 'china', mode: 'words' }, right: { kind: 'term', field: 'subject', value: 'ming', mode: 'words' } });
  });

  it('refuses what the model cannot honour with the right Bib-1 condition', () => {
    expect(condition(() => rpnToQuery(q(term('x', [1, 9999])), utf8))).toBe(114);
    expect(condition(() => rpnToQuery(q(term('x', [7, 1])), utf8))).toBe(113);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [2, 1])), utf8))).toBe(117);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [2, 101])), utf8))).toBe(117);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [4, 104])), utf8))).toBe(118);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [3, 4])), utf8))).toBe(119);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [5, 2])), utf8))).toBe(120);
    expect(condition(() => rpnToQuery(q(term('a#b', [1, 4], [5, 101])), utf8))).toBe(120);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4], [6, 4])), utf8))).toBe(122);
    expect(condition(() => rpnToQuery(q(term('x', [1, 4]), '1.2.840.10003.3.2'), utf8))).toBe(121);
    expect(condition(() => rpnToQuery({ kind: 'unsupported', type: 2 }, utf8))).toBe(107);
    expect(condition(() => rpnToQuery(q({ kind: 'op', op: 'prox', left: term('a'), right: term('b') }), utf8))).toBe(110);
    expect(condition(() => rpnToQuery(q({ kind: 'resultSet', name: Buffer.from('1') }), utf8))).toBe(18);
    expect(condition(() => rpnToQuery(q(term('199x', [1, 31])), utf8))).toBe(126);
    expect(condition(() => rpnToQuery(q({ kind: 'term', attributes: [{ type: 1 }], term: Buffer.from('x'), termKind: 'general' }), utf8))).toBe(123);
    expect(condition(() => rpnToQuery(q({ kind: 'term', attributes: [], term: Buffer.alloc(0), termKind: 'other' }), utf8))).toBe(229);
  });

  it('limits the number of operands (Bib-1 6)', () => {
    let tree: DecodedRpn = term('w0', [1, 4]);
    for (let i = 1; i <= 40; i++) tree = { kind: 'op', op: 'or', left: tree, right: term(`w${i}`, [1, 4]) };
    expect(condition(() => rpnToQuery(q(tree), utf8))).toBe(6);
  });
});
