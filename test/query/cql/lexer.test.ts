import { describe, expect, it } from 'vitest';
import { tokenizeCql } from '../../../src/query/cql/lexer.ts';
import { decodeCqlText, escapeCqlText } from '../../../src/query/cql/term-text.ts';

describe('tokenizeCql', () => {
  it('splits symbols, words and strings', () => {
    expect(tokenizeCql('dc.title=/x<>"a b"(c)').map((t) => [t.kind, t.text, t.position])).toEqual([
      ['word', 'dc.title', 0],
      ['comparitor', '=', 8],
      ['slash', '/', 9],
      ['word', 'x', 10],
      ['comparitor', '<>', 11],
      ['string', 'a b', 13],
      ['lparen', '(', 18],
      ['word', 'c', 19],
      ['rparen', ')', 20],
      ['eof', '', 21],
    ]);
  });

  it.each(['==', '<>', '<=', '>=', '<', '>', '='])('reads the comparitor %s', (symbol) => {
    expect(tokenizeCql(`a${symbol}b`)[1]).toEqual({ kind: 'comparitor', text: symbol, position: 1 });
  });

  it('keeps an escaped quote inside a string and an escaped space inside a word', () => {
    expect(tokenizeCql('"a\\"b" c\\ d').map((t) => t.text)).toEqual(['a\\"b', 'c\\ d', '']);
  });
});

describe('term escapes', () => {
  it('decodes and re-encodes without loss', () => {
    const text = 'a "quoted" back\\slash *?^ 中国の歴史';
    expect(decodeCqlText(escapeCqlText(text)).text).toBe(text);
    expect(decodeCqlText(escapeCqlText(text)).specials.every((s) => s.escaped)).toBe(true);
  });
});
