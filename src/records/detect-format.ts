/**
 * Which MARC flavour a record is, from its shape. UNIMARC has 200 (title) and 100 whose
 * $a is the 36-character general processing data starting with a date (UNIMARC 100);
 * MARC 21 has 245 (title) and the 40-character 008. The leader is a weak hint only:
 * Alma writes "4500" into UNIMARC leaders and yaz sets leader/09 "a" on any XML output
 * (reference 03 §1, §7). CNMARC is UNIMARC with Chinese national additions (GB/T 33286).
 */
import { controlValue, dataFields, firstSubfield, hasField, type MarcRecord } from './marc.ts';

export type MarcFlavour = 'marc21' | 'unimarc' | 'cnmarc';

export interface FlavourGuess {
  flavour: MarcFlavour;
  /** False when the shape was ambiguous and MARC 21 was assumed. */
  certain: boolean;
}

const UNIMARC_TAGS = ['101', '210', '215', '225', '690', '701', '801'];
const MARC21_TAGS = ['040', '260', '264', '300', '650'];
const CNMARC_TAGS = ['690', '091', '905'];
/** UNIMARC 100 $a: the date entered on file, then the type of date. */
const GENERAL_DATA = /^\d{8}[a-z|]/u;

function hasAny(marc: MarcRecord, tags: readonly string[]): boolean {
  for (const tag of tags) if (hasField(marc, tag)) return true;
  return false;
}

function unimarcScore(marc: MarcRecord): number {
  const general = dataFields(marc, '100')[0];
  const generalData = general ? (firstSubfield(general, 'a') ?? '') : '';
  let score = 0;
  if (GENERAL_DATA.test(generalData) && generalData.length >= 30) score += 2;
  if (dataFields(marc, '200').length > 0) score += 2;
  if (hasAny(marc, UNIMARC_TAGS)) score += 1;
  return score;
}

function marc21Score(marc: MarcRecord): number {
  let score = 0;
  if (dataFields(marc, '245').length > 0) score += 2;
  if ((controlValue(marc, '008') ?? '').length >= 38) score += 2;
  if (hasAny(marc, MARC21_TAGS)) score += 1;
  return score;
}

/** CNMARC marks: 801 $a CN, 690 中图法, 091 统一书号, 905 local holdings, pinyin $9/$A in 200. */
function isChinese(marc: MarcRecord): boolean {
  if (dataFields(marc, '801').some((f) => firstSubfield(f, 'a')?.trim().toUpperCase() === 'CN')) return true;
  if (hasAny(marc, CNMARC_TAGS)) return true;
  return dataFields(marc, '200').some((f) => f.subfields.some((s) => s.code === '9' || s.code === 'A'));
}

export function detectFlavour(marc: MarcRecord): FlavourGuess {
  const u = unimarcScore(marc);
  const m = marc21Score(marc);
  if (u > m) return { flavour: isChinese(marc) ? 'cnmarc' : 'unimarc', certain: (u >= 4 && m === 0) || u - m >= 3 };
  return { flavour: 'marc21', certain: m > u && (m >= 4 || m - u >= 3) };
}

/** The family a flavour is mapped with. */
export function familyOf(flavour: MarcFlavour): 'marc21' | 'unimarc' {
  return flavour === 'marc21' ? 'marc21' : 'unimarc';
}
