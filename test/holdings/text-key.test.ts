import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, textKey } from '../../src/holdings/text-key.ts';

/** cleanText before its quick path: the regular expression on every text. */
function cleanByRegex(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}

describe('cleanText', () => {
  it('trims ASCII and Unicode white space (U+3000 included) and gives undefined for nothing', () => {
    expect(cleanText('　上海图书馆　')).toBe('上海图书馆');
    expect(cleanText('\u00a0借出\ufeff')).toBe('借出');
    expect(cleanText(' \t\n')).toBeUndefined();
    expect(cleanText('')).toBeUndefined();
    expect(cleanText(undefined)).toBeUndefined();
    expect(cleanText('参考外借资料')).toBe('参考外借资料');
  });

  it('is the same as trimming with the regular expression, for any text', () => {
    const edge = fc.constantFrom(' ', '\t', '\u3000', '\u00a0', '\u2003', '\ufeff', '\u1680', 'a', '中', '～', '\u3001', '\ufefe', '-', '~', '\u007f');
    const text = fc.array(fc.oneof(edge, fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(cleanText(value)).toBe(cleanByRegex(value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('textKey', () => {
  it('folds width, Traditional characters, dashes, case, spaces and final full stops', () => {
    expect(textKey('借出－應還日期：２０２５－０７－１０')).toBe('借出-应还日期:2025-07-10');
    expect(textKey('Checked In.')).toBe('checkedin');
  });
});
