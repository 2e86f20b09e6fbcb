import { describe, expect, it } from 'vitest';
import type { DataField, MarcRecord } from '../../src/records/marc.ts';
import { mapMarc21 } from '../../src/records/marc21/map.ts';
import { firstYear, trimIsbd, withoutNonSortSpan } from '../../src/records/mapping/text.ts';

function field(tag: string, ind: string, ...pairs: [string, string][]): DataField {
  return { tag, ind1: ind[0] ?? ' ', ind2: ind[1] ?? ' ', subfields: pairs.map(([code, value]) => ({ code, value })) };
}

function record(leader: string, ...fields: MarcRecord['fields']): MarcRecord {
  return { leader, fields };
}

const BOOK = '00000cam a2200000 a 4500';
const F008_CHI = { tag: '008', value: '071015s2007    cc a          001 0 chi d' };

describe('ISBD punctuation and sorting helpers', () => {
  it.each([
    ['The Cambridge history of China /', 'The Cambridge history of China'],
    ['Twitchett, Denis Crispin.', 'Twitchett, Denis Crispin'],
    ['Mote, Frederick W.', 'Mote, Frederick W.'],
    ['Fairbank, John King,', 'Fairbank, John King'],
    ['24 cm.', '24 cm.'],
    ['The Ming Dynasty, 1368-1644.', 'The Ming Dynasty, 1368-1644'],
    ['Cambridge University Press,', 'Cambridge University Press'],
    ['1978-<1991 >', '1978-<1991 >'],
    ['Wait...', 'Wait...'],
  ])('%s → %s', (text, cleaned) => {
    expect(trimIsbd(text)).toBe(cleaned);
  });

  it('reads the first year of a date statement', () => {
    expect(firstYear('1978-<1991 >')).toBe(1978);
    expect(firstYear('c1999.')).toBe(1999);
    expect(firstYear('2009.5')).toBe(2009);
    expect(firstYear('[n.d.]')).toBeUndefined();
  });

  it('drops the span between the non-sort markers', () => {
    expect(withoutNonSortSpan('\u0088The \u0089Times')).toBe('Times');
    expect(withoutNonSortSpan('\u0098Les \u009Cmisérables')).toBe('misérables');
    expect(withoutNonSortSpan('No markers')).toBe('No markers');
  });
});

