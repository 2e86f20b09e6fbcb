/**
 * ISBN / ISSN entries of the record model, built with src/identifiers so that the
 * merge keys and the query rewriter agree with the mappers on what an ISBN is.
 */
import { compactIsbn, isValidIsbn10, isValidIsbn13, toIsbn13 } from '../../identifiers/isbn.ts';
import { formatIssn } from '../../identifiers/issn.ts';
import { dataFields, subfieldValues, type DataField, type MarcRecord } from '../marc.ts';
import type { Isbn } from '../model.ts';
import { trimIsbd, unique } from './text.ts';

// Regular expressions live in constants: a literal in a function is a new RegExp object at every call.
const PARENTHESIS = /[(（]([^)）]+)[)）]/u;
const FIVE_DIGITS = /\d{5}/;
const IN_PARENTHESES = /^\((.*)\)$/u;

/** "0521243327 (v. 7)" → qualifier "v. 7"; "978-7-115-16362-2（平装）" → "平装". */
function parentheticalQualifier(text: string): string | undefined {
  const match = PARENTHESIS.exec(text);
  return match?.[1]?.trim() || undefined;
}

/**
 * One ISBN as the record gives it. `qualifier` comes from its own subfield when the
 * format has one (MARC 21 020 $q, UNIMARC 010 $b), else from a parenthesis after the number.
 */
export function isbnEntry(written: string, options: { qualifier?: string | undefined; cancelled?: boolean } = {}): Isbn | undefined {
  const original = trimIsbd(written);
  const compact = compactIsbn(original);
  if (!compact) {
    // No ISBN digits at all ("平装"): nothing to show as an ISBN.
    if (!FIVE_DIGITS.test(original)) return undefined;
    return { original, valid: false, ...(options.cancelled ? { cancelled: true } : {}) };
  }
  // `compact` is compactIsbn's answer (10 or 13 characters): checked and converted as it is, not compacted again.
  const entry: Isbn = { original, valid: compact.length === 10 ? isValidIsbn10(compact) : isValidIsbn13(compact) };
  const isbn13 = compact.length === 13 ? compact : toIsbn13(compact);
  if (isbn13) entry.isbn13 = isbn13;
  const qualifier = (options.qualifier && trimIsbd(options.qualifier).replace(IN_PARENTHESES, '$1')) || parentheticalQualifier(original);
  if (qualifier) entry.qualifier = qualifier;
  if (options.cancelled) entry.cancelled = true;
  return entry;
}

/** ISSN in the NNNN-NNNC form, or undefined when the text holds none. */
export function issnEntry(written: string | undefined): string | undefined {
  return written === undefined ? undefined : formatIssn(written);
}

/**
 * ISBNs of one ISBN field per record format (MARC 21 020, UNIMARC 010): $a valid, $z cancelled or
 * invalid, with the format's qualifier ($q, or UNIMARC $b 平装/精装); one entry per number and kind.
 */
export function isbnFieldEntries(marc: MarcRecord, tag: string, qualifierOf: (field: DataField) => string | undefined): Isbn[] {
  const out: Isbn[] = [];
  for (const field of dataFields(marc, tag)) {
    const qualifier = qualifierOf(field);
    for (const value of subfieldValues(field, 'a')) {
      const entry = isbnEntry(value, { qualifier });
      if (entry) out.push(entry);
    }
    for (const value of subfieldValues(field, 'z')) {
      const entry = isbnEntry(value, { qualifier, cancelled: true });
      if (entry) out.push(entry);
    }
  }
  return unique(out, (i) => `${i.isbn13 ?? i.original}|${i.cancelled ? 'z' : 'a'}`);
}

/** 035 $a "(OCoLC)ocm12345": the agency in parentheses, then its number. */
const AGENCY_NUMBER = /^\(([^)]+)\)\s*(.+)$/u;
/** OCLC's own prefixes of its numbers (ocm, ocn, on), not part of the number. */
const OCLC_PREFIX = /^(?:ocm|ocn|on)/u;

/**
 * A system control number (MARC 21 and UNIMARC 035 $a): "(OCoLC)ocm12345" → oclc 12345,
 * "(DLC)12345" → DLC 12345, a number without an agency → the sending system's own.
 */
export function systemControlNumber(value: string): { scheme: string; value: string } {
  const match = AGENCY_NUMBER.exec(value);
  if (!match) return { scheme: 'system', value };
  const agency = match[1] as string;
  const number = match[2] as string;
  return agency === 'OCoLC' ? { scheme: 'oclc', value: number.replace(OCLC_PREFIX, '') } : { scheme: agency, value: number };
}

