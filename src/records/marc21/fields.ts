/**
 * MARC 21 Format for Bibliographic Data — the parts of the field definitions the
 * mapper relies on (https://www.loc.gov/marc/bibliographic/, "Concise" pages).
 * Kept as data so map.ts reads as a list of decisions, each citing its field.
 */
import { holdingsFieldSchema, type HoldingsFieldMap } from '../../config/holdings-fields-schema.ts';

/** Leader/06 type of record → 资料类型 (Leader page, "06 - Type of record"). */
export const MATERIAL_BY_TYPE: Record<string, string> = {
  a: '图书', // language material
  t: '手稿', // manuscript language material
  c: '乐谱', // notated music
  d: '乐谱', // manuscript notated music
  e: '地图', // cartographic material
  f: '地图', // manuscript cartographic material
  g: '音像资料', // projected medium (film, video)
  i: '音像资料', // nonmusical sound recording
  j: '音像资料', // musical sound recording
  k: '图片', // two-dimensional nonprojectable graphic
  m: '电子资源', // computer file
  o: '组合资料', // kit
  p: '混合资料', // mixed materials
  r: '实物', // three-dimensional artifact
};

/** Leader/07 bibliographic level: b serial component part, s serial, i integrating resource. */
export const SERIAL_LEVELS = new Set(['s', 'b']);

/** 008/23 form of item (books, serials): o online, q direct electronic, s electronic. */
export const ELECTRONIC_FORMS = new Set(['o', 'q', 's']);

export type NameKind = 'personal' | 'corporate' | 'meeting';

/**
 * X00 / X10 / X11 name fields: which subfields make the name, the dates and the role.
 * A meeting's number, date and place ($n $d $c) belong to its heading — "(3rd : 1990 :
 * Beijing)" spans the three subfields — so they stay in the name. X11 meetings carry the
 * relator term in $j, not $e.
 */
export const NAME_FIELDS: Record<string, { kind: NameKind; name: string[]; dates?: string; roleTerm: string }> = {
  '100': { kind: 'personal', name: ['a', 'b', 'c', 'q'], dates: 'd', roleTerm: 'e' },
  '110': { kind: 'corporate', name: ['a', 'b'], roleTerm: 'e' },
  '111': { kind: 'meeting', name: ['a', 'q', 'e', 'n', 'd', 'c'], roleTerm: 'j' },
  '700': { kind: 'personal', name: ['a', 'b', 'c', 'q'], dates: 'd', roleTerm: 'e' },
  '710': { kind: 'corporate', name: ['a', 'b'], roleTerm: 'e' },
  '711': { kind: 'meeting', name: ['a', 'q', 'e', 'n', 'd', 'c'], roleTerm: 'j' },
  '720': { kind: 'personal', name: ['a'], roleTerm: 'e' },
};

/** MARC Code List for Relators, the codes seen on the Chinese and Japanese records we map. */
export const RELATOR_CODES: Record<string, string> = {
  aut: 'author', edt: 'editor', trl: 'translator', ill: 'illustrator', com: 'compiler', ctb: 'contributor',
  cmp: 'composer', pht: 'photographer', aui: 'author of introduction', ann: 'annotator', pbl: 'publisher',
};

/** 6XX subject access fields: subfields forming the heading proper; $v $x $y $z are subdivisions. */
export const SUBJECT_FIELDS: Record<string, string[]> = {
  '600': ['a', 'b', 'c', 'd', 'q', 't'],
  '610': ['a', 'b', 'c', 'd', 't'],
  '611': ['a', 'c', 'd', 'n', 't'],
  '630': ['a', 'n', 'p', 'l'],
  '648': ['a'],
  '650': ['a', 'b'],
  '651': ['a'],
};
export const SUBJECT_SUBDIVISIONS = new Set(['v', 'x', 'y', 'z']);
/** 653 index term – uncontrolled: each $a is a term of its own. */
export const UNCONTROLLED_SUBJECT = '653';

/** 084 $2 / 082 source codes (Classification Scheme Source Codes list) → model scheme. */
export const CLASSIFICATION_SOURCES: Record<string, 'clc' | 'ndc' | 'udc' | 'ddc' | 'lcc'> = {
  clc: 'clc', // Zhongguo tu shu guan fen lei fa (中图法)
  njb: 'ndc', // Nippon decimal classification (NDL exports "njb/9")
  ndc: 'ndc',
  udc: 'udc',
  ddc: 'ddc',
  lcc: 'lcc',
};

/** 024 ind1: type of standard number. */
export const OTHER_STANDARD_NUMBERS: Record<string, string> = { '0': 'isrc', '1': 'upc', '2': 'ismn', '3': 'ean' };

// Regular expressions live in constants: a literal in a function is a new RegExp object at every call.
const NOTE_TAG = /^5\d\d$/;

/** 5XX notes that are not the 505 formatted contents note. */
export function isNoteTag(tag: string): boolean {
  return NOTE_TAG.test(tag) && tag !== '505';
}

/**
 * Default holdings layout: 852 Location (MARC 21 Holdings / Bibliographic 852) with
 * 876-878 Item Information linked through $8 ($j item status, $h use restrictions —
 * where 馆藏类型 such as 参考外借资料 / "Reference only" lands, $p piece designation = barcode,
 * $3 materials specified = volume). 852 $z public note may carry the status.
 */
export const MARC21_HOLDINGS_FIELDS: HoldingsFieldMap[] = [
  // 852 $x (nonpublic note) carries 馆藏类型 in the shared catalogue fixtures; $z the public status text.
  { tag: '852', branch: 'a', location: ['b', 'c'], callNumber: { parts: ['k', 'h', 'i', 'm'] }, barcode: 'p', volume: '3', collectionType: 'x', note: 'z', statusFromNote: true },
  { tag: '876', itemOf: '852', barcode: 'p', status: 'j', collectionType: 'h', volume: '3', location: ['l'], note: 'z' },
  { tag: '877', itemOf: '852', barcode: 'p', status: 'j', collectionType: 'h', volume: '3', location: ['l'], note: 'z' },
  { tag: '878', itemOf: '852', barcode: 'p', status: 'j', collectionType: 'h', volume: '3', location: ['l'], note: 'z' },
].map((entry) => holdingsFieldSchema.parse(entry));
