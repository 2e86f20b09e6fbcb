/**
 * Charset decisions and the MARC-8 decoder (tables generated from LoC codetables.xml; the
 * code-by-code comparison with yaz-iconv is marc8-yaz.test.ts).
 */
import { spawnSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeMarc8, singleByteSets } from '../../src/records/charsets/marc8.ts';
import { charsetFromLabel } from '../../src/records/charsets/decode.ts';
import { charsetFromMarc21Leader, charsetFromUnimarc100, decideCharset } from '../../src/records/charsets/detect.ts';
import { displayAndSortKey } from '../../src/records/charsets/nonsort.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { hasYaz, requirePeers, yazSkipReason } from './yaz.ts';

const m8 = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('MARC-8 decoder', () => {
  it('moves combining marks after their base letter and composes (NFC)', () => {
    expect(decodeMarc8(m8('Caf', [0xe2], 'e'))).toEqual({ text: 'Café', invalid: 0 });
    expect(decodeMarc8(m8('Dvo', [0xe9], 'r', [0xe2], 'ak')).text).toBe('Dvořák');
    // Two marks on one letter: acute + dot below (ANSEL order kept, then NFC).
    expect(decodeMarc8(m8([0xe2, 0xf2], 'o')).text).toBe('o\u0301\u0323'.normalize('NFC'));
  });

  it('gives the NFC text for every ANSEL, Hebrew and Arabic mark on every kind of base, one and two at a time', () => {
    // One mark on a base is composed as it is read (or left where NFC leaves it); others go through NFC.
    const sets = singleByteSets();
    // Letters of ASCII, ANSEL (Ø æ ø ơ in G1), Cyrillic and Greek (in G0, designated and back).
    const bases = [...'aAeEiInoOuUyYzZqQ0 '.split('').map((c) => [c.charCodeAt(0)]), [0xa2], [0xb5], [0xb2], [0xbc], [0x1b, 0x28, 0x4e, 0x41, 0x1b, 0x28, 0x42], [0x1b, 0x28, 0x53, 0x45, 0x1b, 0x28, 0x42]].map((bytes): [number[], string] => [bytes, decodeMarc8(Buffer.from(bytes)).text]);
    const ansel = [0x1b, 0x29, 0x45];
    for (const final of ['E', '2', '3']) {
      const set = sets.get(final);
      expect(set).toBeDefined();
      const designate = final === 'E' ? [] : [0x1b, 0x29, final.charCodeAt(0)];
      for (const code of set?.combining ?? []) {
        const mark = set?.chars[code - 0x21] as string;
        for (const [bytes, base] of bases) {
          expect(base.length).toBeGreaterThan(0);
          expect(decodeMarc8(Buffer.from([...designate, code | 0x80, ...ansel, ...bytes])).text).toBe(`${base}${mark}`.normalize('NFC'));
          const cedilla = 0xf0; // ANSEL cedilla, with the mark: NFC orders and composes both
          expect(decodeMarc8(Buffer.from([...designate, code | 0x80, ...ansel, cedilla, ...bytes])).text).toBe(`${base}${mark}\u0327`.normalize('NFC'));
        }
      }
    }
  });

  it('reads ANSEL spacing characters', () => {
    expect(decodeMarc8(m8([0xa1], 'od', [0xb8]))).toEqual({ text: 'Łodı', invalid: 0 });
  });

  it('switches G0 with escape sequences and back', () => {
    expect(decodeMarc8(m8([0x1b, 0x28, 0x4e], 'mOSKWA', [0x1b, 0x28, 0x42], ' ok')).text).toBe('Москва ok');
    expect(decodeMarc8(m8([0x1b, 0x28, 0x53], 'Akpa', [0x1b, 0x28, 0x42])).text).toBe('Αθνα');
    expect(decodeMarc8(m8([0x1b, 0x28, 0x32], 'ylk', [0x1b, 0x28, 0x42])).text).toBe('שלכ');
    expect(decodeMarc8(m8('H', [0x1b, 0x62], '2', [0x1b, 0x73], 'O')).text).toBe('H₂O');
  });

  it('reads EACC (ESC $ 1) three-byte CJK, in G0 and in G1', () => {
    expect(decodeMarc8(m8([0x1b, 0x24, 0x31], '!0!', [0x1b, 0x28, 0x42])).text).toBe('一');
    expect(decodeMarc8(m8([0x1b, 0x24, 0x31], "!04K7o'7t'CU'`y", [0x1b, 0x28, 0x42])).text).toBe('中国图书馆');
    expect(decodeMarc8(m8([0x1b, 0x24, 0x29, 0x31, 0xa1, 0xb0, 0xa1])).text).toBe('一');
  });

  it('reads the EACC codes LoC assigns that the old YAZ-probed table lost (林, 選, ideographic space)', () => {
    expect(decodeMarc8(m8([0x1b, 0x24, 0x31], [0x21, 0x44, 0x24, 0x21, 0x5c, 0x4f, 0x21, 0x23, 0x20], [0x1b, 0x28, 0x42]))).toEqual({ text: '林選\u3000', invalid: 0 });
  });

  it('decodes numeric character references (&#xHHHH;) as LoC\'s lossless rule allows', () => {
    expect(decodeMarc8(m8('1914&#x2013;1918 &#x1F600; &#xZZ; &#x1f;')).text).toBe('1914\u20131918 \u{1F600} &#xZZ; &#x1f;');
  });

  it('accepts ANSEL designated with and without "!"', () => {
    expect(decodeMarc8(m8([0x1b, 0x29, 0x21, 0x45, 0xe1], 'a')).text).toBe('à');
    expect(decodeMarc8(m8([0x1b, 0x29, 0x45, 0xe1], 'a')).text).toBe('à');
  });

  it('maps NSB/NSE to U+0098/U+009C and counts invalid bytes', () => {
    expect(decodeMarc8(m8([0x88], 'The ', [0x89], 'Title')).text).toBe('\u0098The \u009cTitle');
    expect(decodeMarc8(m8('a', [0x1b, 0x24, 0x31], '~~~')).invalid).toBe(3);
    expect(decodeMarc8(m8('a', [0xa0])).invalid).toBe(1);
  });

  it('resets to ASCII/ANSEL at each field terminator', () => {
    expect(decodeMarc8(m8([0x1b, 0x28, 0x4e], 'A', [0x1e], 'A')).text).toBe('а\x1eA');
  });

  it.skipIf(!hasYaz && !requirePeers)(hasYaz || requirePeers ? 'agrees with yaz-iconv on every ANSEL diacritic' : `agrees with yaz-iconv (skipped: ${yazSkipReason})`, () => {
    // One yaz-iconv run per pair: in long batches yaz itself sometimes leaves a mark unmoved.
    for (let mark = 0xe0; mark <= 0xfe; mark++) {
      const input = Buffer.from([mark, 0x61]);
      const theirs = spawnSync('yaz-iconv', ['-f', 'MARC8', '-t', 'UTF-8'], { input }).stdout.toString('utf8').normalize('NFC');
      expect(decodeMarc8(input).text, `ANSEL 0x${mark.toString(16)}`).toBe(theirs);
    }
  });
});

