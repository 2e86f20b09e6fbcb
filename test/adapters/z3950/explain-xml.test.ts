/**
 * Zebra's XML rendering of its Explain records (fixtures/z3950/explain/zebra-*.xml, captured
 * from the Zebra test peer by support/capture-explain.ts): TargetInfo, DatabaseInfo and the
 * indexes of its private AttributeDetails list; the limits at ten times their value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExplainXml } from '../../../adapters/z3950/explain-xml.ts';
import { EXPLAIN_LIMITS, ExplainError, ExplainLimitError } from '../../../src/z3950/explain/model.ts';
import { OID } from '../../../src/z3950/oids.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/z3950/explain/${name}`, import.meta.url), 'utf8');

describe("Zebra's Explain records as XML", () => {
  it('TargetInfo: the name and result-set facts, not the names nested in nicknames or its database list', () => {
    expect(parseExplainXml(fixture('zebra-targetinfo.xml'))).toEqual({ category: 'targetInfo', targetInfo: { name: 'Zebra', namedResultSets: true, multipleDatabaseSearch: true } });
  });

  it('DatabaseInfo: the database and its actual record count', () => {
    expect(parseExplainXml(fixture('zebra-databaseinfo-marc21.xml'))).toEqual({ category: 'databaseInfo', databaseInfo: { name: 'marc21', explainDatabase: false, available: true, recordCount: { count: 30, approximate: false } } });
  });

  it('AttributeDetails: the searchable indexes (cat index) by Bib-1 name with their documents; sort and always-matches entries left out', () => {
    const record = parseExplainXml(fixture('zebra-attributedetails-cnmarc.xml'));
    expect(record.category).toBe('attributeDetails');
    if (record.category !== 'attributeDetails') return;
    expect(record.attributeDetails.databaseName).toBe('cnmarc');
    const [set] = record.attributeDetails.attributeSets;
    expect(set?.attributeSet).toBe(OID.BIB1_ATTRIBUTES);
    const values = set?.types[0]?.values;
    expect(Array.isArray(values)).toBe(true);
    if (!Array.isArray(values)) return;
    expect(values).toContainEqual({ value: 'Title', documents: 30 });
    expect(values).toContainEqual({ value: 'ISSN', documents: 2 });
    expect(values).toContainEqual({ value: 'Local-classification', documents: 30 });
    expect(values.map((v) => v.value)).not.toContain('_ALLRECORDS');
    // Title is indexed as w and p (two index entries): both kept, as the server lists them.
    expect(values.filter((v) => v.value === 'Title')).toHaveLength(2);
  });

  it('names other categories and refuses what is not an Explain record', () => {
    expect(parseExplainXml(fixture('zebra-categorylist.xml'))).toEqual({ category: 'other', name: 'categoryList' });
    expect(() => parseExplainXml('<record><name>x</name></record>')).toThrow(ExplainError);
    expect(() => parseExplainXml('<explain><targetInfo><name>x</targetInfo>')).toThrow(/malformed Explain XML/);
    expect(() => parseExplainXml('<explain><databaseInfo><recordCount><recordCountActual>lots</recordCountActual></recordCount><name>x</name></databaseInfo></explain>')).toThrow(/not a count/);
    expect(() => parseExplainXml('<explain><databaseInfo/></explain>')).toThrow(/without a name/);
  });
});

describe('Explain XML limits, at ten times their value', () => {
  it('MAX_EXPLAIN_BYTES', () => {
    expect(() => parseExplainXml(' '.repeat(EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES * 10))).toThrow(/MAX_EXPLAIN_BYTES/);
  });

  it('MAX_EXPLAIN_DEPTH', () => {
    const n = EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH * 10;
    expect(() => parseExplainXml(`<explain><targetInfo>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</targetInfo></explain>`)).toThrow(ExplainLimitError);
  });

  it('MAX_EXPLAIN_ELEMENTS (at twice its value: ten times would be refused for its size first)', () => {
    const many = '<a/>'.repeat(EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS * 2);
    expect(() => parseExplainXml(`<explain><targetInfo>${many}</targetInfo></explain>`)).toThrow(/MAX_EXPLAIN_ELEMENTS/);
    expect(() => parseExplainXml(`<explain><targetInfo>${'<a/>'.repeat(EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS * 10)}</targetInfo></explain>`)).toThrow(ExplainLimitError);
  });
});
