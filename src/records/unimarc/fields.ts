/**
 * UNIMARC / CNMARC field definitions the mapper relies on. Sources: IFLA UNIMARC Manual –
 * Bibliographic Format (3rd ed. and updates) and its Chinese profile GB/T 33286—2016
 * 《中国机读书目格式》 (CNMARC); project notes in ../shared/reference/03-marc-cnmarc.md §3-5.
 * Fields and subfields containing "9" are Chinese national additions (GB/T 36068 §5.15).
 */
import { holdingsFieldSchema, type HoldingsFieldMap } from '../../config/holdings-fields-schema.ts';

/** Leader/06 type of record (UNIMARC Manual, Record Label). */
export const MATERIAL_BY_TYPE: Record<string, string> = {
  a: '图书', // language materials, printed
  b: '手稿', // language materials, manuscript
  c: '乐谱', // music scores, printed
  d: '乐谱', // music scores, manuscript
  e: '地图', // cartographic materials, printed
  f: '地图', // cartographic materials, manuscript
  g: '音像资料', // projected and video material
  i: '音像资料', // sound recordings, non-musical
  j: '音像资料', // sound recordings, musical
  k: '图片', // two-dimensional graphics
  l: '电子资源', // electronic resources
  m: '多媒体', // multimedia
  r: '实物', // three-dimensional artefacts and realia
};

/** Fields whose presence marks an electronic resource: 135 coded data, 230 characteristics. */
export const ELECTRONIC_FIELDS = ['135', '230'];

/** 7XX responsibility blocks. 700/710 primary, 701/711 alternative, 702/712 secondary responsibility. */
export const PERSONAL_NAME_TAGS = new Set(['700', '701', '702']);
export const CORPORATE_NAME_TAGS = new Set(['710', '711', '712']);

/**
 * UNIMARC relator codes (Appendix C) → the Chinese terms CNMARC cataloguers write in $4
 * themselves (著, 编, 译). Codes not listed are shown as written.
 */
export const RELATOR_TERMS: Record<string, string> = {
  '070': '著', // author
  '080': '序', // author of introduction
  '020': '注', // annotator
  '220': '编', // compiler
  '340': '编', // editor
  '440': '绘', // illustrator
  '600': '摄影', // photographer
  '730': '译', // translator
};

/** 6XX subject blocks: subfields forming the heading; $j $x $y $z are form/topical/geographic/chronological subdivisions. */
export const SUBJECT_FIELDS: Record<string, string[]> = {
  '600': ['a', 'b', 'c', 'd', 'f'], // personal name
  '601': ['a', 'b', 'c', 'd', 'e', 'f'], // corporate body
  '602': ['a', 'f'], // family
  '604': ['a', 't'], // name and title
  '605': ['a', 'h', 'i'], // title
  '606': ['a'], // topical name
  '607': ['a'], // geographical name
};
export const SUBJECT_SUBDIVISIONS = new Set(['j', 'x', 'y', 'z']);
/** 610 Uncontrolled subject terms: each $a stands alone. */
export const UNCONTROLLED_SUBJECT = '610';

/**
 * 6X6 classification fields: 675 UDC, 676 DDC, 680 LCC, 686 other ($2 names the scheme);
 * CNMARC 690 中国图书馆分类法 (CLC) and 692 中国科学院图书馆图书分类法 ($v edition).
 */
export const CLASSIFICATION_FIELDS: Record<string, { scheme: 'udc' | 'ddc' | 'lcc' | 'clc' | 'other'; source?: string }> = {
  '675': { scheme: 'udc' },
  '676': { scheme: 'ddc' },
  '680': { scheme: 'lcc' },
  '690': { scheme: 'clc' },
  '692': { scheme: 'other', source: '科图法' },
};
/** 686 $2 source codes → scheme ("njb" / "ndc" Nippon Decimal Classification in Japanese-book records). */
export const OTHER_CLASSIFICATION_SOURCES: Record<string, 'clc' | 'ndc' | 'udc' | 'ddc' | 'lcc'> = {
  clc: 'clc', njb: 'ndc', ndc: 'ndc', udc: 'udc', ddc: 'ddc', lcc: 'lcc',
};

// A literal in the function would be a new RegExp object at every call (once per field).
const NOTE_TAG = /^3\d\d$/;

/** 3XX notes except 327 Contents Note. */
export function isNoteTag(tag: string): boolean {
  return NOTE_TAG.test(tag) && tag !== '327';
}

/** 4XX linking fields read as set / series links (embedded-field technique, $1 + tag). */
export const SERIES_LINK = '410';
export const SET_LINKS = ['461', '462'];

/**
 * Default holdings layout: CALIS/NLC-style 905 local holdings (reference 03 §5; dp2 issues
 * #263, #645): $a holding institution code, $b barcode (repeated, one per copy), $c location
 * (馆藏地), $d class number + $e book number (索书号 parts), $s full call number, $v volume.
 * 状态 in $x and 馆藏类型 in $y are local practice, as the shared catalogue fixtures use them
 * (fixtures/catalogue/cnmarc.xml); a library that differs sets `holdingsFields`.
 */
export const UNIMARC_HOLDINGS_FIELDS: HoldingsFieldMap[] = [
  {
    tag: '905',
    branch: 'a',
    location: ['c'],
    callNumber: { whole: 's', parts: ['d', 'e'], separator: '/' },
    barcode: 'b',
    volume: 'v',
    status: 'x',
    collectionType: 'y',
    note: 'z',
  },
].map((entry) => holdingsFieldSchema.parse(entry));
