/** The fake gateway's little union catalogue, shared by the HTTP-level SRU tests. */
import type { MarcRecord } from '../../src/records/marc.ts';
import { bib, holding, testLibrary, type FakeOptions } from './fake-gateway.ts';

export function fakeUnion(overrides: Partial<FakeOptions> = {}): FakeOptions {
  const libraries = [
    testLibrary('pku', { category: '理工类', ill: { lenderCode: '100871' } }),
    testLibrary('shl', { category: '医学类', name: { zh: '上海图书馆', en: 'Shanghai Library' } }),
    testLibrary('cau', { category: '农学类' }),
    testLibrary('nlc', { category: '其他类' }),
    // Holds nothing; the tests make it time out.
    testLibrary('slow', { category: '其他类' }),
  ];
  const records = [
    bib('pku', 'p1', 'The Cambridge history of China'),
    bib('pku', 'p2', 'Ming history', { languages: ['chi'], languageNames: ['中文'], holdings: [holding('pku', 'on_loan', '借出', false)] }),
    bib('shl', 's1', 'The Cambridge history of China', { holdings: [holding('shl', 'available', '在架', true), holding('shl', 'on_loan', '借出', false)] }),
    bib('shl', 's2', 'History without MARC', { marc: undefined }),
    bib('cau', 'c1', 'Agricultural history of China', { languages: ['chi'], languageNames: ['中文'], authors: [{ name: 'Wang, Li', kind: 'personal' }] }),
    bib('nlc', 'n1', 'History kept at nlc'),
    // A record the writers cannot serialize (its MARC has no field list): diagnostic 64 stands in for it.
    bib('cau', 'c2', 'Broken history', { marc: { leader: '00000nam', fields: null } as unknown as MarcRecord }),
  ];
  return { libraries, records, sru: { withholdMarc: ['nlc'], defaultRecords: 3, maxRecords: 5 }, ...overrides };
}
