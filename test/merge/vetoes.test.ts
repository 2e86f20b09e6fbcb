/**
 * The cataloguer's vetoes on hand-made records: a shared 统一书号 does not join two
 * editions, subtitles count when both sides have one, bindings stay apart, volumes match
 * volumes across MARC 21 (pinyin + 880, 020 $z) and CNMARC (Traditional), and every veto
 * shows as a relation with its reason.
 */
import { describe, expect, it } from 'vitest';
import { explainCluster } from '../../src/merge/explain.ts';
import { mergeAll } from '../../src/merge/merger.ts';
import type { Cluster } from '../../src/merge/types.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { bib, isbnEntry, person } from '../../corpora/merge/records.ts';

function clusterOf(clusters: readonly Cluster[], id: string): Cluster {
  const found = clusters.find((c) => c.merged.recordIds.includes(id));
  if (!found) throw new Error(`no cluster holds ${id}`);
  return found;
}

function together(clusters: readonly Cluster[], a: string, b: string): boolean {
  return clusterOf(clusters, a) === clusterOf(clusters, b);
}

describe('a shared 统一书号 never joins two editions', () => {
  const lu = [person('鲁迅')];
  const ed1 = bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '鲁迅传', authors: lu, year: 1959, edition: '第1版', otherIds: [{ scheme: 'csbn', value: '10009·565' }], languages: ['chi'] });
  const ed1b = bib({ id: 'bnu:1', library: 'bnu', format: 'cnmarc', title: '鲁迅传', authors: lu, year: 1959, otherIds: [{ scheme: 'csbn', value: '10009.565' }], languages: ['chi'] });
  const ed2 = bib({ id: 'nlc:2', library: 'nlc', format: 'cnmarc', title: '鲁迅传', authors: lu, year: 1982, edition: '第2版', otherIds: [{ scheme: 'csbn', value: '10009·565' }], languages: ['chi'] });
  const ed2pinyin = bib({ id: 'pku:2', library: 'pku', title: 'Lu Xun zhuan', vernacularTitle: '魯迅傳', authors: [person('Lu, Xun', { vernacular: '鲁迅' })], year: 1982, edition: 'Di 2 ban', languages: ['chi'] });
  const reprint = bib({ id: 'ruc:3', library: 'ruc', format: 'cnmarc', title: '鲁迅传', authors: lu, year: 1962, edition: '第1版 1962年第3次印刷', otherIds: [{ scheme: 'csbn', value: '10009·565' }], languages: ['chi'] });

  it('keeps the 1959 first edition, its 1962 printing and the 1982 second edition apart, and relates them with the reason', () => {
    const clusters = mergeAll([ed1, ed1b, ed2, ed2pinyin, reprint]);
    expect(together(clusters, 'ruc:1', 'bnu:1')).toBe(true);
    expect(together(clusters, 'nlc:2', 'pku:2')).toBe(true);
    expect(together(clusters, 'ruc:1', 'nlc:2')).toBe(false);
    expect(together(clusters, 'ruc:1', 'ruc:3')).toBe(false);
    const second = clusterOf(clusters, 'nlc:2');
    const first = clusterOf(clusters, 'ruc:1');
    const relation = second.relations.find((r) => r.clusterId === first.id);
    expect(relation).toMatchObject({ kind: 'other-edition', via: 'csbn 10009.565', reason: { code: 'edition', zh: '第2版 vs 第1版' } });
    expect(clusterOf(clusters, 'ruc:3').relations.find((r) => r.clusterId === first.id)?.reason).toMatchObject({ code: 'year', zh: '1962 vs 1959' });
    expect(explainCluster(second).join('\n')).toContain('第2版 vs 第1版');
  });
});

describe('subtitles count when both sides have one', () => {
  const brown = [person('Brown, Martin C.')];
  const base = { authors: brown, year: 1999, publisher: 'Osborne/McGraw-Hill', languages: ['eng'] };
  const ref = bib({ id: 'pku:1', library: 'pku', title: 'Perl', subtitle: "programmer's reference", isbns: [isbnEntry('0072126094')], ...base });
  const refNoIsbn = bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: 'Perl', subtitle: "Programmer's reference", ...base });
  const complete = bib({ id: 'thu:1', library: 'thu', title: 'Perl', subtitle: 'the complete reference', ...base });
  const completeIpac = bib({ id: 'shl:1', library: 'shl', format: 'ipac', title: 'Perl : the complete reference', ...base });

  it('keeps two books with other subtitles apart, relating them', () => {
    const clusters = mergeAll([ref, refNoIsbn, complete, completeIpac]);
    expect(together(clusters, 'pku:1', 'ruc:1')).toBe(true);
    expect(together(clusters, 'thu:1', 'shl:1')).toBe(true);
    expect(together(clusters, 'pku:1', 'thu:1')).toBe(false);
    const relation = clusterOf(clusters, 'pku:1').relations.find((r) => r.clusterId === clusterOf(clusters, 'thu:1').id);
    expect(relation).toMatchObject({ kind: 'related', reason: { code: 'subtitle' } });
  });

  it('lets a record without subtitle join the one book that has the title', () => {
    const bare = bib({ id: 'bnu:1', library: 'bnu', format: 'cnmarc', title: 'Perl', ...base });
    const clusters = mergeAll([complete, completeIpac, bare]);
    expect(together(clusters, 'thu:1', 'bnu:1')).toBe(true);
  });
});

