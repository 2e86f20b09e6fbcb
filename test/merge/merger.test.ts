/**
 * Merge rules on small hand-made records (the seed's cases), progressive merging against
 * batch merging, and the shape of a cluster.
 */
import { describe, expect, it } from 'vitest';
import { explainCluster } from '../../src/merge/explain.ts';
import { Merger, mergeAll } from '../../src/merge/merger.ts';
import type { Cluster } from '../../src/merge/types.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { labelledCorpus } from '../../corpora/merge/corpus.ts';
import { bib, holding, isbn13, isbnEntry, person, rng, shuffle } from '../../corpora/merge/records.ts';

const CUP = { publisher: 'Cambridge University Press', languages: ['eng'] };
const v7 = (id: string, library: string, extra: Partial<BibRecord>): BibRecord =>
  bib({ id, library, title: 'The Cambridge history of China', partNumber: 'v. 7', partName: 'The Ming dynasty, 1368-1644, pt. 1', year: 1988, ...CUP, ...extra });

function together(clusters: readonly Cluster[], a: string, b: string): boolean {
  return clusters.some((c) => c.merged.recordIds.includes(a) && c.merged.recordIds.includes(b));
}

describe('identifier rules', () => {
  it('matches ISBN-10 with ISBN-13, hyphens, lower-case x and full-width digits', () => {
    const clusters = mergeAll([
      bib({ id: 'a:1', library: 'a', title: 'Foo', isbns: [isbnEntry('0-8044-2957-x')] }),
      bib({ id: 'b:1', library: 'b', title: 'Bar', isbns: [isbnEntry('9780804429573')] }),
      bib({ id: 'c:1', library: 'c', title: 'Baz', isbns: [isbnEntry('０８０４４２９５７Ｘ')] }),
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.members.map((m) => [m.rule, m.value])).toEqual([['isbn', '9780804429573'], ['isbn', '9780804429573'], ['isbn', '9780804429573']]);
  });

  it('joins a misprinted ISBN only together with the start of the title', () => {
    const bad = '9787532524502'; // wrong check digit
    const clusters = mergeAll([
      bib({ id: 'a:1', library: 'a', title: '上海旧影', isbns: [isbnEntry(bad)] }),
      bib({ id: 'b:1', library: 'b', title: '上海舊影', isbns: [isbnEntry(bad)] }),
      bib({ id: 'c:1', library: 'c', title: '北京胡同', isbns: [isbnEntry(bad)] }),
    ]);
    expect(together(clusters, 'a:1', 'b:1')).toBe(true);
    expect(together(clusters, 'a:1', 'c:1')).toBe(false);
    expect(clusters.find((c) => c.merged.recordIds.includes('a:1'))?.members[0]?.rule).toBe('isbn-invalid');
  });

  it('uses 统一书号 and LCCN in their written variants', () => {
    const clusters = mergeAll([
      bib({ id: 'a:1', library: 'a', title: '呐喊', otherIds: [{ scheme: 'csbn', value: '10019·1906' }] }),
      bib({ id: 'b:1', library: 'b', title: '吶喊', otherIds: [{ scheme: 'csbn', value: '10019.1906' }] }),
      bib({ id: 'c:1', library: 'c', title: 'x', otherIds: [{ scheme: 'lccn', value: '80-5391' }] }),
      bib({ id: 'd:1', library: 'd', title: 'y', otherIds: [{ scheme: 'lccn', value: '80005391' }] }),
    ]);
    expect(together(clusters, 'a:1', 'b:1')).toBe(true);
    expect(together(clusters, 'c:1', 'd:1')).toBe(true);
  });
});

describe('manifestations kept apart', () => {
  const chc7 = '0-521-24332-7';
  const set = bib({ id: 'shl:set', library: 'shl', title: 'The Cambridge history of China', extent: 'v. : ill. ; 24 cm', year: 1978, ...CUP, isbns: [isbnEntry(chc7, 'v. 7'), isbnEntry('0521243335', 'v. 8')] });
  const vol7a = v7('pku:7', 'pku', { isbns: [isbnEntry(chc7)], authors: [person('Twitchett, Denis Crispin.')] });
  const vol7b = v7('ruc:7', 'ruc', { partNumber: 'v.7', isbns: [isbnEntry('978-0-521-24332-2')], authors: [person('Twitchett, D. C.')] });
  const vol8 = bib({ id: 'thu:8', library: 'thu', title: 'The Cambridge history of China', partNumber: 'v. 8', year: 1998, ...CUP, isbns: [isbnEntry('0521243335')] });

  it('merges v.7 across libraries but not with v.8 or the set that lists its ISBN; groups volumes under the set', () => {
    const clusters = mergeAll([set, vol7a, vol7b, vol8]);
    expect(together(clusters, 'pku:7', 'ruc:7')).toBe(true);
    expect(together(clusters, 'pku:7', 'shl:set')).toBe(false);
    expect(together(clusters, 'pku:7', 'thu:8')).toBe(false);
    const setCluster = clusters.find((c) => c.merged.recordIds.includes('shl:set')) as Cluster;
    const v7Cluster = clusters.find((c) => c.merged.recordIds.includes('pku:7')) as Cluster;
    expect(v7Cluster.relations).toContainEqual(expect.objectContaining({ kind: 'volume-of', clusterId: setCluster.id }));
    expect(setCluster.setGroup?.volumes.map((v) => v.volume)).toEqual(['7.1', '8']);
    expect(v7Cluster.setGroup?.setClusterIds).toEqual([setCluster.id]);
  });

  it('keeps a set record showing only its first volume\'s ISBN (an OPAC habit) apart from that volume', () => {
    const opacSet = bib({ id: 'shl:0563120', library: 'shl', title: 'The Cambridge history of China', extent: 'v. <1, 3, 10-15 > : ill. ; 24 cm.', year: 1978, ...CUP, isbns: [isbnEntry('0521214475')] });
    const vol10 = bib({ id: 'pku:10', library: 'pku', title: 'The Cambridge history of China', partNumber: 'Volume 10', year: 1978, ...CUP, isbns: [isbnEntry('0521214475')] });
    const clusters = mergeAll([opacSet, vol10]);
    expect(together(clusters, 'shl:0563120', 'pku:10')).toBe(false);
  });

  it('reads an open date ("1978-", a multipart item still in progress) as a set: a brief union record of the set joins the set, not the volume whose ISBN it shows', () => {
    const opacSet = bib({ id: 'shl:0563120', library: 'shl', title: 'The Cambridge history of China', extent: 'v. <1, 3, 10-15 > : ill. ; 24 cm.', year: 1978, ...CUP, authors: [person('Twitchett, Denis Crispin.')], isbns: [isbnEntry('0521214475')] });
    const unionSet = bib({ id: 'balis-union:1', library: 'balis-union', title: 'The Cambridge history of China', yearText: '1978-', year: 1978, authors: [], responsibility: 'general editors, Denis Twitchett and John K. Fairbank', languages: ['eng'], isbns: [isbnEntry('0521214475')] });
    const vol10 = bib({ id: 'pku:10', library: 'pku', title: 'The Cambridge history of China', partNumber: 'Volume 10', year: 1978, ...CUP, isbns: [isbnEntry('0521214475')] });
    const clusters = mergeAll([opacSet, unionSet, vol10]);
    expect(together(clusters, 'balis-union:1', 'pku:10')).toBe(false);
    expect(together(clusters, 'balis-union:1', 'shl:0563120')).toBe(true);
  });

  it('joins a brief union record that names its volume (v.10) to that volume, not to the set whose ISBNs include it', () => {
    // The set as a member catalogues it (fx21-0001: 505 lists the volumes, 020 their ISBNs, v.10's first), and v.10 as another does (fx21-0004).
    const fullSet = bib({ id: 'pku:fx21-0001', library: 'pku', title: 'The Cambridge history of China', yearText: '1978-', year: 1978, ...CUP, authors: [person('Twitchett, Denis Crispin.')], contents: ['v. 7. The Ming dynasty, 1368-1644, pt. 1 -- v. 8. The Ming dynasty, 1368-1644, pt. 2 -- v. 10. Late Ch\'ing, 1800-1911, pt. 1 -- v. 11. Late Ch\'ing, 1800-1911, pt. 2'], isbns: ['0521214475', '0521220297', '0521243327', '0521243335'].map((i) => isbnEntry(i)) });
    const vol10 = bib({ id: 'ruc:fx21-0004', library: 'ruc', title: 'The Cambridge history of China', partNumber: 'Volume 10, Part 1', partName: 'Late Ch\'ing, 1800-1911', year: 1978, ...CUP, authors: [person('Fairbank, John King,')], isbns: [isbnEntry('0521214475'), isbnEntry('9780521214476')] });
    // The union page's brief records (adapters/balis/records.ts hitToRecord): one line of title, the statement of
    // responsibility (no name headings), one ISBN. The set's brief shows v.10's ISBN too, and an open date.
    const union = (id: string, title: string, yearText: string, responsibility: string) =>
      bib({ id, library: 'balis-union', title, yearText, year: 1978, authors: [], responsibility, publisher: 'Cambridge University Press', languages: ['eng'], isbns: [isbnEntry('0521214475')] });
    const unionSet = union('balis-union:fx21-0001', 'The Cambridge history of China', '1978-', 'general editors, Denis Twitchett and John K. Fairbank');
    const briefs = [
      // As the union simulator writes it (245 $a. $n, $p), as the seed's reader wrote the ILL form, and bare.
      union('balis-union:fx21-0004', 'The Cambridge history of China. Volume 10, Part 1, Late Ch\'ing, 1800-1911', '1978', 'edited by John K. Fairbank'),
      union('balis-union:b', 'The Cambridge history of China. v.10: Late Ch\'ing, 1800-1911, pt. 1', '1978', 'edited by John K. Fairbank'),
      union('balis-union:c', 'The Cambridge history of China v.10', '1978', 'edited by John K. Fairbank'),
    ];
    for (const brief of briefs) {
      for (const order of [[fullSet, unionSet, vol10, brief], [brief, unionSet, fullSet, vol10], [unionSet, brief, vol10, fullSet]]) {
        const clusters = mergeAll(order);
        expect(together(clusters, brief.id, 'ruc:fx21-0004'), `${brief.title} with v.10`).toBe(true);
        expect(together(clusters, brief.id, 'pku:fx21-0001'), `${brief.title} not with the set`).toBe(false);
        expect(together(clusters, brief.id, unionSet.id), `${brief.title} not with the set's brief`).toBe(false);
        expect(together(clusters, unionSet.id, 'pku:fx21-0001')).toBe(true);
      }
    }
  });

  it('keeps a volume apart from its set when both carry the set\'s one LCCN', () => {
    const lccn = { scheme: 'lccn', value: '76029852' };
    const setWithLccn = { ...set, otherIds: [lccn] };
    const vol7WithLccn = { ...vol7a, otherIds: [lccn] };
    const clusters = mergeAll([setWithLccn, vol7WithLccn, vol7b]);
    expect(together(clusters, 'pku:7', 'shl:set')).toBe(false);
    expect(together(clusters, 'pku:7', 'ruc:7')).toBe(true);
  });

  it('keeps the e-book, other editions and a same-title book by another author apart, and relates them', () => {
    const base = { title: 'Introduction to algorithms', authors: [person('Cormen, Thomas H.')], languages: ['eng'] };
    const clusters = mergeAll([
      bib({ id: 'a:3', library: 'a', ...base, edition: '3rd ed.', year: 2009 }),
      bib({ id: 'b:3', library: 'b', ...base, edition: 'Third edition', year: 2009 }),
      bib({ id: 'c:2', library: 'c', ...base, edition: '2nd ed.', year: 2001 }),
      bib({ id: 'd:e', library: 'd', ...base, edition: '3rd ed.', year: 2009, materialType: '电子资源' }),
      bib({ id: 'e:x', library: 'e', ...base, authors: [person('Sedgewick, Robert')], edition: '3rd ed.', year: 2009 }),
    ]);
    expect(together(clusters, 'a:3', 'b:3')).toBe(true);
    for (const other of ['c:2', 'd:e', 'e:x']) expect(together(clusters, 'a:3', other)).toBe(false);
    const third = clusters.find((c) => c.merged.recordIds.includes('a:3')) as Cluster;
    const kinds = third.relations.map((r) => [r.kind, clusters.find((c) => c.id === r.clusterId)?.merged.recordIds[0]]);
    expect(kinds).toEqual(expect.arrayContaining([['other-edition', 'c:2'], ['related', 'd:e']]));
  });

  it('does not let a title join two presses of the same year (different ISBNs), nor a record without ISBN between them', () => {
    const hlm = { title: '红楼梦', authors: [person('曹雪芹')], year: 2008, languages: ['chi'] };
    const clusters = mergeAll([
      bib({ id: 'a:1', library: 'a', ...hlm, isbns: [isbnEntry('978-7-02-006685-8')] }),
      bib({ id: 'b:1', library: 'b', ...hlm, isbns: [isbnEntry(isbn13('978755380137'))] }),
      bib({ id: 'c:1', library: 'c', ...hlm }),
    ]);
    expect(clusters).toHaveLength(3);
  });
});

describe('vernacular and translations', () => {
  const cnmarc = bib({ id: 'ruc:1', library: 'ruc', format: 'cnmarc', title: '万历十五年', authors: [person('黄仁宇')], year: 1982, edition: '第1版', languages: ['chi'], notes: ['译自: 1587, a year of no significance'] });
  const marc21 = bib({ id: 'pku:1', library: 'pku', title: 'Wan li shi wu nian', vernacularTitle: '萬曆十五年', authors: [person('Huang, Renyu.', { vernacular: '黃仁宇' })], year: 1982, yearText: 'c1982.', languages: ['chi'] });
  const english = bib({ id: 'thu:1', library: 'thu', title: '1587, a year of no significance', subtitle: 'the Ming dynasty in decline', authors: [person('Huang, Ray.')], year: 1981, languages: ['eng'] });

  it('merges 万历十五年 with "Wan li shi wu nian" through its 880 fields, not with 1587', () => {
    const clusters = mergeAll([cnmarc, marc21, english]);
    expect(together(clusters, 'ruc:1', 'pku:1')).toBe(true);
    expect(together(clusters, 'ruc:1', 'thu:1')).toBe(false);
    const wanli = clusters.find((c) => c.merged.recordIds.includes('ruc:1')) as Cluster;
    expect(wanli.merged.title).toBe('万历十五年');
    expect(wanli.members.find((m) => m.recordId === 'pku:1')?.rule).toBe('vernacular');
    const translation = clusters.find((c) => c.merged.recordIds.includes('thu:1')) as Cluster;
    expect(wanli.relations).toContainEqual(expect.objectContaining({ kind: 'translation', clusterId: translation.id }));
    expect(explainCluster(wanli).join('\n')).toContain('vernacular');
  });
});

describe('merged record and holdings', () => {
  it('keeps every source record, the fullest title, all ISBNs, the earliest reliable year; eligible libraries first', () => {
    const r = rng(3);
    const a = v7('pku:7', 'pku', { partName: undefined, year: 1989, yearText: '[1989?]', isbns: [isbnEntry('0521243327')], holdings: [{ ...holding('pku', r), status: 'on_loan', ill: { eligible: false, reasons: [] } }] });
    const b = v7('shl:7', 'shl', { format: 'ipac', year: 1988, yearText: 'c1988', isbns: [isbnEntry('0521243327'), isbnEntry('9780521243322', 'pbk.')], holdings: [{ ...holding('shl', r), status: 'available', ill: { eligible: true, reasons: [] } }] });
    const [cluster] = mergeAll([a, b]);
    expect(cluster?.records.map((x) => x.id)).toEqual(['pku:7', 'shl:7']);
    expect(cluster?.merged.partName).toBe('The Ming dynasty, 1368-1644, pt. 1');
    expect(cluster?.merged.year).toBe(1988);
    expect(cluster?.merged.isbns.map((i) => i.isbn13)).toEqual(['9780521243322']);
    expect(cluster?.holdings.map((h) => [h.library, h.eligible])).toEqual([['shl', true], ['pku', false]]);
    expect(cluster?.eligibleLibraries).toEqual(['shl']);
    expect(cluster?.available).toBe(true);
    expect(JSON.parse(JSON.stringify(cluster))).toEqual(cluster);
  });
});

describe('copies reported twice', () => {
  it('shows a copy a union catalogue also reports once, as the library itself reports it; the union is no holder', () => {
    const copy = (statusText: string, eligible: boolean, library = 'shl') => ({
      library, branch: '上海图书馆', barcode: '54122100517423', statusText, status: 'available' as const, collectionType: '参考外借资料', loanable: true,
      ill: { eligible, reasons: eligible ? [] : [{ code: 'lender_suspended', zh: '出借馆暂停服务', en: 'lender suspended' }] },
    });
    const viaUnion = bib({ id: 'balis-union:fx21-0002', library: 'balis-union', title: 'Ming', isbns: [isbnEntry('0521243327')], holdings: [copy('归还', false), { ...copy('归还', true, 'pku'), barcode: '30012' }] });
    const own = bib({ id: 'shl:0600108', library: 'shl', title: 'Ming', isbns: [isbnEntry('0521243327')], holdings: [copy('归还', true)] });
    for (const order of [[viaUnion, own], [own, viaUnion]]) {
      const [cluster] = mergeAll(order);
      expect(cluster?.holdings.map((r) => [r.library, r.holdings.length, r.eligible])).toEqual([['pku', 1, true], ['shl', 1, true]]);
      expect(cluster?.holdings.find((r) => r.library === 'shl')?.holdings[0]?.ill?.eligible).toBe(true);
    }
  });
});

describe('progressive merging', () => {
  const corpus = labelledCorpus().map((l) => l.record);
  const batch = JSON.stringify(mergeAll(corpus));

  it.each([1, 2, 3, 4, 5])('equals the batch merge for shuffled arrival order #%i', (seed) => {
    const random = rng(seed);
    const records = shuffle(random, corpus);
    const merger = new Merger();
    let at = 0;
    while (at < records.length) {
      const size = 1 + Math.floor(random() * 40);
      merger.add(records.slice(at, at + size));
      // Snapshots in between must not disturb the final result.
      if (random() < 0.5) merger.clusters();
      at += size;
    }
    expect(JSON.stringify(merger.clusters())).toBe(batch);
  });

  it('builds the changed clusters a slice at a time (prepare) with the same result, records added between slices included', async () => {
    const random = rng(7);
    const records = shuffle(random, corpus);
    const merger = new Merger();
    merger.add(records.slice(0, 200));
    merger.clusters();
    merger.add(records.slice(200, records.length - 10));
    let turns = 0;
    // A budget spent after every cluster: a turn between every two builds.
    await merger.prepare({
      due: () => true,
      next: async () => {
        turns += 1;
        // A library answering while the clusters are built: its records count too.
        if (turns === 5) merger.add(records.slice(records.length - 10));
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    expect(turns).toBeGreaterThan(100);
    expect(JSON.stringify(merger.clusters())).toBe(batch);
  });

  it('adds a new holding to an existing cluster without changing its id', () => {
    const merger = new Merger();
    merger.add([v7('pku:7', 'pku', { isbns: [isbnEntry('0521243327')] })]);
    const before = merger.clusters();
    merger.add([v7('nlc:7', 'nlc', { format: 'cnmarc', isbns: [isbnEntry('978-0-521-24332-2')], holdings: [holding('nlc', rng(1))] })]);
    const after = merger.clusters();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[0]?.libraries).toEqual(['nlc', 'pku']);
    expect(merger.clusterOf('nlc:7')?.id).toBe(before[0]?.id);
    expect(merger.record('nlc:7')?.library).toBe('nlc');
  });

  it('treats a re-sent record id as an update, not a new record', () => {
    const merger = new Merger();
    merger.add([v7('pku:7', 'pku', {})]);
    merger.add([v7('pku:7', 'pku', { holdings: [holding('pku', rng(2))] })]);
    expect(merger.recordCount).toBe(1);
    expect(merger.clusters()[0]?.holdings[0]?.holdings).toHaveLength(1);
  });
});
