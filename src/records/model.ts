/**
 * The one bibliographic model every adapter returns (plain data; documented in README).
 * MARC 21 and UNIMARC/CNMARC mappings fill it; iPac and other non-MARC sources fill it directly.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Holding } from '../holdings/model.ts';
import type { MarcRecord } from './marc.ts';

export type SourceFormat = 'marc21' | 'unimarc' | 'cnmarc' | 'ipac' | 'dc' | 'other';

export interface Author {
  name: string;
  kind: 'personal' | 'corporate' | 'meeting';
  /** Relator as written (著, 译, ed., author) or a code. */
  role?: string;
  dates?: string;
  /** Vernacular form from an 880 / parallel field. */
  vernacular?: string;
}

export interface Isbn {
  /** As written in the record ("978-7-115-16362-2 (平装)"). */
  original: string;
  /** Normalized ISBN-13 without hyphens, when the digits make one. */
  isbn13?: string;
  /** Check digit verified. */
  valid: boolean;
  qualifier?: string;
  /** From 020 $z / 010 $z: cancelled or invalid as printed — shown, but not a match key. */
  cancelled?: boolean;
}

export interface Classification {
  scheme: 'clc' | 'lcc' | 'ddc' | 'udc' | 'ndc' | 'other';
  value: string;
  edition?: string;
  /** The scheme as the record names it (084/686 $2 "njb/9"; "科图法" for 692) when `scheme` is 'other' or needs it. */
  source?: string;
}

/** Link to a set, series or host item (461/773/490/830/225/410) with the volume designation. */
export interface SetLink {
  kind: 'set' | 'series' | 'host';
  title: string;
  volume?: string;
  id?: string;
  issn?: string;
  /** ISBN of the set or host as the link gives it (UNIMARC 461 $1010 $a or $y, MARC 21 773 $z), compact as written. */
  isbn?: string;
}

export interface RecordWarning extends Diagnostic {
  source: 'record';
}

export interface BibRecord {
  /** Stable id: `${library}:${localId}`. */
  id: string;
  library: string;
  localId: string;
  format: SourceFormat;
  /** Charset the record was decoded from, and whether the bytes disagreed with the declaration. */
  charset?: string;
  charsetMismatch?: boolean;

  title: string;
  /** Title for sorting: non-sort prefix removed. */
  sortTitle: string;
  subtitle?: string;
  partNumber?: string;
  partName?: string;
  responsibility?: string;
  /** Parallel/vernacular title (880, 200$d, pinyin kept apart). */
  vernacularTitle?: string;
  authors: Author[];
  edition?: string;
  place?: string;
  publisher?: string;
  /** First year as a number, when one can be read. */
  year?: number;
  /** The date as written ("1978-<1991 >"). */
  yearText?: string;
  extent?: string;
  series: SetLink[];
  /** ISO 639-2/B codes (chi, eng, jpn). */
  languages: string[];
  /** Chinese display names of the language codes (中文, 英文, 日文). */
  languageNames: string[];
  isbns: Isbn[];
  issns: string[];
  /** Other standard numbers: 统一书号, LCCN, NCID... */
  otherIds: { scheme: string; value: string }[];
  /** 图书, 期刊, 电子资源, 地图, 乐谱... */
  materialType: string;
  subjects: string[];
  classifications: Classification[];
  notes: string[];
  contents: string[];
  links: SetLink[];
  holdings: Holding[];
  warnings: RecordWarning[];
  /** The source MARC, kept so SRU can re-serialize and a librarian can inspect it. */
  marc?: MarcRecord;
}
