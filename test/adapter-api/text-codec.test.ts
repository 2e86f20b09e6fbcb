import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { textCodec } from '../../src/adapter-api/text-codec.ts';

describe('textCodec utf-8', () => {
  const codec = textCodec('utf-8');

  it('writes the bytes iconv-lite writes, lone surrogates as U+FFFD', () => {
    for (const text of ['china', '黄仁宇', 'émigré 𠀀😀', 'bad \uD83D end', '']) {
      expect(codec.encode(text).equals(iconv.encode(text, 'utf8'))).toBe(true);
    }
  });

  it('names a lone surrogate as unwritable and nothing else', () => {
    expect(codec.unwritable('黄仁宇 𠀀 😀')).toBeUndefined();
    expect(codec.unwritable('bad \uD83D end')).toBe('\uD83D');
    expect(codec.unwritable('\uDE00 first')).toBe('\uDE00');
  });

  it('still refuses a leading U+FEFF, which iconv-lite reads back as a byte-order mark', () => {
    expect(codec.unwritable('\uFEFFtitle')).toBe('\uFEFF');
  });
});

describe('textCodec gbk', () => {
  it('names the first character GBK cannot write', () => {
    expect(textCodec('gbk').unwritable('中文 한국어')).toBe('한');
    expect(textCodec('gbk').unwritable('中文')).toBeUndefined();
  });
});