describe('declared charsets', () => {
  it('reads MARC 21 leader/09', () => {
    expect(charsetFromMarc21Leader('00000nam a2200000 a 4500')).toBe('utf-8');
    expect(charsetFromMarc21Leader('00000nam  2200000 a 4500')).toBe('marc-8');
  });

  it.each([
    ['50      ', 'utf-8'],
    ['0110    ', 'gb18030'],
    ['0120    ', 'gb18030'],
    ['0121    ', 'gb18030'],
    ['10      ', 'gb18030'],
    ['01      ', 'ascii'],
  ])('reads UNIMARC 100$a/26-29 %j as %s', (code, charset) => {
    expect(charsetFromUnimarc100(`20080101d2007    em y0chiy${code}ea`)).toBe(charset);
  });

  it('knows ISO 5426 (03) is not decodable here', () => {
    expect(charsetFromUnimarc100('20080101d2007    em y0freu03      ba')).toEqual({ unsupported: 'UNIMARC charset 03  ' });
  });

  it('maps configured labels', () => {
    expect(['GBK', 'gb2312', 'UTF8', 'MARC8', 'sjis', 'Big5', 'EUC-JP'].map(charsetFromLabel)).toEqual(['gb18030', 'gb18030', 'utf-8', 'marc-8', 'shift_jis', 'big5', 'euc-jp']);
    expect(charsetFromLabel('ebcdic')).toBeUndefined();
  });
});

