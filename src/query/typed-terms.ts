/**
 * Typed input at the edge, before a term becomes part of a query. IMEs type full-width
 * forms (９７８－０－５２１, ＡＢＣ, ideographic spaces): NFKC folds them to the forms
 * catalogues index. Identifiers (ISBN/ISSN) also lose every kind of hyphen and space.
 */

/** NFKC, whitespace runs (ideographic spaces included) as one space, trimmed. */
export function normalizeTypedTerm(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Hyphens and dashes people type inside identifiers, IME prolonged-sound mark included. */
const IDENTIFIER_SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30fc\uff70\ufe58\ufe63]/gu;

/** An ISBN/ISSN as typed → its compact form (digits and X, upper case). */
export function compactTypedIdentifier(raw: string): string {
  return raw.normalize('NFKC').replace(IDENTIFIER_SEPARATORS, '').toUpperCase();
}

/**
 * A term that would match everything: nothing left but truncation or masking marks and
 * punctuation (`*`, `?`, `-`, an ideographic space). Such searches are refused as too broad,
 * like a year alone.
 */
export function isTooBroadTerm(value: string): boolean {
  return !/[\p{L}\p{N}]/u.test(value);
}
