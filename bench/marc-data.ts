/**
 * Synthetic records for bench/marc.ts: MARC 21, 1.4-2.4 KB each, every third with CJK
 * (the mix reference 08 measured with). Deterministic so runs compare.
 */
import type { DataField, MarcRecord } from '../src/records/marc.ts';

const LATIN = ['history', 'library', 'science', 'computing', 'catalogue', 'networks', 'Beijing', 'culture', 'analysis', 'methods'];
const CJK = ['修改代码的艺术', '人民邮电出版社', '中国图书馆', '软件开发', '研究', '北京', '机读目录', '联合检索', '文献'];

function words(seed: number, count: number, cjk: boolean): string {
  const pool = cjk && seed % 2 === 0 ? CJK : LATIN;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pool[(seed * 7 + i * 13) % pool.length] as string);
  return out.join(cjk && pool === CJK ? '' : ' ');
}

function df(tag: string, ind1: string, ind2: string, subfields: [string, string][]): DataField {
  return { tag, ind1, ind2, subfields: subfields.map(([code, value]) => ({ code, value })) };
}

export function benchRecord(n: number): MarcRecord {
  const cjk = n % 3 === 0;
  const fields: MarcRecord['fields'] = [
    { tag: '001', value: String(100000000 + n) },
    { tag: '005', value: '20240101120000.0' },
    { tag: '008', value: `240101s2007    cc a          000 0 ${cjk ? 'chi' : 'eng'} d` },
    df('020', ' ', ' ', [['a', `978711516${String(n % 1000).padStart(3, '0')}2`], ['q', 'pbk.']]),
    df('245', '1', '0', [['a', words(n, 4, cjk)], ['b', words(n + 1, 5, cjk)], ['c', words(n + 2, 3, cjk)]]),
    df('260', ' ', ' ', [['a', words(n + 3, 1, cjk)], ['b', words(n + 4, 2, cjk)], ['c', '2007']]),
    df('300', ' ', ' ', [['a', '371 p.'], ['c', '24 cm']]),
  ];
  const extra = 8 + (n % 10);
  for (let i = 0; i < extra; i++) {
    fields.push(df(i % 2 ? '650' : '500', ' ', i % 2 ? '0' : ' ', [['a', words(n + i, 6, cjk)], ['x', words(n + i * 3, 3, cjk)], ['z', words(i, 2, cjk)]]));
  }
  fields.push(df('852', ' ', ' ', [['a', 'BALIS'], ['b', 'main'], ['h', `TP311.${n % 100}`], ['p', `B${n}`]]));
  return { leader: "00000nam a2200000 a 4500", fields };
}

const VERNACULAR = ['万历十五年', '中国古代书籍史', '黄仁宇', '中华书局', '图书馆学基础', '明代の海禁政策', '北京大学出版社', '臺灣史研究', '한국 도서관'];
const ROMANIZED = ['Wan li shi wu nian', 'Zhongguo gu dai shu ji shi', 'Huang, Renyu', 'Zhonghua shu ju', 'Tu shu guan xue ji chu'];
const DIACRITICS = ['Müller, Jürgen', 'Dvořák, Antonín', 'Łódź', 'Satō, Shin\'ichi', 'Kōbunkan', 'Universität Tübingen', 'économie', 'Москва', 'Ἀθῆναι'];

/**
 * MARC-8 records for the MARC-8 pair: MARC 21 with leader/09 blank, 880 fields in EACC
 * (ESC $ 1) next to their romanization, diacritics as ANSEL combining marks, some Cyrillic
 * and Greek. Returned as text; bench/marc.ts encodes them with the MARC-8 encoder.
 */
export function benchMarc8Record(n: number): MarcRecord {
  const v = (i: number): string => VERNACULAR[(n + i) % VERNACULAR.length] as string;
  const r = (i: number): string => ROMANIZED[(n + i) % ROMANIZED.length] as string;
  const d = (i: number): string => DIACRITICS[(n * 3 + i) % DIACRITICS.length] as string;
  const fields: MarcRecord['fields'] = [
    { tag: '001', value: String(200000000 + n) },
    { tag: '008', value: '240101s1982    cc            000 0 chi d' },
    df('100', '1', ' ', [['6', '880-01'], ['a', r(2)]]),
    df('245', '1', '0', [['6', '880-02'], ['a', `${r(0)} /`], ['c', r(2)]]),
    df('260', ' ', ' ', [['6', '880-03'], ['a', 'Beijing :'], ['b', r(3)], ['c', '1982']]),
  ];
  for (let i = 0; i < 6; i++) fields.push(df(i % 2 ? '650' : '500', ' ', ' ', [['a', `${d(i)} ${v(i)}`], ['x', d(i + 1)]]));
  fields.push(df('880', '1', ' ', [['6', '100-01/$1'], ['a', v(2)]]));
  fields.push(df('880', '1', '0', [['6', '245-02/$1'], ['a', `${v(0)} ${v(1)} /`], ['c', `${v(2)}著`]]));
  fields.push(df('880', ' ', ' ', [['6', '260-03/$1'], ['a', '北京 :'], ['b', v(3)], ['c', '1982']]));
  return { leader: '00000cam  2200000 a 4500', fields };
}