describe('serials', () => {
  it('keeps two journals of one title and start year apart by their ISSNs', () => {
    const journal = (id: string, library: string, issns: string[]) => bib({ id, library, format: 'cnmarc', title: '图书馆', authors: [{ name: '湖南图书馆', kind: 'corporate' }], year: 1979, materialType: '期刊', issns, languages: ['chi'] });
    const clusters = mergeAll([journal('ruc:1', 'ruc', ['1002-1558']), journal('bnu:1', 'bnu', ['1002-1558']), journal('nlc:1', 'nlc', ['1004-6127'])]);
    expect(together(clusters, 'ruc:1', 'bnu:1')).toBe(true);
    expect(together(clusters, 'ruc:1', 'nlc:1')).toBe(false);
  });
});

describe('bindings and printings', () => {
  const hard = '9787100117069';
  const soft = '9787100117076';
  const ciyuan = (id: string, library: string, extra: Partial<BibRecord>) => bib({ id, library, format: 'cnmarc', title: '辞源', authors: [person('何九盈')], year: 2015, edition: '第3版', languages: ['chi'], ...extra });

  it('keeps 精装 and 平装 apart even when each record lists the other, as other bindings', () => {
    const clusters = mergeAll([
      ciyuan('ruc:h', 'ruc', { isbns: [isbnEntry(hard, '精装'), isbnEntry(soft, '平装')] }),
      ciyuan('bnu:h', 'bnu', { isbns: [isbnEntry(hard, '精装')] }),
      ciyuan('nlc:s', 'nlc', { isbns: [isbnEntry(soft, '平装'), isbnEntry(hard, '精装')] }),
      bib({ id: 'pku:s', library: 'pku', title: 'Ci yuan', vernacularTitle: '辭源', authors: [person('He, Jiuying', { vernacular: '何九盈' })], year: 2015, edition: 'Di 3 ban', languages: ['chi'], isbns: [isbnEntry(soft, 'pbk.')] }),
    ]);
    expect(together(clusters, 'ruc:h', 'bnu:h')).toBe(true);
    expect(together(clusters, 'nlc:s', 'pku:s')).toBe(true);
    expect(together(clusters, 'ruc:h', 'nlc:s')).toBe(false);
    const relation = clusterOf(clusters, 'ruc:h').relations.find((r) => r.clusterId === clusterOf(clusters, 'nlc:s').id);
    expect(relation).toMatchObject({ kind: 'other-binding', reason: { code: 'binding', zh: '精装 vs 平装', en: 'hardcover vs paperback' } });
  });

  it('merges a later printing of one ISBN catalogued with its own year', () => {
    const isbn = '9787301194258';
    const clusters = mergeAll([
      bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '乡土中国', year: 2012, isbns: [isbnEntry(isbn)], languages: ['chi'] }),
      bib({ id: 'bnu:1', library: 'bnu', format: 'cnmarc', title: '乡土中国', year: 2016, edition: '第1版 2016年第7次印刷', isbns: [isbnEntry(isbn)], languages: ['chi'] }),
    ]);
    expect(together(clusters, 'ruc:1', 'bnu:1')).toBe(true);
  });
});

