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
  /** Valid ISBN-13s that identify this record (unique: they merge whatever the cataloguing says). */
  identity: string[];
  /**
   * Valid ISBN-13s a volume record gives without saying whose they are: the volume's own or
   * the set's (Chinese sets often carry one ISBN for every volume). They match only records
   * of the same volume, or records no other volume competes for (cluster.ts).
   */
  ambiguous: string[];
  /** The set's ISBNs a volume record carries (qualified "set"/"全套", in 020 $z, or beside a qualified volume ISBN). */
  set: string[];
  /** Compact ISBNs with a wrong check digit, as printed: matched only together with a title. */
  invalid: string[];
  /** Valid ISBN-13s the record lists for something else (another volume, the set, another binding, the print form). */
  foreign: string[];
  /** The record describes a whole multipart set (extent "v.", or its own ISBN is qualified as the set's). */
  isSet: boolean;
  /** The binding this record describes ("hard" / "soft"), from the qualifier of its first qualified ISBN; "" when unknown. */
  binding: string;
}

const SET_WORDS = /\b(?:set|series|complete|(?:v|vols?)\s*\d+\s+\d+)\b|套|全\s*\d*\s*[册冊卷]|总|總/u;
const PRINT_WORDS = /\b(?:print|pbk|paperback|hardback|hardcover|hbk|cloth|paper)\b|平装|精装|纸本|印刷/u;
const ELECTRONIC_WORDS = /\b(?:ebook|e book|electronic|online|pdf|epub)\b|电子/u;
const HARD_WORDS = /\b(?:hardback|hardcover|hard cover|hbk|hb|cloth|hc|bound|lib bdg)\b|精装|精裝|布面/u;
const SOFT_WORDS = /\b(?:pbk|paperback|paper|softcover|soft cover|pb|softbound)\b|平装|平裝|简装|簡裝/u;

function qualifierOf(isbn: Isbn): string {
  const inParens = /[(（]([^)）]+)[)）]/u.exec(isbn.original)?.[1];
  return foldText([isbn.qualifier, inParens].filter(Boolean).join(' '));
}

/** "hard", "soft" or "" from an ISBN qualifier ("pbk.", "(精装)", "v. 1 : cloth"). */
function bindingOf(qualifier: string): string {
  if (HARD_WORDS.test(qualifier)) return 'hard';
  if (SOFT_WORDS.test(qualifier)) return 'soft';
  return '';
}

/**
 * Extent "v." / "3 v." / "10册" (MARC 21 300 $a, ISBD 5.1), or an open date "1978-" (ISBD 4.4:
 * a multipart item not yet complete gives its first part's year and a hyphen): the record
 * describes a multipart set. Brief union records often keep only the date.
 */
function multipartExtent(record: BibRecord): boolean {
  const extent = foldText(record.extent ?? '');
  if (/^(?:\d+\s*)?v\b|\d+\s*(?:v|vols|册|卷)\b/u.test(extent)) return true;
  return /^\D{0,3}\d{4}\s*[-－–]\s*[.\]]?$/u.test((record.yearText ?? '').normalize('NFKC').trim());
}

/** What the rules below read of one ISBN as written, whatever the record. */
interface ReadIsbn {
  raw: string | undefined;
  isbn13: string | undefined;
  q: string;
  qVolume: string;
  /** The qualifier's binding, for a print record ("" for an e-book: its qualifier names the print one). */
  binding: string;
  setWords: boolean;
  printWords: boolean;
  electronicWords: boolean;
}

function readIsbnUncached(original: string, qualifier: string, given: string): ReadIsbn {
  const isbn: Isbn = { original, valid: false, ...(qualifier ? { qualifier } : {}), ...(given ? { isbn13: given } : {}) };
  const raw = compactIsbn(isbn.original) ?? (isbn.isbn13 ? compactIsbn(isbn.isbn13) : undefined);
  const q = qualifierOf(isbn);
  return { raw, isbn13: raw && isValidIsbn(raw) ? toIsbn13(raw) : undefined, q, qVolume: volumeKey(q), binding: bindingOf(q), setWords: SET_WORDS.test(q), printWords: PRINT_WORDS.test(q), electronicWords: ELECTRONIC_WORDS.test(q) };
}

interface KnownIsbn {
  qualifier: string;
  given: string;
  read: ReadIsbn;
}

