/**
 * Which standard numbers of a record identify it. ISBN arithmetic is src/identifiers;
 * here: which of a record's ISBNs are its own (a set record lists its volumes' ISBNs,
 * an e-book lists the print ISBN), and the spelling of LCCN / 统一书号 / NCID values.
 */
import { compactIsbn, isValidIsbn, toIsbn13 } from '../identifiers/isbn.ts';
import type { BibRecord, Isbn } from '../records/model.ts';
import { sameVolume, volumeKey } from './designations.ts';
import { foldText } from './normalize-text.ts';

export interface RecordIsbns {
  /** Valid ISBN-13s that identify this record. */
  identity: string[];
  /** Compact ISBNs with a wrong check digit, as printed: matched only together with a title. */
  invalid: string[];
  /** Valid ISBN-13s the record lists for something else (another volume, the set, the print form). */
  foreign: string[];
}

const SET_WORDS = /\b(?:set|series|complete|(?:v|vols?)\s*\d+\s+\d+)\b|套|全\s*\d*\s*[册卷]|总/u;
const PRINT_WORDS = /\b(?:print|pbk|paperback|hardback|hardcover|hbk|cloth|paper)\b|平装|精装|纸本|印刷/u;
const ELECTRONIC_WORDS = /\b(?:ebook|e book|electronic|online|pdf|epub)\b|电子/u;

function qualifierOf(isbn: Isbn): string {
  const inParens = /[(（]([^)）]+)[)）]/u.exec(isbn.original)?.[1];
  return foldText([isbn.qualifier, inParens].filter(Boolean).join(' '));
}

/** Extent "v." / "3 v." / "10册": the record describes a multipart set (MARC 21 300 $a, ISBD 5.1). */
function multipartExtent(record: BibRecord): boolean {
  const extent = foldText(record.extent ?? '');
  return /^(?:\d+\s*)?v\b|\d+\s*(?:v|vols|册|卷)\b/u.test(extent);
}

/** A record that describes a set: a multipart extent, or many ISBNs. */
function setLike(record: BibRecord): boolean {
  return multipartExtent(record) || record.isbns.length >= 3;
}

export function recordIsbns(record: BibRecord, volume: string, electronic: boolean): RecordIsbns {
  const out: RecordIsbns = { identity: [], invalid: [], foreign: [] };
  const live = record.isbns.filter((i) => !i.cancelled);
  const set = volume === '' && setLike(record);
  // A set record's unqualified ISBNs are its volumes' (OPACs often show only the first volume's
  // ISBN on the set record): never the set's own identity when its extent says "v.".
  const multipart = volume === '' && multipartExtent(record);
  const unqualified = live.filter((i) => qualifierOf(i) === '').length;
  for (const isbn of live) {
    const raw = compactIsbn(isbn.original) ?? (isbn.isbn13 ? compactIsbn(isbn.isbn13) : undefined);
    if (!raw) continue;
    const valid = isValidIsbn(raw);
    const isbn13 = valid ? toIsbn13(raw) : undefined;
    const q = qualifierOf(isbn);
    const qVolume = volumeKey(q);
    const isSet = SET_WORDS.test(q);
    let own: boolean;
    if (isSet) own = volume === '';
    else if (volume !== '') own = qVolume === '' || sameVolume(qVolume, volume);
    else if (qVolume !== '') own = false;
    else own = !multipart && (!set || unqualified < 2);
    // The other carrier's ISBN printed in the record: related, not the same resource.
    if (electronic ? PRINT_WORDS.test(q) : ELECTRONIC_WORDS.test(q)) own = false;
    if (!own) {
      if (isbn13 && !out.foreign.includes(isbn13)) out.foreign.push(isbn13);
    } else if (isbn13) {
      if (!out.identity.includes(isbn13)) out.identity.push(isbn13);
    } else if (!out.invalid.includes(raw)) out.invalid.push(raw);
  }
  return out;
}

/** LCCN as LC normalizes it: no spaces, serial after a hyphen zero-padded to 6 digits. */
function normalizeLccn(value: string): string {
  const v = value.normalize('NFKC').replace(/\s+/gu, '').replace(/\/.*$/u, '').toLowerCase();
  const dash = /^([a-z]*\d{2,4})-(\d{1,6})$/u.exec(v);
  return dash ? `${dash[1]}${(dash[2] as string).padStart(6, '0')}` : v;
}

/** Standard numbers other than ISBN/ISSN that name one manifestation, as `scheme value` pairs. */
export function otherIdKeys(record: BibRecord, schemes: readonly string[]): { scheme: string; value: string }[] {
  const out: { scheme: string; value: string }[] = [];
  for (const id of record.otherIds) {
    const scheme = id.scheme.trim().toLowerCase();
    if (!schemes.includes(scheme)) continue;
    let value = id.value.normalize('NFKC').trim();
    if (scheme === 'lccn') value = normalizeLccn(value);
    // 统一书号 is written "11017·123", "11017.123", "11017-123".
    else if (scheme === 'csbn') value = value.replace(/[\s·・.\-－]+/gu, '.').toUpperCase();
    else value = value.replace(/\s+/gu, '').toUpperCase();
    if (value && !out.some((o) => o.scheme === scheme && o.value === value)) out.push({ scheme, value });
  }
  return out;
}
