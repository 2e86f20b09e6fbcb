import { describe, expect, it } from 'vitest';
import type { DataField, MarcRecord } from '../../src/records/marc.ts';
import { mapUnimarc } from '../../src/records/unimarc/map.ts';

function field(tag: string, ind: string, ...pairs: [string, string][]): DataField {
  return { tag, ind1: ind[0] ?? ' ', ind2: ind[1] ?? ' ', subfields: pairs.map(([code, value]) => ({ code, value })) };
}

const BOOK = '00000nam0 2200000   450 ';
const GENERAL = field('100', '  ', ['a', '20080101d2007    em y0chiy50      ea']);

function map(leader: string, ...fields: MarcRecord['fields']) {
  return mapUnimarc({ leader, fields });
}

describe('UNIMARC / CNMARC mapping details', () => {
  it('assembles ISBD punctuation that UNIMARC does not store', () => {
    const mapped = map(
      BOOK,
      field('200', '1 ', ['a', '史记'], ['a', '汉书'], ['e', '点校本'], ['f', '司马迁撰'], ['g', '裴骃集解'], ['g', '司马贞索隐']),
      field('215', '  ', ['a', '10册'], ['c', '图'], ['d', '21cm'], ['e', '光盘1片']),
    );
    expect(mapped).toMatchObject({
      title: '史记 ; 汉书',
      sortTitle: '史记',
      subtitle: '点校本',
      responsibility: '司马迁撰 ; 裴骃集解 ; 司马贞索隐',
      extent: '10册 : 图 ; 21cm + 光盘1片',
    });
  });

  it('does not show pinyin ($9, $A) as title text', () => {
    const mapped = map(BOOK, field('200', '1 ', ['a', '围城'], ['9', 'wei cheng'], ['A', 'wei cheng'], ['f', '钱锺书著']));
    expect(mapped.title).toBe('围城');
    expect(mapped.vernacularTitle).toBeUndefined();
  });

  it('uses $v as the part number when $h is absent', () => {
    expect(map(BOOK, field('200', '1 ', ['a', '鲁迅全集'], ['v', '第3卷'])).partNumber).toBe('第3卷');
  });

  it('takes the year from 100 $a/9-12 when 210 $d has none, and 214 when 210 is absent', () => {
    const mapped = map(BOOK, GENERAL, field('214', ' 0', ['a', '北京'], ['c', '中华书局'], ['d', '[出版年不详]']));
    expect(mapped).toMatchObject({ place: '北京', publisher: '中华书局', yearText: '[出版年不详]', year: 2007 });
  });

  it('pairs an alternate-script 200 ($6 a01) as the vernacular title', () => {
    const mapped = map(
      BOOK,
      field('200', '1 ', ['6', 'a01'], ['7', 'ba'], ['a', 'Zhongguo tong shi']),
      field('200', '1 ', ['6', 'a01'], ['7', 'ea'], ['a', '中国通史']),
      field('701', ' 0', ['6', 'a02'], ['7', 'ea'], ['a', '范文澜'], ['4', '著']),
      field('701', ' 1', ['6', 'a02'], ['7', 'ba'], ['a', 'Fan'], ['b', 'Wenlan'], ['4', '著']),
    );
    expect(mapped.title).toBe('Zhongguo tong shi');
    expect(mapped.vernacularTitle).toBe('中国通史');
    expect(mapped.authors).toEqual([{ name: '范文澜', kind: 'personal', role: '著', vernacular: 'Fan, Wenlan' }]);
  });

  it('builds names by indicator 2 and maps numeric relator codes', () => {
    const mapped = map(
      BOOK,
      field('701', ' 0', ['a', '村上'], ['b', '春树'], ['4', '070']),
      field('702', ' 1', ['a', 'Smith'], ['b', 'John'], ['d', 'III'], ['4', '730']),
      field('710', '02', ['a', '北京大学'], ['b', '图书馆'], ['4', '编']),
      field('711', '12', ['a', '全国图书馆学术研讨会'], ['4', '主办']),
    );
    expect(mapped.authors).toEqual([
      { name: '村上春树', kind: 'personal', role: '著' },
      { name: 'Smith, John III', kind: 'personal', role: '译' },
      { name: '北京大学图书馆', kind: 'corporate', role: '编' },
      { name: '全国图书馆学术研讨会', kind: 'meeting', role: '主办' },
    ]);
  });

  it('reads classification by field and by $2', () => {
    const mapped = map(
      BOOK,
      field('675', '  ', ['a', '94(510)'], ['v', '2']),
      field('676', '  ', ['a', '951'], ['v', '22']),
      field('680', '  ', ['a', 'DS735'], ['b', '.C3145']),
      field('686', '  ', ['a', '210.1'], ['2', 'njb/8']),
      field('686', '  ', ['a', 'K2'], ['2', 'rdfl']),
      field('692', '  ', ['a', '55.1'], ['v', '3']),
    );
    expect(mapped.classifications).toEqual([
      { scheme: 'udc', value: '94(510)', edition: '2' },
      { scheme: 'ddc', value: '951', edition: '22' },
      { scheme: 'lcc', value: 'DS735 .C3145' },
      { scheme: 'ndc', value: '210.1', edition: '8' },
      { scheme: 'other', value: 'K2', source: 'rdfl' },
      { scheme: 'other', value: '55.1', edition: '3', source: '科图法' },
    ]);
  });

  it('merges a 410 naming the 225 series and keeps its id and ISSN', () => {
    const mapped = map(
      BOOK,
      field('225', '2 ', ['a', '汉译世界学术名著丛书'], ['v', '第5辑']),
      field('410', ' 0', ['1', '001CAL0000012'], ['1', '011  '], ['a', '0317-8471'], ['1', '2001 '], ['a', '汉译世界学术名著丛书']),
      field('410', ' 0', ['1', '2001 '], ['a', '二十四史'], ['v', '3']),
    );
    expect(mapped.series).toEqual([
      { kind: 'series', title: '汉译世界学术名著丛书', volume: '第5辑', id: 'CAL0000012', issn: '0317-8471' },
      { kind: 'series', title: '二十四史', volume: '3' },
    ]);
  });

  it('reads 011 ISSN, 091 统一书号, 020 national bibliography number and 3XX notes vs 327 contents', () => {
    const mapped = map(
      '00000nas0 2200000   450 ',
      field('011', '  ', ['a', '0317-8471']),
      field('091', '  ', ['a', '11001·216']),
      field('020', '  ', ['a', 'CN'], ['b', '85-1234']),
      field('300', '  ', ['a', '季刊']),
      field('327', '0 ', ['a', '上编 -- 下编']),
    );
    expect(mapped.issns).toEqual(['0317-8471']);
    expect(mapped.otherIds).toEqual([{ scheme: 'csbn', value: '11001·216' }, { scheme: 'nbn:CN', value: '85-1234' }]);
    expect(mapped.notes).toEqual(['季刊']);
    // 035 is read as MARC 21's is: a CNMARC record copied from OCLC keys on the same number.
    expect(map(BOOK, GENERAL, field('035', '  ', ['a', '(OCoLC)ocm02424372']), field('035', '  ', ['a', 'NLC-01'])).otherIds).toEqual([
      { scheme: 'oclc', value: '02424372' },
      { scheme: 'system', value: 'NLC-01' },
    ]);
    expect(mapped.contents).toEqual(['上编', '下编']);
    expect(mapped.materialType).toBe('期刊');
  });

  it('decides 资料类型 from the leader, 110 and 135', () => {
    expect(map('00000nas0 2200000   450 ', field('110', '  ', ['a', 'cd   0   0'])).materialType).toBe('报纸');
    expect(map(BOOK, field('135', '  ', ['a', 'drnn ---uuuuu'])).materialType).toBe('电子资源');
    expect(map('00000nlm0 2200000   450 ').materialType).toBe('电子资源');
    expect(map('00000nem0 2200000   450 ').materialType).toBe('地图');
    expect(map('00000ncm0 2200000   450 ').materialType).toBe('乐谱');
    expect(map('00000njm0 2200000   450 ').materialType).toBe('音像资料');
  });

  it('reports a record without a 200', () => {
    expect(map(BOOK, GENERAL).problems).toEqual([{ code: 'no_title', message: 'record has no 200 title field' }]);
  });
});
