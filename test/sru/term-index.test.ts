import { describe, expect, it } from 'vitest';
import { TermIndex } from '../../src/sru/term-index.ts';
import type { ServedRecord } from '../../src/sru/serve.ts';
import type { BibRecord } from '../../src/records/model.ts';

function bib(library: string, title: string, authors: string[] = [], isbn?: string): BibRecord {
  return {
    id: `${library}:${title}`, library, localId: title, format: 'marc21', title, sortTitle: title.toLowerCase(),
    authors: authors.map((name) => ({ name, kind: 'personal' as const })), series: [], languages: [], languageNames: [],
    isbns: isbn ? [{ original: isbn, isbn13: isbn.replace(/-/g, ''), valid: true }] : [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], holdings: [], warnings: [],
  };
}

function served(id: string, ...members: BibRecord[]): ServedRecord {
  return { id, record: members[0] as BibRecord, members, holdings: [], relations: [] } as ServedRecord;
}

describe('TermIndex', () => {
  it('lists each heading once with the number of records behind it, sorted, for the libraries asked', () => {
    const index = new TermIndex();
    index.add([
      served('c1', bib('pku', 'The Cambridge history of China /', ['Twitchett, Denis,']), bib('nlc', 'The Cambridge history of China')),
      served('c2', bib('pku', '万历十五年', ['黄仁宇'], '978-7-101-05278-6')),
      served('c3', bib('shl', 'the cambridge history of china', ['Twitchett, Denis'])),
    ]);
    expect(index.terms('title', new Set(['pku', 'nlc', 'shl']))).toEqual([
      { value: 'the cambridge history of china', display: 'The Cambridge history of China', count: 2 },
      { value: '万历十五年', display: '万历十五年', count: 1 },
    ]);
    expect(index.terms('creator', new Set(['shl']))).toEqual([{ value: 'twitchett, denis', display: 'Twitchett, Denis', count: 1 }]);
    expect(index.terms('isbn', new Set(['pku']))).toEqual([{ value: '9787101052786', display: '978-7-101-05278-6', count: 1 }]);
    // A cluster counts for every member library, not only for its first record's.
    expect(index.terms('title', new Set(['nlc'])).map((t) => t.count)).toEqual([1]);
  });

  it('keeps the headings, not the records: a record changed after it was served changes nothing', () => {
    const index = new TermIndex();
    const record = bib('pku', 'Ming history');
    index.add([served('c1', record)]);
    record.title = 'Changed';
    record.sortTitle = 'changed';
    expect(index.terms('title', new Set(['pku'])).map((t) => t.value)).toEqual(['ming history']);
  });

  it('takes a work served again as it is now, and lets the oldest records go first', () => {
    const index = new TermIndex(2);
    index.add([served('c1', bib('pku', 'A')), served('c2', bib('pku', 'B'))]);
    // c1 again, now held by shl as well: it is the newest, so c2 is the one to go.
    index.add([served('c1', bib('pku', 'A'), bib('shl', 'A')), served('c3', bib('pku', 'C'))]);
    expect(index.size).toBe(2);
    expect(index.terms('title', new Set(['pku', 'shl'])).map((t) => t.value)).toEqual(['a', 'c']);
    expect(index.terms('title', new Set(['shl'])).map((t) => t.value)).toEqual(['a']);
  });

  it('reuses the headings of a set served again (the same served records) and only moves them to the newest place', () => {
    const index = new TermIndex(2);
    const record = bib('pku', 'A');
    let reads = 0;
    Object.defineProperty(record, 'title', { get: () => ((reads += 1), 'A') });
    const again = [served('c1', record)];
    index.add(again);
    const readsOnce = reads;
    expect(readsOnce).toBeGreaterThan(0);
    index.add([served('c2', bib('pku', 'B'))]);
    // A cache hit or a page of the kept set: the same ServedRecord objects, headings not made again.
    index.add(again);
    expect(reads).toBe(readsOnce);
    // c1 is the newest now, so c2 goes when c3 comes.
    index.add([served('c3', bib('pku', 'C'))]);
    expect(index.terms('title', new Set(['pku'])).map((t) => t.value)).toEqual(['a', 'c']);
  });
});