describe('checking the bytes', () => {
  const utf8 = Buffer.from('中文书目', 'utf8');
  const gbk = iconv.encode('中文书目', 'gbk');

  it('keeps a declaration the bytes agree with', () => {
    expect(decideCharset(utf8, 'utf-8')).toEqual({ charset: 'utf-8', mismatch: false });
    expect(decideCharset(gbk, 'gb18030')).toEqual({ charset: 'gb18030', mismatch: false });
  });

  it('config says GBK but the bytes are UTF-8: decode as UTF-8 and flag', () => {
    expect(decideCharset(utf8, 'gb18030')).toMatchObject({ charset: 'utf-8', mismatch: true, warning: { code: 'charset-mismatch' } });
  });

  it('declared UTF-8 but the bytes are GBK: guessed as GBK (GB 18030 decoder) and flagged', () => {
    expect(decideCharset(gbk, 'utf-8')).toMatchObject({ charset: 'gb18030', mismatch: true, warning: { message: /guessed/ } });
  });

  it('leader says MARC-8 but the bytes are GBK', () => {
    expect(decideCharset(gbk, 'marc-8')).toMatchObject({ charset: 'gb18030', mismatch: true });
  });

  it('configured UTF-8, MARC-8 bytes, leader/09 blank: the record\'s own declaration wins (Müller, not M鑥ller)', () => {
    const bytes = Buffer.from([0x4d, 0xe8, 0x75, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x20, 0x4a, 0xe8, 0x75, 0x72, 0x67, 0x65, 0x6e]);
    expect(decideCharset(bytes, 'utf-8', 'marc-8')).toMatchObject({ charset: 'marc-8', mismatch: true, warning: { message: /own declaration/ } });
  });

  it('configured GBK, Shift_JIS bytes: flagged and read as Shift_JIS (明代の海禁政策, not 柧戙偺奀嬛惌)', () => {
    expect(decideCharset(iconv.encode('明代の海禁政策 ミンダイ ノ カイキン セイサク', 'shift_jis'), 'gb18030')).toMatchObject({ charset: 'shift_jis', mismatch: true });
  });

  it('GB 18030 is never the fallback: bytes that fit nothing stay in the declared charset, flagged', () => {
    expect(decideCharset(Buffer.from([0x41, 0x81, 0x30, 0x81, 0x30, 0xff]), 'big5')).toMatchObject({ charset: 'big5', mismatch: true, warning: { message: /fit no known charset/ } });
  });

  it('7-bit MARC-8 with escapes stays MARC-8', () => {
    expect(decideCharset(Buffer.from('\x1b$1!0!\x1b(B'), 'marc-8')).toEqual({ charset: 'marc-8', mismatch: false });
  });

  it('bytes invalid in the declared charset and in every other are flagged, never silently replaced', () => {
    expect(decideCharset(Buffer.from([0x41, 0xff, 0xfe, 0x41]), 'utf-8')).toMatchObject({ charset: 'utf-8', mismatch: true, warning: { code: 'charset-mismatch' } });
  });

  it('7-bit MARC-8 (EACC) under a UTF-8 declaration is recognised by its escapes', () => {
    expect(decideCharset(Buffer.from('\x1b$1!0!\x1b(B'), 'utf-8')).toMatchObject({ charset: 'marc-8', mismatch: true });
  });

  it('a record from a GBK-configured library that sends UTF-8 is flagged on the record', () => {
    const record: MarcRecord = { leader: '00000nam0 2200000   450 ', fields: [{ tag: '001', value: 'X' }, { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: '中文书目' }] }] };
    const [item] = [...readIso2709(writeIso2709(record), { charset: 'gbk', library: 'pku' })];
    expect(item?.type).toBe('record');
    if (item?.type !== 'record') return;
    expect(item.record.charset).toBe('utf-8');
    expect(item.record.charsetMismatch).toBe(true);
    expect(item.record.warnings.map((w) => w.code)).toEqual(['charset-mismatch']);
  });

  it.each([
    ['big5', '中文書目'],
    ['euc-jp', '日本語の本'],
  ])('decodes configured %s records', (charset, title) => {
    const record: MarcRecord = { leader: '00000nam0 2200000   450 ', fields: [{ tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: title }] }] };
    const [item] = [...readIso2709(writeIso2709(record, (s) => iconv.encode(s, charset)), { charset })];
    expect(item?.type === 'record' && item.record.toMarcRecord().fields).toEqual(record.fields);
  });
});

describe('UNIMARC non-sort markers', () => {
  it('strips U+0098/U+009C from display and drops the marked part from the sort key', () => {
    expect(displayAndSortKey('\u0098The \u009cart of computer programming')).toEqual({ display: 'The art of computer programming', sortKey: 'art of computer programming' });
  });

  it('handles the C1 0x88/0x89 form', () => {
    expect(displayAndSortKey('\u0088Le \u0089monde')).toEqual({ display: 'Le monde', sortKey: 'monde' });
  });

  it('leaves unmarked values alone', () => {
    expect(displayAndSortKey('修改代码的艺术')).toEqual({ display: '修改代码的艺术', sortKey: '修改代码的艺术' });
  });
});
