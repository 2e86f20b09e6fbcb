/**
 * The Explain record syntax decoder on fixtures encoded from the ASN.1 (test/z3950/explain/support,
 * checked against YAZ's own codec in test/adapters/z3950/explain-yaz.test.ts): the three
 * categories discovery uses, other categories named and skipped, malformed records refused, and
 * each limit refused at ten times its value with ExplainLimitError.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BerError, type BerElement } from '../../../src/z3950/ber-types.ts';
import { ctxCons, ctxPrim, sequence } from '../../../src/z3950/ber-writer.ts';
import { decodeExplainBytes, decodeExplainRecord } from '../../../src/z3950/explain/decode-ber.ts';
import { EXPLAIN_LIMITS, ExplainError, ExplainLimitError } from '../../../src/z3950/explain/model.ts';
import { OID } from '../../../src/z3950/oids.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/z3950/explain/${name}`, import.meta.url));

describe('Explain record syntax (1.2.840.10003.5.100)', () => {
  it('TargetInfo: name, result-set facts, limits, timeout with its unit, description; brief and non-brief members around them skipped', () => {
    const expected = {
      category: 'targetInfo',
      targetInfo: {
        name: 'BALIS 联合目录 Z39.50 服务',
        namedResultSets: true,
        multipleDatabaseSearch: false,
        maxResultSets: 10,
        maxResultSize: 50_000,
        maxTerms: 20,
        timeoutInterval: { value: 600, unit: 'second' },
        description: '北京地区高校图书馆联合目录',
      },
    };
    expect(decodeExplainBytes(fixture('targetinfo.ber'))).toEqual(expected);
    expect(decodeExplainBytes(fixture('targetinfo-indefinite.ber'))).toEqual(expected);
  });

  it('DatabaseInfo: name, title, description, availability and the record count, actual or approximate', () => {
    expect(decodeExplainBytes(fixture('databaseinfo-actual.ber'))).toEqual({
      category: 'databaseInfo',
      databaseInfo: { name: 'zwts', explainDatabase: false, available: true, title: '中文图书书目库', description: 'CNMARC 书目记录，每日更新', recordCount: { count: 1_234_567, approximate: false } },
    });
    expect(decodeExplainBytes(fixture('databaseinfo-approx.ber'))).toMatchObject({ databaseInfo: { name: 'xwts', recordCount: { count: 80_000, approximate: true } } });
    expect(decodeExplainBytes(fixture('databaseinfo-explain.ber'))).toEqual({ category: 'databaseInfo', databaseInfo: { name: 'IR-Explain-1', explainDatabase: true, available: true } });
  });

  it('AttributeDetails: per set and type the values supported, with descriptions and partial support; a type without values is "all"', () => {
    const record = decodeExplainBytes(fixture('attributedetails.ber'));
    expect(record.category).toBe('attributeDetails');
    if (record.category !== 'attributeDetails') return;
    const details = record.attributeDetails;
    expect(details.databaseName).toBe('zwts');
    expect(details.attributeSets).toHaveLength(1);
    const [bib1] = details.attributeSets;
    expect(bib1!.attributeSet).toBe(OID.BIB1_ATTRIBUTES);
    expect(bib1!.types.map((t) => t.type)).toEqual([1, 2]);
    expect(bib1!.types[1]!.values).toBe('all');
    const uses = bib1!.types[0]!.values;
    expect(uses).not.toBe('all');
    expect(Array.isArray(uses) && uses.map((u) => u.value)).toEqual([4, 1003, 7, 8, 21, 1018, 31, 1016, 20]);
    expect(Array.isArray(uses) && uses[0]).toEqual({ value: 4, description: '题名' });
    expect(Array.isArray(uses) && uses[8]).toEqual({ value: 20, description: '中图分类号', partial: true });
  });

  it('AttributeDetails may name its values (StringOrNumeric string)', () => {
    const record = decodeExplainBytes(fixture('attributedetails-names.ber'));
    expect(record).toMatchObject({ attributeDetails: { databaseName: 'xwts', attributeSets: [{ types: [{ type: 1, values: [{ value: 'Title' }, { value: 'Author' }, { value: 'ISBN' }] }, { type: 2 }] }] } });
  });

  it('names and skips the categories discovery does not use', () => {
    expect(decodeExplainBytes(fixture('categorylist.ber'))).toEqual({ category: 'other', name: 'categoryList' });
    expect(decodeExplainBytes(ctxCons(2, ctxPrim(1, Buffer.from([0x06, 0x01, 0x01]))))).toEqual({ category: 'other', name: 'schemaInfo' });
    expect(decodeExplainBytes(ctxCons(42, ctxPrim(1, Buffer.from('x'))))).toEqual({ category: 'other', name: '[42]' });
  });

  it('refuses records that do not follow the ASN.1 with ExplainError or BerError', () => {
    expect(() => decodeExplainBytes(ctxCons(0, ctxPrim(4, Buffer.from([1]))))).toThrow(/TargetInfo.name \[1\] missing/);
    expect(() => decodeExplainBytes(sequence(ctxPrim(1, Buffer.from('x'))))).toThrow(ExplainError);
    expect(() => decodeExplainBytes(ctxCons(1, ctxPrim(1, Buffer.from('db')), ctxCons(14, ctxPrim(5, Buffer.from([1])))))).toThrow(/actualNumber \[0\] or approxNumber \[1\]/);
    expect(() => decodeExplainBytes(ctxCons(8, ctxPrim(1, Buffer.from('db')), ctxPrim(2, Buffer.from([0]))))).toThrow(BerError);
    expect(() => decodeExplainBytes(fixture('targetinfo.ber').subarray(0, 100))).toThrow(BerError);
  });
});

/** An element tree built in memory, for shapes the byte reader would refuse first. */
function element(tag: number, children: BerElement[]): BerElement {
  return { cls: 'context', constructed: true, tag, content: Buffer.alloc(0), raw: Buffer.alloc(2), children, indefinite: false };
}

describe('Explain decoder limits, each at ten times its value', () => {
  it(`MAX_EXPLAIN_BYTES (${EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES})`, () => {
    const big = Buffer.alloc(EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES * 10);
    expect(() => decodeExplainBytes(big)).toThrow(ExplainLimitError);
    expect(() => decodeExplainBytes(big)).toThrow(/MAX_EXPLAIN_BYTES/);
  });

  it(`MAX_EXPLAIN_DEPTH (${EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH}), on a decoded tree and as bytes (the BER reader's own depth limit first)`, () => {
    let deep = element(1, []);
    for (let i = 0; i < EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH * 10; i++) deep = element(9, [deep]);
    expect(() => decodeExplainRecord(element(0, [deep]))).toThrow(/MAX_EXPLAIN_DEPTH/);
    let bytes = ctxPrim(1, Buffer.from('x'));
    for (let i = 0; i < EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH * 10; i++) bytes = ctxCons(9, bytes);
    expect(() => decodeExplainBytes(ctxCons(0, bytes))).toThrow(BerError);
  });

  it(`MAX_EXPLAIN_ELEMENTS (${EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS})`, () => {
    const leaf = element(3, []);
    const wide = element(8, new Array<BerElement>(EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS * 10).fill(leaf));
    expect(() => decodeExplainRecord(wide)).toThrow(ExplainLimitError);
    expect(() => decodeExplainRecord(wide)).toThrow(/MAX_EXPLAIN_ELEMENTS/);
  });
});
