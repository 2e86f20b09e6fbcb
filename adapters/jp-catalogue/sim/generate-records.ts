/**
 * Synthetic CNMARC records of new Japanese books as the Shanghai Library's Japanese
 * catalogue would hold them (200 title, 210 imprint, 010 ISBN, 905 copies at 上海图书馆
 * 日文书库). Deterministic: the same seed always gives the same records, so the committed
 * fixtures/jp-catalogue/*.mrc can be regenerated and compared byte for byte.
 * Titles are made up from patterns; names and publishers are real but the books are not.
 */
import type { DataField, MarcRecord, Subfield } from '../../../src/records/marc.ts';

/** mulberry32: a tiny seeded PRNG (no dependency, identical on every platform). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Publisher, its ISBN group+publisher prefix (Japan = 4), place and a paperback series. */
const PUBLISHERS: { name: string; prefix: string; place: string; series?: string }[] = [
  { name: '講談社', prefix: '4-06', place: '東京', series: '講談社学術文庫' },
  { name: '岩波書店', prefix: '4-00', place: '東京', series: '岩波新書' },
  { name: '中央公論新社', prefix: '4-12', place: '東京', series: '中公新書' },
  { name: '筑摩書房', prefix: '4-480', place: '東京', series: 'ちくま学芸文庫' },
  { name: '東方書店', prefix: '4-497', place: '東京' },
  { name: '汲古書院', prefix: '4-7629', place: '東京' },
  { name: '平凡社', prefix: '4-582', place: '東京', series: '東洋文庫' },
  { name: '吉川弘文館', prefix: '4-642', place: '東京' },
  { name: '東京大学出版会', prefix: '4-13', place: '東京' },
  { name: '名古屋大学出版会', prefix: '4-8158', place: '名古屋' },
  { name: '山川出版社', prefix: '4-634', place: '東京' },
  { name: '新潮社', prefix: '4-10', place: '東京', series: '新潮選書' },
  { name: '文藝春秋', prefix: '4-16', place: '東京', series: '文春文庫' },
];

const AUTHORS = [
  '陳舜臣', '司馬遼太郎', '宮崎市定', '岡田英弘', '加藤徹', '内藤湖南', '吉川幸次郎', '竹内好',
  '丸山眞男', '網野善彦', '加藤周一', '井上靖', '貝塚茂樹', '礪波護', '檀上寛', '岸本美緒',
  '上田信', '杉山正明', '尾形勇', '平勢隆郎', '溝口雄三', '野村浩一', '狭間直樹', '吉澤誠一郎',
];

/** Title pattern, its CLC class (690) and subject heading (606/607 $a, $x). */
const PATTERNS: { title: string; cls: string; subject: [string, string] }[] = [
  { title: '{}の歴史', cls: 'K', subject: ['{}', '歴史'] },
  { title: '{}の近代', cls: 'K', subject: ['{}', '近代史'] },
  { title: '{}史研究', cls: 'K', subject: ['{}', '歴史'] },
  { title: '{}と日本', cls: 'D8', subject: ['{}', '対外関係'] },
  { title: '{}の思想', cls: 'B', subject: ['{}', '思想'] },
  { title: '{}の文化', cls: 'G', subject: ['{}', '文化'] },
  { title: '{}文学史', cls: 'I', subject: ['{}', '文学'] },
  { title: '{}経済史入門', cls: 'F', subject: ['{}', '経済史'] },
  { title: '近代{}の社会', cls: 'C91', subject: ['{}', '社会'] },
  { title: '{}の都市と農村', cls: 'C91', subject: ['{}', '都市'] },
];

const PLACES = ['中国', '日本', '東アジア', '明代中国', '清朝', '江戸', '明治日本', '上海', '唐代', '宋代', '満洲', '朝鮮半島', '台湾', '香港'];

const STATUSES = ['归还', '归还', '归还', '归还', '借出-应还日期：2026-12-20', '借出', '编目中', '阅览'];
const TYPES = ['参考外借资料', '参考外借资料', '参考外借资料', '普通外借资料', '仅供阅览资料'];