describe('volumes match volumes', () => {
  const setIsbn = '9787208061439';
  const v1Isbn = '9787208061446';
  const v2Isbn = '9787208061453';
  const bai = { languages: ['chi'], year: 1989, publisher: '上海人民出版社' };

  it('matches volume 1 in MARC 21 and CNMARC by its ISBN, though both also carry the set\'s', () => {
    const clusters = mergeAll([
      bib({ id: 'pku:1', library: 'pku', title: 'Zhongguo tong shi', partNumber: 'Di 1 juan', partName: 'Dao lun', vernacularTitle: '中国通史', authors: [person('Bai, Shouyi', { vernacular: '白寿彝' })], isbns: [isbnEntry(v1Isbn, 'v. 1'), isbnEntry(setIsbn, 'set')], ...bai }),
      bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '中国通史', partNumber: '第1卷', partName: '导论', authors: [person('白寿彝')], isbns: [isbnEntry(v1Isbn), isbnEntry(setIsbn)], ...bai }),
      bib({ id: 'bnu:2', library: 'bnu', format: 'cnmarc', title: '中国通史', partNumber: '第2卷', partName: '远古时代', authors: [person('白寿彝')], isbns: [isbnEntry(v2Isbn), isbnEntry(setIsbn)], ...bai }),
      bib({ id: 'nlc:set', library: 'nlc', format: 'cnmarc', title: '中国通史', extent: '22册', authors: [person('白寿彝')], isbns: [isbnEntry(setIsbn, '全套')], ...bai }),
    ]);
    expect(together(clusters, 'pku:1', 'ruc:1')).toBe(true);
    expect(together(clusters, 'ruc:1', 'bnu:2')).toBe(false);
    expect(together(clusters, 'ruc:1', 'nlc:set')).toBe(false);
    expect(clusterOf(clusters, 'ruc:1').relations.find((r) => r.clusterId === clusterOf(clusters, 'nlc:set').id)?.kind).toBe('volume-of');
  });

  it('matches a volume in pinyin + 880 (set ISBN in 020 $z) with the same volume in Traditional CNMARC, never another volume', () => {
    const marc21 = bib({ id: 'thu:1', library: 'thu', title: 'Zhongguo tong shi', partNumber: 'Di 1 juan', vernacularTitle: '中國通史', authors: [person('Bai, Shouyi', { vernacular: '白壽彝' })], isbns: [{ ...isbnEntry(setIsbn), cancelled: true }], ...bai });
    const trad = bib({ id: 'shljp:1', library: 'shljp', format: 'cnmarc', title: '中國通史', partNumber: '第一卷', authors: [person('白壽彝')], isbns: [isbnEntry(setIsbn)], ...bai });
    const other = bib({ id: 'shljp:2', library: 'shljp', format: 'cnmarc', title: '中國通史', partNumber: '第二卷', authors: [person('白壽彝')], isbns: [isbnEntry(setIsbn)], ...bai });
    const link = bib({ id: 'bupt:1', library: 'bupt', format: 'cnmarc', title: '导论', links: [{ kind: 'set', title: '中国通史', volume: '第1卷' }], authors: [person('白寿彝')], isbns: [isbnEntry(setIsbn)], ...bai });
    const clusters = mergeAll([marc21, trad, other, link]);
    expect(together(clusters, 'thu:1', 'shljp:1')).toBe(true);
    expect(together(clusters, 'thu:1', 'bupt:1')).toBe(true);
    expect(together(clusters, 'shljp:1', 'shljp:2')).toBe(false);
    expect(clusterOf(clusters, 'thu:1').members.find((m) => m.recordId === 'thu:1')?.rule).toBe('set-volume');
  });

  it('matches a CNMARC volume linked to its set in 461 (set ISBN in the link) with the MARC 21 record of that volume', () => {
    const marc21 = bib({ id: 'pku:1', library: 'pku', title: 'Zhongguo tong shi', partNumber: 'Di 1 juan', partName: 'Dao lun', authors: [person('Bai, Shouyi', { vernacular: '白寿彝' })], isbns: [isbnEntry(setIsbn, 'set')], ...bai });
    const linked = bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '导论', links: [{ kind: 'set', title: '中国通史', volume: '第1卷', isbn: '978-7-208-06143-9' }], authors: [person('白寿彝')], ...bai });
    const other = bib({ id: 'ruc:2', library: 'ruc', format: 'cnmarc', title: '远古时代', links: [{ kind: 'set', title: '中国通史', volume: '第2卷', isbn: '978-7-208-06143-9' }], authors: [person('白寿彝')], ...bai });
    const clusters = mergeAll([marc21, linked, other]);
    expect(together(clusters, 'pku:1', 'ruc:1')).toBe(true);
    expect(together(clusters, 'ruc:1', 'ruc:2')).toBe(false);
  });

  it('never joins two volumes, or a volume and its set, by the set\'s ISBN alone', () => {
    const clusters = mergeAll([
      bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '全宋词', partNumber: '第1册', authors: [person('唐圭璋')], isbns: [isbnEntry(setIsbn)], ...bai }),
      bib({ id: 'bnu:set', library: 'bnu', format: 'cnmarc', title: '全宋词', authors: [person('唐圭璋')], isbns: [isbnEntry(setIsbn)], ...bai }),
      bib({ id: 'nlc:2', library: 'nlc', format: 'cnmarc', title: '全宋词', partNumber: '第2册', authors: [person('唐圭璋')], isbns: [isbnEntry(setIsbn)], ...bai }),
    ]);
    expect(together(clusters, 'ruc:1', 'bnu:set')).toBe(false);
    expect(together(clusters, 'ruc:1', 'nlc:2')).toBe(false);
    expect(new Set(clusters.map((c) => c.id)).size).toBe(clusters.length);
  });
});
