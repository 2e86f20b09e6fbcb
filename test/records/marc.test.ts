import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlValue, dataFields, hasField, isDataField, readSubfields, type DataField, type MarcField, type MarcRecord } from '../../src/records/marc.ts';

const data = (tag: string, a: string): DataField => ({ tag, ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: a }] });

describe('fields by tag', () => {
  it('lists a tag’s fields in record order, also when they are not next to each other', () => {
    const fields: MarcField[] = [
      { tag: '001', value: 'x1' },
      data('650', 'one'),
      data('650', 'two'),
      { tag: '005', value: '2024' },
      data('650', 'three'),
      data('700', 'a'),
      data('650', 'four'),
      { tag: '001', value: 'second 001' },
    ];
    const record: MarcRecord = { leader: '', fields };
    expect(dataFields(record, '650').map((f) => f.subfields[0]?.value)).toEqual(['one', 'two', 'three', 'four']);
    expect(dataFields(record, '700')).toEqual([fields[5]]);
    expect(dataFields(record, '245')).toEqual([]);
    expect(controlValue(record, '001')).toBe('x1');
    expect(controlValue(record, '008')).toBeUndefined();
    expect(hasField(record, '005')).toBe(true);
    expect(hasField(record, '650')).toBe(true);
    expect(hasField(record, '008')).toBe(false);
  });

  it('reads a record again once its fields changed', () => {
    const record: MarcRecord = { leader: '', fields: [data('245', 'old')] };
    expect(dataFields(record, '245')).toHaveLength(1);
    record.fields.push(data('245', 'new'));
    expect(dataFields(record, '245')).toHaveLength(2);
    record.fields = [{ tag: '001', value: 'n' }];
    expect(dataFields(record, '245')).toEqual([]);
    expect(controlValue(record, '001')).toBe('n');
  });

  it('is the same as filtering the fields, for any order of tags', () => {
    const tag = fc.constantFrom('001', '005', '008', '245', '650', '700', '880');
    const field = tag.chain((t) => (['001', '005', '008'].includes(t) ? fc.string({ maxLength: 3 }).map((value): MarcField => ({ tag: t, value })) : fc.string({ maxLength: 3 }).map((a) => data(t, a))));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 20 }), (fields) => {
        const record: MarcRecord = { leader: '', fields };
        for (const t of ['001', '005', '008', '245', '650', '700', '880', '999']) {
          expect(dataFields(record, t)).toEqual(fields.filter((f): f is DataField => isDataField(f) && f.tag === t));
          expect(controlValue(record, t)).toBe(fields.find((f) => !isDataField(f) && f.tag === t)?.['value' as never]);
          expect(hasField(record, t)).toBe(fields.some((f) => f.tag === t));
        }
      }),
    );
  });
});

describe('readSubfields', () => {
  it("reads every $code of a tag's fields in record order, leaving out what reads as undefined", () => {
    const record: MarcRecord = {
      leader: '00000nam0 2200000   450 ',
      fields: [
        { tag: '101', ind1: '0', ind2: ' ', subfields: [{ code: 'a', value: 'chi' }, { code: 'c', value: 'eng' }, { code: 'a', value: 'und' }] },
        { tag: '200', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'title' }] },
        { tag: '101', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'jpn' }] },
      ],
    };
    expect(readSubfields(record, '101', 'a', (v) => (v === 'und' ? undefined : v.toUpperCase()))).toEqual(['CHI', 'JPN']);
    expect(readSubfields(record, '999', 'a', (v) => v)).toEqual([]);
  });
});