function isbn10Check(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isbn13Check(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** Hyphenated ISBN: 10 digits before 2007, 13 (978-) from 2007 (the ISBN-13 switch). */
function makeIsbn(prefix: string, titleNumber: number, year: number): string {
  const titleDigits = 9 - prefix.replace(/-/g, '').length;
  const title = String(titleNumber % 10 ** titleDigits).padStart(titleDigits, '0');
  const nine = `${prefix.replace(/-/g, '')}${title}`;
  if (year < 2007) return `${prefix}-${title}-${isbn10Check(nine)}`;
  const twelve = `978${nine}`;
  return `978-${prefix}-${title}-${isbn13Check(twelve)}`;
}

const sf = (code: string, value: string): Subfield => ({ code, value });
const df = (tag: string, ind1: string, ind2: string, ...subfields: Subfield[]): DataField => ({ tag, ind1, ind2, subfields });

interface Book {
  title: string;
  volume?: string;
  author: string;
  publisher: (typeof PUBLISHERS)[number];
  year: number;
  cls: string;
  subject: [string, string];
  series?: string;
}

function bookRecord(index: number, book: Book, random: () => number): MarcRecord {
  const id = `shljp-${String(index).padStart(5, '0')}`;
  const entered = `${book.year}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}15`;
  const isbn = makeIsbn(book.publisher.prefix, 10_000 + index * 37, book.year);
  const bookNumber = `${book.author.slice(0, 1) === '陳' ? 'C' : 'J'}${100 + Math.floor(random() * 800)}`;
  const title = [sf('a', book.title), ...(book.volume ? [sf('h', book.volume)] : []), sf('f', `${book.author}著`)];
  const fields: MarcRecord['fields'] = [
    { tag: '001', value: id },
    { tag: '005', value: `${entered}120000.0` },
    df('010', ' ', ' ', sf('a', isbn), sf('d', `JPY${(800 + Math.floor(random() * 40) * 100).toString()}`)),
    // 100$a/26-29 "50  " = ISO 10646; /34-35 "da" = Japanese script (UNIMARC 100).
    df('100', ' ', ' ', sf('a', `${entered}d${book.year}    km y0chiy50      da`)),
    df('101', '0', ' ', sf('a', 'jpn')),
    df('102', ' ', ' ', sf('a', 'JP')),
    df('200', '1', ' ', ...title),
    df('210', ' ', ' ', sf('a', book.publisher.place), sf('c', book.publisher.name), sf('d', String(book.year))),
    df('215', ' ', ' ', sf('a', `${180 + Math.floor(random() * 300)}p`), sf('d', random() < 0.5 ? '18cm' : '20cm')),
  ];
  if (book.series) fields.push(df('225', '2', ' ', sf('a', book.series)));
  // Every subject here is a place with a topical subdivision: UNIMARC 607 (geographical name).
  fields.push(df('607', ' ', ' ', sf('a', book.subject[0]), sf('x', book.subject[1])));
  fields.push(df('690', ' ', ' ', sf('a', book.cls), sf('v', '5')));
  fields.push(df('700', ' ', '0', sf('a', book.author), sf('4', '著')));
  fields.push(df('801', ' ', '0', sf('a', 'CN'), sf('b', 'SHL'), sf('c', entered)));
  const copies = random() < 0.2 ? 2 : 1;
  for (let c = 0; c < copies; c++) {
    const barcode = `541222${String(index * 10 + c).padStart(8, '0')}`;
    const shelf = `${book.cls}/${bookNumber}/${book.volume ?? ''}${book.volume ? '/' : ''}`;
    fields.push(
      df('905', ' ', ' ',
        sf('a', '上海图书馆'), sf('b', barcode), sf('c', '日文书库'), sf('d', book.cls), sf('e', bookNumber), sf('s', shelf),
        sf('x', STATUSES[Math.floor(random() * STATUSES.length)] as string),
        sf('y', TYPES[Math.floor(random() * TYPES.length)] as string)),
    );
  }
  // Leader lengths and base address are recomputed by writeIso2709.
  return { leader: `00000nam${book.volume ? '2' : '0'} 2200000   450 `, fields };
}

function pickOf<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `count` records: first two real-looking series (陳舜臣 中国の歴史 3-12, 司馬遼太郎
 * 街道をゆく 1-20) so searches such as 中国の歴史 and 司馬遼太郎 have many hits, then
 * pattern titles (place × pattern × author).
 */
export function generateJapaneseRecords(count = 300, seed = 20_110_519): MarcRecord[] {
  const random = seededRandom(seed);
  const books: Book[] = [];
  const kodansha = PUBLISHERS[0]!;
  const bunshun = PUBLISHERS[12]!;
  for (let v = 3; v <= 12; v++) {
    books.push({ title: '中国の歴史', volume: String(v), author: '陳舜臣', publisher: kodansha, year: 1990 + Math.floor(v / 6), cls: 'K20', subject: ['中国', '歴史'], series: '講談社文庫' });
  }
  for (let v = 1; v <= 20; v++) {
    books.push({ title: '街道をゆく', volume: String(v), author: '司馬遼太郎', publisher: bunshun, year: 2008 + Math.floor(v / 5), cls: 'K931.3', subject: ['日本', '紀行'], series: '文春文庫' });
  }
  while (books.length < count) {
    const place = pickOf(PLACES, random);
    const pattern = pickOf(PATTERNS, random);
    const publisher = pickOf(PUBLISHERS, random);
    const book: Book = {
      title: pattern.title.replace('{}', place),
      author: pickOf(AUTHORS, random),
      publisher,
      year: 1995 + Math.floor(random() * 30),
      cls: `${pattern.cls}${place.includes('日本') || place === '江戸' ? '313' : '2'}`,
      subject: [pattern.subject[0].replace('{}', place), pattern.subject[1]],
    };
    if (publisher.series && random() < 0.4) book.series = publisher.series;
    books.push(book);
  }
  return books.slice(0, count).map((book, i) => bookRecord(i + 1, book, random));
}
