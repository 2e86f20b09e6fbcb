/**
 * A labelled corpus for charset detection: catalogue records (MARC 21, ISO 2709) written in
 * each of UTF-8, GBK, Big5, Shift_JIS, EUC-JP and MARC-8, six records per charset. Texts are
 * ours, in the shape of real records: Chinese titles with their publishers, Japanese titles
 * with the katakana readings Japanese records carry, Latin names with diacritics, Cyrillic,
 * and MARC-8 records with EACC. Leader/09 is what such systems write: 'a' on UTF-8, blank on
 * MARC-8, and either on the legacy CJK charsets (they rarely set it right).
 */
import iconv from 'iconv-lite';
import { encodeMarc8 } from '../../src/records/charsets/marc8-encode.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';

export const CORPUS_CHARSETS = ['utf-8', 'gbk', 'big5', 'shift_jis', 'euc-jp', 'marc-8'] as const;
type CorpusCharset = (typeof CORPUS_CHARSETS)[number];

/** [title, author, publisher, subject or reading]. */
type Book = [string, string, string, string];

const SIMPLIFIED: Book[] = [
  ['万历十五年', '黄仁宇', '中华书局', '明史'],
  ['中国古代书籍史', '钱存训', '上海人民出版社', '图书史'],
  ['红楼梦研究', '俞平伯', '人民文学出版社', '红楼梦研究'],
  ['图书馆学基础', '吴慰慈', '高等教育出版社', '图书馆学'],
  ['宋代科举制度研究', '何忠礼', '北京大学出版社', '科举制度'],
  ['中国近代史纲要', '李侃', '中华书局', '中国近代史'],
];
const TRADITIONAL: Book[] = [
  ['萬曆十五年', '黃仁宇', '食貨出版社', '明史'],
  ['臺灣史研究', '曹永和', '聯經出版事業公司', '臺灣歷史'],
  ['中國圖書分類法', '賴永祥', '文華圖書館管理資訊公司', '圖書分類'],
  ['紅樓夢的兩個世界', '余英時', '聯經出版事業公司', '紅樓夢研究'],
  ['明代政治史', '張顯清', '廣西師範大學出版社', '政治制度'],
  ['清代學術概論', '梁啟超', '商務印書館', '學術思想'],
];
const JAPANESE: Book[] = [
  ['明代の海禁政策', '檀上寛', '京都大学学術出版会', 'ミンダイ ノ カイキン セイサク'],
  ['日本の図書館', '岩猿敏生', '日本図書館協会', 'ニホン ノ トショカン'],
  ['中国近世の社会と文化', '佐竹靖彦', '汲古書院', 'チュウゴク キンセイ ノ シャカイ ト ブンカ'],
  ['東アジアの出版文化', '磯部彰', '知泉書館', 'ヒガシアジア ノ シュッパン ブンカ'],
  ['漢籍目録の読み方', '高橋智', '研文出版', 'カンセキ モクロク ノ ヨミカタ'],
  ['江戸時代の書物と読書', '長友千代治', '東京堂出版', 'エド ジダイ ノ ショモツ ト ドクショ'],
];
const LATIN: Book[] = [
  ['Geschichte der Universität Tübingen', 'Müller, Jürgen', 'Mohr Siebeck', 'Universitäten'],
  ['Česká hudba', 'Dvořák, Antonín', 'Supraphon', 'Hudba'],
  ['Über formal unentscheidbare Sätze', 'Gödel, Kurt', 'Springer', 'Logik'],
  ['Łódź w latach 1945-1950', 'Wróblewski, Józef', 'Wydawnictwo Łódzkie', 'Łódź'],
  ['Nihon kodai no kokka to shūkyō', 'Satō, Shin\'ichi', 'Yoshikawa Kōbunkan', 'Shūkyō'],
  ['История Москвы', 'Смирнов, Пётр', 'Наука', 'Москва'],
];
/** MARC-8 records with EACC vernacular next to the romanization (the 880 pattern). */
const MARC8_CJK: Book[] = [
  ['Wan li shi wu nian = 万历十五年', 'Huang, Renyu 黄仁宇', 'Zhonghua shu ju 中华书局', 'Ming shi'],
];

const TEXTS: Record<CorpusCharset, Book[]> = {
  'utf-8': [SIMPLIFIED[0], TRADITIONAL[0], JAPANESE[0], LATIN[0], LATIN[5], JAPANESE[2]] as Book[],
  gbk: SIMPLIFIED,
  big5: TRADITIONAL,
  shift_jis: JAPANESE,
  'euc-jp': JAPANESE,
  'marc-8': [...LATIN, ...MARC8_CJK],
};

export interface CorpusRecord {
  actual: CorpusCharset;
  bytes: Buffer;
  /** The fields as they must come out of the reader. */
  expected: MarcRecord['fields'];
}

function encoder(charset: CorpusCharset): (text: string) => Uint8Array {
  if (charset === 'marc-8')
    return (text) => {
      const encoded = encodeMarc8(text);
      if (!encoded.ok) throw new RangeError(`corpus text "${text}" has ${encoded.character}, not MARC-8`);
      return encoded.bytes;
    };
  return (text) => {
    const bytes = iconv.encode(text, charset);
    if (iconv.decode(bytes, charset) !== text) throw new RangeError(`corpus text "${text}" is not ${charset}`);
    return bytes;
  };
}

function record([title, author, publisher, extra]: Book, index: number, charset: CorpusCharset): MarcRecord {
  const leader09 = charset === 'utf-8' ? 'a' : charset === 'marc-8' ? ' ' : index % 2 === 0 ? ' ' : 'a';
  return {
    leader: `00000cam ${leader09}2200000 a 4500`,
    fields: [
      { tag: '001', value: `${charset}-${index + 1}` },
      { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: author }] },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }, { code: 'c', value: author }] },
      { tag: '260', ind1: ' ', ind2: ' ', subfields: [{ code: 'b', value: publisher }, { code: 'c', value: String(1980 + index) }] },
      { tag: '650', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: extra }] },
    ],
  };
}

export function corpus(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const actual of CORPUS_CHARSETS) {
    TEXTS[actual].forEach((book, i) => {
      const marc = record(book, i, actual);
      out.push({ actual, bytes: writeIso2709(marc, encoder(actual)), expected: marc.fields });
    });
  }
  return out;
}
