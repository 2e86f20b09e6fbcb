/**
 * MARC-in-JSON: what yaz-marcdump -o json formats. Ours (marcInJson of a MarcRecord, and
 * IsoRecord.toMarcInJson() written from the bytes) parses to the same objects as yaz's output
 * for bench:marc's records (UTF-8, and MARC-8 converted to UTF-8 by both), and the two of ours
 * are the same text for records the byte writer must refuse or decode first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchMarc8Record, benchRecord } from '../../bench/marc-data.ts';
import { marcInJson } from '../../src/records/marc-in-json.ts';
import { encodeMarc8 } from '../../src/records/charsets/marc8-encode.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { parseIso2709Record } from '../../src/records/iso2709/parse.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';
import { hasYaz, requirePeers, yazJsonObjects, yazSkipReason } from './yaz.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import fc from 'fast-check';

/** Both of ours for every record; they must be the same text. */
function ours(bytes: Buffer, options: Parameters<typeof readIso2709>[1] = {}): unknown[] {
  const out: unknown[] = [];
  for (const item of readIso2709(bytes, options)) {
    if (item.type !== 'record') throw new Error(item.type);
    const text = marcInJson(item.record.toMarcRecord());
    expect(item.record.toMarcInJson().toString('utf8')).toBe(text);
    out.push(JSON.parse(text));
  }
  return out;
}

/** yaz's strings in NFC (ours are), everything else as yaz wrote it. */
const nfc = (value: unknown): unknown => JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v));