/** Past this many ISBNs the memory starts over (as text-memo.ts does). */
const KNOWN_ISBNS_MAX = 8192;
let knownIsbns = new Map<string, KnownIsbn[]>();
let knownIsbnCount = 0;

/**
 * Remembered per ISBN as written: every library holding a book sends the same 020, and each one
 * is compacted, checked, converted and its qualifier folded and matched against six word lists.
 * Looked up by the text as written, then the qualifier and the given ISBN-13 compared: no key
 * string is made per lookup (a record's ISBNs are read on every add).
 */
function readIsbn(isbn: Isbn): ReadIsbn {
  const qualifier = isbn.qualifier ?? '';
  const given = isbn.isbn13 ?? '';
  let known = knownIsbns.get(isbn.original);
  if (known) for (const k of known) if (k.qualifier === qualifier && k.given === given) return k.read;
  const read = readIsbnUncached(isbn.original, qualifier, given);
  if (knownIsbnCount >= KNOWN_ISBNS_MAX) {
    knownIsbns = new Map();
    knownIsbnCount = 0;
    known = undefined;
  }
  if (known) known.push({ qualifier, given, read });
  else knownIsbns.set(isbn.original, [{ qualifier, given, read }]);
  knownIsbnCount++;
  return read;
}

function push(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

export function recordIsbns(record: BibRecord, volume: string, electronic: boolean): RecordIsbns {
  // A set record's unqualified ISBNs are its volumes' (OPACs often show only the first volume's
  // ISBN on the set record): never the set's own identity when its extent says "v.".
  const multipart = volume === '' && multipartExtent(record);
  const out: RecordIsbns = { identity: [], ambiguous: [], set: [], invalid: [], foreign: [], isSet: multipart, binding: '' };
  // A record that describes a set: a multipart extent, or many ISBNs.
  const set = volume === '' && (multipart || record.isbns.length >= 3);
  // Each ISBN read once, into a plain list (no object per ISBN: every record of every answer comes here).
  const reads: ReadIsbn[] = [];
  let unqualified = 0;
  // A volume record that names its own volume's ISBN says the others are the set's.
  let volumeNamed = false;
  for (const isbn of record.isbns) {
    const known = readIsbn(isbn);
    reads.push(known);
    if (isbn.cancelled) continue;
    // The first live ISBN's binding that says one (an e-book's qualifier names the print one's).
    if (out.binding === '' && !electronic) out.binding = known.binding;
    if (known.q === '') unqualified++;
    if (!volumeNamed && volume !== '' && known.qVolume !== '' && sameVolume(known.qVolume, volume)) volumeNamed = true;
  }
  for (let i = 0; i < reads.length; i++) {
    const isbn = record.isbns[i] as Isbn;
    const r = reads[i] as ReadIsbn;
    if (!r.raw) continue;
    if (isbn.cancelled) {
      // 020 $z / 010 $z: not this record's number, but a volume record often puts the set's there.
      if (r.isbn13) push(volume !== '' ? out.set : out.foreign, r.isbn13);
      continue;
    }
    const isSet = r.setWords;
    let own: 'yes' | 'no' | 'set' | 'ambiguous';
    if (isSet && volume === '') out.isSet = true;
    if (isSet) own = volume === '' ? 'yes' : 'set';
    else if (volume !== '') {
      if (r.qVolume !== '') own = sameVolume(r.qVolume, volume) ? 'yes' : 'no';
      else own = volumeNamed ? 'set' : 'ambiguous';
    } else if (r.qVolume !== '') own = 'no';
    else own = !multipart && (!set || unqualified < 2) ? 'yes' : 'no';
    // The other carrier's ISBN printed in the record: related, not the same resource.
    if (electronic ? r.printWords : r.electronicWords) own = 'no';
    // Another binding's ISBN (the record describes the binding of its first qualified ISBN).
    const binding = electronic ? '' : r.binding;
    if (binding !== '' && out.binding !== '' && binding !== out.binding) own = 'no';
    if (!r.isbn13) {
      if (own !== 'no') push(out.invalid, r.raw);
    } else if (own === 'yes') push(out.identity, r.isbn13);
    else if (own === 'ambiguous') push(out.ambiguous, r.isbn13);
    else if (own === 'set') push(out.set, r.isbn13);
    else push(out.foreign, r.isbn13);
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
