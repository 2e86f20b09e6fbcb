/**
 * The MARC-8 encoder for search terms: every character of the LoC tables round-trips
 * through encode → decode, and yaz-iconv reads what we write the same way.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeMarc8, eacc, singleByteSets } from '../../src/records/charsets/marc8.ts';
import { encodeMarc8 } from '../../src/records/charsets/marc8-encode.ts';
import { hasYaz, requirePeers, yazSkipReason } from './yaz.ts';

const bytesOf = (text: string): number[] => {
  const encoded = encodeMarc8(text);
  if (!encoded.ok) throw new Error(`cannot encode ${encoded.character}`);
  return [...encoded.bytes];
};
const roundTrip = (text: string): string => decodeMarc8(Buffer.from(bytesOf(text))).text;

/** Every character the tables assign (single-byte sets and EACC), each once. */
function tableCharacters(): string[] {
  const all = new Set<string>();
  for (const [, set] of singleByteSets()) for (const ch of set.chars) if (ch !== '') all.add(ch);
  for (const ch of eacc().values()) all.add(ch);
  return [...all];
}

describe('MARC-8 encoder', () => {
  it('writes Latin diacritics as combining marks before the base letter (ANSEL in G1)', () => {
    expect(bytesOf('économie')).toEqual([0xe2, ...Buffer.from('economie')]);
    expect(bytesOf('Müller')).toEqual([...Buffer.from('M'), 0xe8, ...Buffer.from('uller')]);
    expect(bytesOf('Satō')).toEqual([...Buffer.from('Sat'), 0xe5, 0x6f]);
    // Two marks on one letter keep their order: ǖ = u + diaeresis + macron.
    expect(bytesOf('ǖ')).toEqual([0xe8, 0xe5, 0x75]);
    expect(bytesOf('Łódź')).toEqual([0xa1, 0xe2, 0x6f, 0x64, 0xe2, 0x7a]);
  });

  it('designates Greek, Cyrillic and EACC by escape sequences and returns to ASCII', () => {
    expect(bytesOf('Москва 1')).toEqual([0x1b, 0x28, 0x4e, ...Buffer.from('mOSKWA'), 0x20, 0x1b, 0x28, 0x42, 0x31]);
    expect(bytesOf('一')).toEqual([0x1b, 0x24, 0x31, 0x21, 0x30, 0x21, 0x1b, 0x28, 0x42]);
    expect(roundTrip('吴国林 選書')).toBe('吴国林 選書');
    expect(roundTrip('Ἀθῆναι')).toBe('Ἀθῆναι');
    expect(bytesOf('H₂O')).toEqual([0x48, 0x1b, 0x62, 0x32, 0x1b, 0x73, 0x4f]);
  });

  it('writes a double ligature as its two ANSEL halves', () => {
    expect(bytesOf('t\u0361s')).toEqual([0xeb, 0x74, 0xec, 0x73]);
    expect(roundTrip('t\u0361s')).toBe('t\u0361s');
  });

  it('round-trips every character of the LoC tables', () => {
    const failures: string[] = [];
    for (const ch of tableCharacters()) {
      const encoded = encodeMarc8(ch);
      const back = encoded.ok ? decodeMarc8(encoded.bytes).text : `(unencodable ${encoded.character})`;
      if (back !== ch.normalize('NFC')) failures.push(`U+${(ch.codePointAt(0) as number).toString(16)} → ${back}`);
    }
    expect(failures).toEqual([]);
    expect(tableCharacters().length).toBeGreaterThan(15_000);
  });

  it('names the character that MARC-8 cannot write', () => {
    expect(encodeMarc8('abc😀')).toEqual({ ok: false, character: '😀' });
    expect(encodeMarc8('ꙮ')).toEqual({ ok: false, character: 'ꙮ' });
    expect(roundTrip('économie 中国')).toBe('économie 中国');
  });

  const run = hasYaz || requirePeers;
  it.skipIf(!run)(run ? 'writes terms yaz-iconv reads back the same' : `yaz round trip (skipped: ${yazSkipReason})`, () => {
    for (const term of ['économie', 'Müller', 'Satō', 'Dvořák', 'Москва', 'Αθήνα', '吴国林', '明代の海禁政策', '한국', 'H₂O', 'שלום']) {
      const theirs = spawnSync('yaz-iconv', ['-f', 'MARC8', '-t', 'UTF-8'], { input: Buffer.from(bytesOf(term)) }).stdout.toString('utf8').normalize('NFC');
      expect(theirs, term).toBe(term.normalize('NFC'));
    }
  });
});