describe('MARC-in-JSON of bench:marc', () => {
  it('escapes what JSON must escape', () => {
    const record = { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'a"b\\c\u0001\ud800' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: '中 "x"' }] }] };
    expect(JSON.parse(marcInJson(record))).toEqual({ leader: record.leader, fields: [{ '001': 'a"b\\c\u0001\ud800' }, { 245: { subfields: [{ a: '中 "x"' }], ind1: '1', ind2: '0' } }] });
  });

  it.skipIf(!hasYaz && !requirePeers)(hasYaz || requirePeers ? 'parses to what yaz-marcdump -o json writes for the same files' : `matches yaz (skipped: ${yazSkipReason})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'marc-json-'));
    try {
      const mrc = join(dir, 'r.mrc');
      const bytes = Buffer.concat(Array.from({ length: 300 }, (_, n) => writeIso2709(benchRecord(n))));
      writeFileSync(mrc, bytes);
      expect(ours(bytes)).toEqual(yazJsonObjects(mrc, ['-i', 'marc']));

      const marc8 = join(dir, 'm8.mrc');
      const encoded = Buffer.concat(Array.from({ length: 100 }, (_, n) => writeIso2709(benchMarc8Record(n), (text) => {
        const result = encodeMarc8(text);
        if (!result.ok) throw new Error(result.character);
        return result.bytes;
      })));
      writeFileSync(marc8, encoded);
      // yaz marks its UTF-8 output in leader/09 ('a'); our records keep the leader they came with.
      const theirs = yazJsonObjects(marc8, ['-i', 'marc', '-f', 'marc8', '-t', 'utf8']).map((r) => ({ ...r, leader: `${r.leader.slice(0, 9)} ${r.leader.slice(10)}` }));
      expect(ours(encoded)).toEqual(nfc(theirs));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('IsoRecord.toMarcInJson', () => {
  const field = (tag: string, ind1: string, ind2: string, ...subfields: [string, string][]): MarcRecord['fields'][number] => ({ tag, ind1, ind2, subfields: subfields.map(([code, value]) => ({ code, value })) });
  const cases: [string, MarcRecord][] = [
    ['plain, CJK, escapes', { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'a"b\\c\u0001\u001fd' }, field('245', '1', '0', ['a', '修改代码的艺术 "x" \\ \t\n\r\b\f\u007f'], ['b', '']), field('246', ' ', ' ')] }],
    ['not NFC (decomposed marks, Hangul jamo, a compatibility ideograph)', { leader: '00000nam a2200000 a 4500', fields: [field('100', '1', ' ', ['a', 'Mu\u0308ller, e\u0301'], ['b', '\u1100\u1161\u11a8'], ['c', '\uf900'])] }],
    ['a mark after an indicator and after a subfield code', { leader: '00000nam a2200000 a 4500', fields: [field('245', 'a', '\u0301', ['a', '\u0308x'])] }],
    ['non-ASCII indicators and codes', { leader: '00000nam a2200000 a 4500', fields: [field('245', '中', 'é', ['ü', 'x'], ['a', 'y'])] }],
    ['astral, Greek, kana marks', { leader: '00000nam a2200000 a 4500', fields: [field('880', ' ', ' ', ['a', '𠀋𪚥 Ἀθῆναι か\u3099 \ud87e\udc00'])] }],
  ];
  for (const [name, record] of cases) {
    it(`equals marcInJson(toMarcRecord()): ${name}`, () => {
      const bytes = writeIso2709(record);
      const [parsed] = ours(bytes);
      expect(parsed).toBeDefined();
      // Also as Latin-1 and GB 18030 data, which are decoded to text first.
      ours(writeIso2709(record, (t) => Buffer.from(t, 'latin1')), { charset: 'iso-8859-1' });
      ours(writeIso2709(record, (t) => new Uint8Array(Buffer.from(new TextEncoder().encode(t)))), { charset: 'utf-8' });
    });
  }

  it('leader 10-11 other than 22: no indicators, three, two-character codes', () => {
    const base: MarcRecord = { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'x' }, field('245', '1', '0', ['ab', 'cd'], ['e', 'f'])] };
    for (const counts of ['03', '32', '13', '22']) {
      const bytes = writeIso2709(base);
      bytes.write(counts, 10, 'latin1');
      ours(bytes);
    }
  });

  it('fields split on 0x1E when the directory is wrong, and a last field without 0x1E', () => {
    const bytes = writeIso2709({ leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'x' }, field('245', '1', '0', ['a', 'é'])] });
    const skewed = Buffer.from(bytes);
    skewed.write('0009', 24 + 12 + 3, 'latin1'); // 245's length off by some bytes
    ours(skewed);
    // No 0x1E and no 0x1D at the end (the splitter would refuse it: parsed alone).
    const record = parseIso2709Record(bytes.subarray(0, bytes.length - 2), { offset: 0, index: 0 });
    expect(record.toMarcInJson().toString('utf8')).toBe(marcInJson(record.toMarcRecord()));
    expect(record.toMarcRecord().fields).toHaveLength(2);
  });

  it('fuzzed records: the bytes writer and the fields agree', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '中', '\u0301', '\u3099', '"', '\\', '\u001f', '\u001e', '\u0001', '\uf900', '\u1161', '𠀋', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('001', '008', '245', '500', '880'), text, text), { maxLength: 8 }), fc.constantFrom('utf-8', 'gb18030', 'iso-8859-1'), (fields, charset) => {
        const record: MarcRecord = { leader: '00000nam a2200000 a 4500', fields: fields.map(([tag, a, b]) => (tag.startsWith('00') ? { tag, value: a } : { tag, ind1: a[0] ?? ' ', ind2: b[0] ?? ' ', subfields: [{ code: a.slice(0, 1), value: b }, { code: 'z', value: a }] })) };
        const encode = charset === 'utf-8' ? undefined : (t: string): Uint8Array => (charset === 'iso-8859-1' ? Buffer.from(t, 'latin1') : new Uint8Array(Buffer.from(t, 'utf8')));
        let bytes: Buffer;
        try {
          bytes = writeIso2709(record, encode);
        } catch {
          return; // too long for a directory entry
        }
        ours(bytes, { charset });
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('fuzzed MARC-8 records (written as UTF-8 without the text where they can be): the bytes writer and the fields agree', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', 'ü', 'Ł', '中', '國', '𠀋', 'Ж', 'Ἀ', '\u0301', '\u0327', '"', '\\', '&#x2013;', '&#x', '&', '\u001f', '\u0001', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('001', '245', '880'), text, text), { maxLength: 8 }), (fields) => {
        const record: MarcRecord = { leader: '00000nam  2200000 a 4500', fields: fields.map(([tag, a, b]) => (tag.startsWith('00') ? { tag, value: a } : { tag, ind1: a[0] ?? ' ', ind2: b[0] ?? ' ', subfields: [{ code: a.slice(0, 1), value: b }, { code: 'z', value: a }] })) };
        let bytes: Buffer;
        try {
          bytes = writeIso2709(record, (t) => {
            const encoded = encodeMarc8(t);
            if (!encoded.ok) throw new Error(encoded.character);
            return encoded.bytes;
          });
        } catch {
          return; // not MARC-8, or too long for a directory entry
        }
        ours(bytes, { charset: 'marc-8' });
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
