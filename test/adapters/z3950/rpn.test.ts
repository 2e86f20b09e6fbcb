import { describe, expect, it } from 'vitest';
import { and, type QueryNode, type TermNode } from '../../../src/query/model.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { toPqf, pqfTerm } from '../../../adapters/z3950/pqf.ts';
import { QueryTranslationError, toRpn } from '../../../adapters/z3950/rpn.ts';

const utf8 = { codec: textCodec('utf-8') };
const term = (field: TermNode['field'], value: string, mode: TermNode['mode'] = 'words', truncation?: 'right'): TermNode =>
  truncation ? { kind: 'term', field, value, mode, truncation } : { kind: 'term', field, value, mode };
const pqf = (q: QueryNode, opts = utf8): string => toPqf(toRpn(q, opts));

describe('query model → Bib-1 RPN', () => {
  it('maps every field to its use attribute with relation, position, structure and truncation', () => {
    expect(pqf(term('title', 'computer'))).toBe('@attr 1=4 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 computer');
    expect(pqf(term('author', 'knuth'))).toMatch(/^@attr 1=1003 /);
    expect(pqf(term('publisher', 'penguin'))).toMatch(/^@attr 1=1018 /);
    expect(pqf(term('subject', 'history'))).toMatch(/^@attr 1=21 /);
    expect(pqf(term('keyword', 'x'))).toMatch(/^@attr 1=1016 /);
    expect(pqf(term('issn', '0028-0836'))).toBe('@attr 1=8 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 0028-0836');
    expect(pqf(term('isbn', '978-7-115-16362-2'))).toBe('@attr 1=7 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 9787115163622');
  });

  it('uses structure 1 for phrases, 6 for several words, and 5=1 only when truncation is asked', () => {
    expect(pqf(term('title', 'art of computer programming', 'phrase'))).toBe('@attr 1=4 @attr 2=3 @attr 3=3 @attr 4=1 @attr 5=100 "art of computer programming"');
    expect(pqf(term('title', '  art   of  ', 'words'))).toBe('@attr 1=4 @attr 2=3 @attr 3=3 @attr 4=6 @attr 5=100 "art of"');
    expect(pqf(term('title', 'cambridg', 'words', 'right'))).toBe('@attr 1=4 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=1 cambridg');
  });

  it('turns year ranges into 4=109 terms with >= and <= relations ANDed', () => {
    expect(pqf({ kind: 'yearRange', from: 1988, to: 1988 })).toBe('@attr 1=31 @attr 2=3 @attr 4=109 1988');
    expect(pqf({ kind: 'yearRange', from: 1990, to: 2000 })).toBe('@and @attr 1=31 @attr 2=4 @attr 4=109 1990 @attr 1=31 @attr 2=2 @attr 4=109 2000');
    expect(pqf({ kind: 'yearRange', from: 1990 })).toBe('@attr 1=31 @attr 2=4 @attr 4=109 1990');
    expect(pqf({ kind: 'yearRange', to: 1990 })).toBe('@attr 1=31 @attr 2=2 @attr 4=109 1990');
    expect(() => toRpn({ kind: 'yearRange' }, utf8)).toThrow(QueryTranslationError);
  });

  it('translates AND / OR / NOT trees (NOT is and-not)', () => {
    const q: QueryNode = { kind: 'not', left: and(term('title', '红楼梦'), { kind: 'or', left: term('author', '曹雪芹'), right: term('author', '高鹗') }), right: term('subject', '续书') };
    const rpn = toRpn(q, utf8);
    expect(rpn.attributeSet).toBe(OID.BIB1_ATTRIBUTES);
    expect(rpn.rpn.kind === 'op' && rpn.rpn.op).toBe('and-not');
    expect(toPqf(rpn)).toBe(
      '@not @and @attr 1=4 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 红楼梦 @or @attr 1=1003 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 曹雪芹 @attr 1=1003 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 高鹗 @attr 1=21 @attr 2=3 @attr 3=3 @attr 4=2 @attr 5=100 续书',
    );
  });

  it('applies per-library overrides: replace a value, drop an attribute, keep year relations', () => {
    const opts = { ...utf8, overrides: { title: { use: 1016, position: null, structure: null }, year: { use: 30, relation: 3 } } };
    expect(pqf(term('title', 'x'), opts)).toBe('@attr 1=1016 @attr 2=3 @attr 5=100 x');
    expect(pqf({ kind: 'yearRange', from: 2000 }, opts)).toBe('@attr 1=30 @attr 2=4 @attr 4=109 2000');
  });

  it('encodes terms in the target charset (GBK, Big5, Shift_JIS) and refuses what it cannot write', () => {
    const gbk = toRpn(term('title', '计算机'), { codec: textCodec('gbk') });
    expect(gbk.rpn.kind === 'term' && gbk.rpn.term.toString('hex')).toBe('bcc6cbe3bbfa');
    const gb2312 = toRpn(term('title', '计算机'), { codec: textCodec('gb2312') });
    expect(gb2312.rpn.kind === 'term' && gb2312.rpn.term.toString('hex')).toBe('bcc6cbe3bbfa');
    const big5 = toRpn(term('title', '計算機'), { codec: textCodec('big5') });
    expect(big5.rpn.kind === 'term' && big5.rpn.term.toString('hex')).toBe('ad70bae2bef7');
    const sjis = toRpn(term('title', '日本'), { codec: textCodec('shift_jis') });
    expect(sjis.rpn.kind === 'term' && sjis.rpn.term.toString('hex')).toBe('93fa967b');
    const utf = toRpn(term('title', '计算机'), utf8);
    expect(utf.rpn.kind === 'term' && utf.rpn.term.toString('hex')).toBe('e8aea1e7ae97e69cba');
    expect(() => toRpn(term('title', '한국어'), { codec: textCodec('gbk') })).toThrow(/the character "한" \(U\+D55C\) cannot be written in the target charset gbk/);
    // MARC-8 writes diacritics as marks before the letter, CJK in EACC; an emoji it cannot write.
    const marc8 = (text: string): string => {
      const q = toRpn(term('title', text), { codec: textCodec('marc-8') });
      return q.rpn.kind === 'term' ? q.rpn.term.toString('hex') : '';
    };
    expect(marc8('économie')).toBe('e2' + Buffer.from('economie').toString('hex'));
    expect(marc8('计算机')).toMatch(/^1b2431([0-9a-f]{6}){3}1b2842$/);
    expect(() => toRpn(term('title', 'Fun 😀'), { codec: textCodec('marc-8') })).toThrow(QueryTranslationError);
    expect(() => toRpn(term('title', 'Fun 😀'), { codec: textCodec('marc-8') })).toThrow(/"😀" \(U\+1F600\) cannot be written in the target charset marc-8/);
    expect(() => toRpn(term('title', '   '), utf8)).toThrow(/empty/);
  });
});

describe('PQF printer', () => {
  it('quotes and escapes only when needed', () => {
    expect(pqfTerm('abc')).toBe('abc');
    expect(pqfTerm('a b')).toBe('"a b"');
    expect(pqfTerm('say "hi"')).toBe('"say \\"hi\\""');
    expect(pqfTerm('back\\slash')).toBe('"back\\\\slash"');
    expect(pqfTerm('@and')).toBe('"@and"');
    expect(pqfTerm('')).toBe('""');
  });

  it('prints a non-default attribute set and per-attribute sets', () => {
    const q = { attributeSet: '1.2.840.10003.3.2', rpn: { kind: 'term' as const, attributes: [{ attributeSet: OID.BIB1_ATTRIBUTES, type: 1, value: 4 }], term: Buffer.from('x'), text: 'x' } };
    expect(toPqf(q)).toBe('@attrset 1.2.840.10003.3.2 @attr 1.2.840.10003.3.1 1=4 x');
  });
});
