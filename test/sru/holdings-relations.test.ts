/** The holdings schema shows the works a merge kept apart, with the veto as the reason. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { mergeAll } from '../../src/merge/merger.ts';
import { holdingsRecordXml } from '../../src/sru/schemas/holdings.ts';
import { bib, person } from '../../corpora/merge/records.ts';

describe('holdings schema relations', () => {
  it('lists the other edition a shared 统一书号 did not merge, with "第2版 vs 第1版"', () => {
    const common = { format: 'cnmarc' as const, title: '鲁迅传', authors: [person('王士菁')], languages: ['chi'], otherIds: [{ scheme: 'csbn', value: '10009·565' }] };
    const clusters = mergeAll([
      bib({ id: 'ruc:1', library: 'ruc', year: 1959, edition: '第1版', ...common }),
      bib({ id: 'nlc:2', library: 'nlc', year: 1982, edition: '第2版', ...common }),
    ]);
    expect(clusters).toHaveLength(2);
    const second = clusters.find((c) => c.merged.recordIds.includes('nlc:2'));
    const first = clusters.find((c) => c.merged.recordIds.includes('ruc:1'));
    if (!second || !first) throw new Error('clusters missing');
    const xml = holdingsRecordXml(
      { id: second.id, record: second.records[0] as (typeof second.records)[number], members: second.records, holdings: [], relations: second.relations },
      { libraries: new Map(), withholdMarc: new Set() },
    );
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const relation = parsed['h:record']?.['h:relations']?.['h:relation'] as Record<string, unknown>;
    expect(relation['@kind']).toBe('other-edition');
    expect(relation['@record']).toBe(first.id);
    expect(relation['@via']).toBe('csbn 10009.565');
    expect(relation['h:title']).toBe('鲁迅传');
    expect(JSON.stringify(relation['h:reason'])).toContain('第2版 vs 第1版');
  });
});
