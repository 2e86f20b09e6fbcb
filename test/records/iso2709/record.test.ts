/**
 * IsoRecord.toMarcRecord() on generated records, against the rule it implements: the data
 * area decoded to NFC text, split on 0x1E (one field per tag), each data field on 0x1F.
 * Values hold stray 0x1E and 0x1F, decomposed accents (NFC changes the text: the search path)
 * and CJK or ASCII only (the paths whose delimiters come from utf8-wasm.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readIso2709 } from '../../../src/records/iso2709/reader.ts';
import type { MarcField } from '../../../src/records/marc.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function record(tags: string[], bodies: string[], indicatorCount: number, codeLength: number): Buffer {
  const data = bodies.map((body) => Buffer.from(`${body}\x1e`, 'utf8'));
  let at = 0;
  const directory = tags.map((tag, i) => {
    const entry = `${tag}${pad(data[i]?.length ?? 0, 4)}${pad(at, 5)}`;
    at += data[i]?.length ?? 0;
    return entry;
  });
  const base = 24 + directory.length * 12 + 1;
  const length = base + at + 1;
  const leader = `${pad(length, 5)}nam a${indicatorCount}${codeLength + 1}${pad(base, 5)}   4500`;
  return Buffer.concat([Buffer.from(`${leader}${directory.join('')}\x1e`, 'latin1'), ...data, Buffer.from([0x1d])]);
}

/** The rule, written plainly. */
function expected(area: string, tags: string[], indicatorCount: number, codeLength: number): MarcField[] {
  const fields: MarcField[] = [];
  let pos = 0;
  for (const tag of tags) {
    let end = area.indexOf('\x1e', pos);
    if (end === -1) end = area.length;
    const text = area.slice(pos, end);
    pos = end + 1;
    if (tag.startsWith('00')) {
      fields.push({ tag, value: text });
      continue;
    }
    const parts = text.split('\x1f');
    const head = (parts.shift() ?? '').slice(0, indicatorCount);
    const subfields = parts.map((part) => ({ code: part.slice(0, codeLength), value: part.slice(codeLength) }));
    fields.push({ tag, ind1: head[0] ?? ' ', ind2: head[1] ?? ' ', subfields });
  }
  return fields;
}

describe('IsoRecord.toMarcRecord', () => {
  it('splits the decoded data area on 0x1E and 0x1F as the rule says, whatever the values hold', () => {
    const ascii = fc.constantFrom('a', 'b', ' ', '1', 'history of ', 'ISBN 978-7-115', '\x1f', '\x1fa', '\x1e', '.');
    const other = fc.oneof(ascii, fc.constantFrom('中国图书馆', '修改代码的艺术', 'é', 'e\u0301', 'Ω', '\u{20000}', 'Müller'));
    const field = (piece: fc.Arbitrary<string>): fc.Arbitrary<[string, string]> =>
      fc.tuple(fc.constantFrom('001', '008', '020', '245', '650', '880', 'ABC'), fc.array(piece, { maxLength: 30 }).map((xs) => xs.join('')));
    const shape = fc.record({
      fields: fc.oneof(fc.array(field(ascii), { minLength: 1, maxLength: 25 }), fc.array(field(other), { minLength: 1, maxLength: 25 })),
      indicatorCount: fc.integer({ min: 0, max: 3 }),
      codeLength: fc.integer({ min: 1, max: 2 }),
    });
    fc.assert(
      fc.property(shape, ({ fields, indicatorCount, codeLength }) => {
        const tags = fields.map(([tag]) => tag);
        const bodies = fields.map(([, body]) => body);
        const bytes = record(tags, bodies, indicatorCount, codeLength);
        const items = [...readIso2709(bytes)];
        expect(items.map((item) => item.type)).toEqual(['record']);
        const item = items[0];
        if (item?.type !== 'record') throw new Error('no record');
        const area = bodies.map((body) => `${body}\x1e`).join('').normalize('NFC');
        expect(item.record.toMarcRecord().fields).toEqual(expected(area, tags, indicatorCount, codeLength));
      }),
      { numRuns: 2000 },
    );
  });
});
