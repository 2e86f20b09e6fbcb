/**
 * writeIso2709 without an encoder (UTF-8 written piece by piece into a scratch buffer) against
 * the writer's own text path with a UTF-8 encoder (each field's whole text, Buffer.from): the
 * same bytes, or the same RangeError, for the fixture catalogue (Zebra's records), every ISO 2709
 * fixture in any charset, the MARC benchmark's records (a third CJK), and the cases where writing
 * piece by piece could differ: surrogates alone or split across pieces, astral characters,
 * non-ASCII indicators and codes, the directory's limits, odd leaders and tags, records larger than
 * the scratch buffer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchRecord } from '../../../bench/marc-data.ts';
import { readIso2709 } from '../../../src/records/iso2709/reader.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import type { DataField, MarcField, MarcRecord } from '../../../src/records/marc.ts';
import { readMarcXml } from '../../../src/records/marcxml/reader.ts';

const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
const viaText = (record: MarcRecord): Buffer => writeIso2709(record, (text) => Buffer.from(text, 'utf8'));

/** The bytes both ways, or both errors' messages. */
function both(record: MarcRecord): { ours: Buffer | string; text: Buffer | string } {
  const attempt = (write: () => Buffer): Buffer | string => {
    try {
      return write();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return `RangeError: ${error.message}`;
    }
  };
  return { ours: attempt(() => writeIso2709(record)), text: attempt(() => viaText(record)) };
}

function expectSame(record: MarcRecord): void {
  const { ours, text } = both(record);
  if (typeof ours === 'string' || typeof text === 'string') expect(ours).toEqual(text);
  else expect(ours.equals(text), `${ours.toString('latin1')}\n${text.toString('latin1')}`).toBe(true);
}

function mrcFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mrcFiles(path);
    return name.endsWith('.mrc') ? [path] : [];
  });
}

const LEADER = '00000nam a2200000 a 4500';
const data = (tag: string, subfields: [string, string][], ind1 = ' ', ind2 = ' '): DataField => ({ tag, ind1, ind2, subfields: subfields.map(([code, value]) => ({ code, value })) });
const rec = (...fields: MarcField[]): MarcRecord => ({ leader: LEADER, fields });

describe('writeIso2709 (UTF-8, piece by piece)', () => {
  it('writes the fixture catalogue (the records Zebra serves, MARC 21 and CNMARC) as the text path does', () => {
    let n = 0;
    for (const file of ['marc21.xml', 'cnmarc.xml']) {
      for (const record of readMarcXml(readFileSync(join(FIXTURES, 'catalogue', file), 'utf8'))) {
        expectSame(record);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('writes every ISO 2709 fixture, read in its own charset, as the text path does', () => {
    const files = mrcFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(10);
    let n = 0;
    for (const file of files) {
      for (const item of readIso2709(readFileSync(file))) {
        if (item.type !== 'record') continue;
        expectSame(item.record.toMarcRecord());
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('writes the MARC benchmark records (a third CJK) as the text path does', () => {
    for (let n = 0; n < 300; n++) expectSame(benchRecord(n));
  });

  it('writes surrogates, astral characters and non-ASCII indicators and codes as the text path does', () => {
    const cases: MarcRecord[] = [
      rec(data('245', [['a', 'lone high \ud800'], ['b', '\udc00 lone low']])),
      rec(data('245', [['a', '\ud800'], ['b', '\udc00']])),
      // A pair split between pieces: code + value, ind1 + ind2 (one character in the field's whole text).
      rec(data('245', [['\ud83d', '\ude00 split between code and value']])),
      rec(data('245', [['a', 'x']], '\ud83d', '\ude00')),
      rec(data('245', [['a', '𠀀𪛖 astral 😀']], 'é', '中'), { tag: '001', value: '😀\ud800' }),
      rec(data('245', [['é', 'code é'], ['ab', 'two-character code'], ['', 'empty code'], ['a', '']], '', '')),
      rec(data('245', [['a', 'a'.repeat(31) + 'é'], ['b', 'b'.repeat(32)], ['c', 'c'.repeat(33) + '中']])),
      rec(data('245', [])),
      rec(),
    ];
    for (const record of cases) expectSame(record);
  });

  it('gives the same RangeError at the directory limits (9,999 bytes a field, 99,999 a record)', () => {
    const ascii = (n: number) => 'x'.repeat(n);
    const cases: MarcRecord[] = [
      rec({ tag: '001', value: ascii(9998) }),
      rec({ tag: '001', value: ascii(9999) }),
      rec(data('520', [['a', ascii(9995)]])),
      rec(data('520', [['a', ascii(9996)]])),
      rec(data('520', [['a', '中'.repeat(3331)], ['b', 'xx']])),
      rec(data('520', [['a', '中'.repeat(3332)], ['b', 'x']])),
      rec(data('520', [['a', '中'.repeat(3333)]])),
      rec(data('520', [['a', ascii(100_000)]])),
      rec(...Array.from({ length: 11 }, () => data('520', [['a', '中'.repeat(3000)]]))),
      rec(...Array.from({ length: 10 }, () => data('520', [['a', ascii(9990)]]))),
      rec(...Array.from({ length: 9 }, () => data('520', [['a', '中'.repeat(3300)]]))),
    ];
    for (const record of cases) expectSame(record);
  });

  it('writes odd leaders and tags as the text path does', () => {
    expectSame({ leader: '00000nam', fields: [data('245', [['a', 'short leader']])] });
    expectSame({ leader: `${LEADER}xx`, fields: [data('245', [['a', 'long leader']])] });
    expectSame({ leader: '00000nam\u00e9a2200000 a 4500', fields: [data('245', [['a', 'Latin-1 leader']])] });
    expectSame(rec(data('24', [['a', 'two-character tag']])));
    expectSame(rec(data('2455', [['a', 'four-character tag']])));
  });

  it('writes a record larger than its scratch buffer, and the next small one, as the text path does', () => {
    expectSame(rec(...Array.from({ length: 9 }, (_, i) => data('500', [['a', `${i}${'中'.repeat(3200)}`]]))));
    expectSame(rec(data('245', [['a', 'small']])));
  });

  it('writes generated records as the text path does', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', '\ud800', '\udc00', '\x1f', '\x1e', ' '), maxLength: 40 });
    const field = fc.oneof(
      fc.record({ tag: fc.constantFrom('001', '005', '008'), value: text }),
      fc.record({ tag: fc.constantFrom('100', '245', '852'), ind1: fc.constantFrom(' ', '1', 'é', '\ud83d'), ind2: fc.constantFrom(' ', '0', '\ude00'), subfields: fc.array(fc.record({ code: fc.constantFrom('a', 'b', '\ud83d', 'é'), value: text }), { maxLength: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), (fields) => {
        expectSame({ leader: LEADER, fields });
      }),
      { numRuns: 2000 },
    );
  });
});