describe('MARC 21 mapping details', () => {
  it('245 ind2 skips the non-filing article for sortTitle only', () => {
    const mapped = mapMarc21(record(BOOK, field('245', '14', ['a', 'The search for modern China /'], ['c', 'Jonathan D. Spence.'])));
    expect(mapped).toMatchObject({ title: 'The search for modern China', sortTitle: 'search for modern China', responsibility: 'Jonathan D. Spence' });
  });

  it('NSB/NSE markers in 245 $a win over ind2 and never reach the display', () => {
    const mapped = mapMarc21(record(BOOK, field('245', '00', ['a', '\u0088Die \u0089Welt.'])));
    expect(mapped).toMatchObject({ title: 'Die Welt', sortTitle: 'Welt' });
  });

  it('prefers 264 ind2 "1" over a copyright 264 and 260', () => {
    const mapped = mapMarc21(
      record(
        BOOK,
        field('264', ' 4', ['c', '©2015']),
        field('264', ' 1', ['a', 'New York :'], ['b', 'Norton,'], ['c', '[2016]']),
      ),
    );
    expect(mapped).toMatchObject({ place: 'New York', publisher: 'Norton', yearText: '[2016]', year: 2016 });
  });

  it('falls back to 008 Date 1 when 260 $c gives no year', () => {
    const mapped = mapMarc21(record(BOOK, F008_CHI, field('260', '  ', ['a', 'Beijing :'], ['c', '[n.d.]'])));
    expect(mapped.year).toBe(2007);
    expect(mapped.yearText).toBe('[n.d.]');
  });

  it('reads 008 and packed 041 language codes, normalizing /T and dropping und', () => {
    const mapped = mapMarc21(record(BOOK, F008_CHI, field('041', '1 ', ['a', 'chieng'], ['a', 'fra'], ['a', 'und'], ['h', 'jpn'])));
    expect(mapped.languages).toEqual(['chi', 'eng', 'fre']);
    expect(mapped.languageNames).toEqual(['中文', '英文', '法文']);
  });

  it('keeps cancelled ISBNs apart and other standard numbers by type', () => {
    const mapped = mapMarc21(
      record(
        BOOK,
        field('020', '  ', ['a', '9787115163622'], ['z', '7115163620']),
        field('024', '0 ', ['a', 'CN-A01-07-0001']),
        field('035', '  ', ['a', '(OCoLC)ocm02424372'], ['a', '(CaOONL)123']),
        field('035', '  ', ['a', 'SHL-77']),
      ),
    );
    expect(mapped.isbns.map((i) => [i.isbn13, i.valid, i.cancelled ?? false])).toEqual([
      ['9787115163622', true, false],
      ['9787115163622', false, true],
    ]);
    expect(mapped.otherIds).toEqual([
      { scheme: 'isrc', value: 'CN-A01-07-0001' },
      { scheme: 'oclc', value: '02424372' },
      { scheme: 'system', value: 'SHL-77' },
    ]);
  });

  it('decides 资料类型 from the leader, 008 and carrier fields', () => {
    const type = (leader: string, ...fields: MarcRecord['fields']) => mapMarc21(record(leader, ...fields)).materialType;
    expect(type(BOOK)).toBe('图书');
    expect(type('00000cas a2200000 a 4500')).toBe('期刊');
    expect(type('00000cas a2200000 a 4500', { tag: '008', value: '750101c19549999cc mr p       0   a0chi d' })).toBe('期刊');
    expect(type('00000cas a2200000 a 4500', { tag: '008', value: '750101c19549999cc dr n       0   a0chi d' })).toBe('报纸');
    expect(type(BOOK, field('338', '  ', ['a', 'online resource'], ['b', 'cr']))).toBe('电子资源');
    expect(type(BOOK, field('856', '40', ['u', 'https://example.org/book']))).toBe('电子资源');
    expect(type(BOOK, field('856', '42', ['u', 'https://example.org/toc']))).toBe('图书');
    expect(type('00000cem a2200000 a 4500')).toBe('地图');
    expect(type('00000ccm a2200000 a 4500')).toBe('乐谱');
    expect(type('00000cjm a2200000 a 4500')).toBe('音像资料');
    expect(type('00000cgm a2200000 a 4500')).toBe('音像资料');
  });

  it('reads an 880 without a romanized partner as the vernacular title', () => {
    const mapped = mapMarc21(record(BOOK, field('245', '10', ['a', 'Shi ji /']), field('880', '10', ['6', '245-00/$1'], ['a', '史记 /'])));
    expect(mapped.vernacularTitle).toBe('史记');
  });

  it('keeps an untraced 490 and drops a traced one repeated by 830', () => {
    const mapped = mapMarc21(
      record(
        BOOK,
        field('490', '1 ', ['a', 'Cambridge history of China ;'], ['v', 'v. 7']),
        field('490', '0 ', ['a', 'Harvard East Asian series ;'], ['v', '12'], ['x', '0073-0580']),
        field('830', ' 0', ['a', 'Cambridge history of China ;'], ['v', 'v. 7.']),
      ),
    );
    expect(mapped.series).toEqual([
      { kind: 'series', title: 'Cambridge history of China', volume: 'v. 7' },
      { kind: 'series', title: 'Harvard East Asian series', volume: '12', issn: '0073-0580' },
    ]);
  });

  it('splits enhanced 505 contents and leaves control subfields out of notes', () => {
    const mapped = mapMarc21(
      record(
        BOOK,
        field('505', '00', ['g', 'v. 7.'], ['t', 'The Ming dynasty, part 1 --'], ['g', 'v. 8.'], ['t', 'The Ming dynasty, part 2.']),
        field('500', '  ', ['6', '880-05'], ['a', 'Translation of: Working effectively with legacy code.'], ['5', 'SHL']),
      ),
    );
    expect(mapped.contents).toEqual(['v. 7. The Ming dynasty, part 1', 'v. 8. The Ming dynasty, part 2']);
    expect(mapped.notes).toEqual(['Translation of: Working effectively with legacy code.']);
  });

  it('names corporate bodies and meetings with their own relator subfields', () => {
    const mapped = mapMarc21(
      record(
        BOOK,
        field('110', '2 ', ['a', 'Zhongguo she hui ke xue yuan.'], ['b', 'Li shi yan jiu suo,'], ['e', 'author.']),
        field('711', '2 ', ['a', 'International Conference on Ming Studies'], ['n', '(3rd :'], ['d', '1990 :'], ['c', 'Beijing).'], ['j', 'host.']),
        field('700', '1 ', ['a', 'Huang, Ray,'], ['4', 'trl']),
      ),
    );
    expect(mapped.authors).toEqual([
      { name: 'Zhongguo she hui ke xue yuan. Li shi yan jiu suo', kind: 'corporate', role: 'author' },
      { name: 'International Conference on Ming Studies (3rd : 1990 : Beijing)', kind: 'meeting', role: 'host' },
      { name: 'Huang, Ray', kind: 'personal', role: 'translator' },
    ]);
  });

  it('reports a record without a title', () => {
    expect(mapMarc21(record(BOOK)).problems).toEqual([{ code: 'no_title', message: 'record has no 245 title statement' }]);
  });
});
