/**
 * ISBN arithmetic (ISO 2108): compacting, check digits, 10 ↔ 13 conversion.
 * Shared by the record mappers, the merge keys and the query rewriter.
 *
 * ISBN-10 check digit: weights 10..2, sum + check ≡ 0 (mod 11), check 10 written "X".
 * ISBN-13 check digit: EAN-13, weights 1,3,1,3…, sum + check ≡ 0 (mod 10).
 */

/** Digits in an ISBN-looking run: "978-7-115-16362-2", "0 521 24332 7", "7-5004-0123-x". */
const ISBN_RUN = /(?:\d[\s-]?){9}[\dXx](?:[\s-]?\d){0,3}/;
// Regular expressions live in constants: a literal in a function is a new RegExp object at every call.
const SEPARATORS = /[\s-]/g;
const ISBN10_SHAPE = /^\d{9}[\dX]$/;
const ISBN13_SHAPE = /^97[89]\d{10}$/;
const THIRTEEN_DIGITS = /^\d{13}$/;

/**
 * The first ISBN in a text, as 10 or 13 characters without hyphens (upper-case X),
 * or undefined when the text holds no run of 10 or 13 digits.
 * Full-width digits and hyphens (０-９, －) are folded first.
 */
export function compactIsbn(text: string): string | undefined {
  const folded = text.normalize('NFKC');
  const match = ISBN_RUN.exec(folded);
  if (!match) return undefined;
  const compact = match[0].replace(SEPARATORS, '').toUpperCase();
  // An ISBN-13 always starts with the EAN prefix 978/979; other 13-digit runs are an
  // ISBN-10 followed by unrelated digits (a year, a price).
  if (ISBN13_SHAPE.test(compact)) return compact;
  // An "X" can only be the last character of an ISBN-10.
  const ten = compact.slice(0, 10);
  if (ISBN10_SHAPE.test(ten)) return ten;
  return undefined;
}

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function isValidIsbn10(isbn: string): boolean {
  const c = isbn.replace(SEPARATORS, '').toUpperCase();
  return ISBN10_SHAPE.test(c) && isbn10CheckDigit(c.slice(0, 9)) === c[9];
}

export function isValidIsbn13(isbn: string): boolean {
  const c = isbn.replace(SEPARATORS, '');
  return ISBN13_SHAPE.test(c) && isbn13CheckDigit(c.slice(0, 12)) === c[12];
}

/** Either form, check digit verified. */
export function isValidIsbn(isbn: string): boolean {
  const c = compactIsbn(isbn);
  if (!c) return false;
  return c.length === 10 ? isValidIsbn10(c) : isValidIsbn13(c);
}

/**
 * ISBN-13 of an ISBN (either form, any punctuation). An ISBN-10 gets the "978" prefix
 * and a recomputed check digit — even when its own check digit was wrong, because the
 * merge still wants a key; callers keep `isValidIsbn` beside it.
 */
export function toIsbn13(isbn: string): string | undefined {
  const c = compactIsbn(isbn);
  if (!c) return undefined;
  if (c.length === 13) return c;
  const first12 = `978${c.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** ISBN-10 of an ISBN; only "978" ISBN-13s have one (979 has no ISBN-10 form). */
export function toIsbn10(isbn: string): string | undefined {
  const c = compactIsbn(isbn);
  if (!c) return undefined;
  if (c.length === 10) return c;
  if (!c.startsWith('978')) return undefined;
  const first9 = c.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}

/**
 * For a compact ISBN (10 or 13 characters) whose check digit is wrong, the digit it should
 * have; undefined when it is right (or the text is not an ISBN shape).
 */
export function expectedIsbnCheckDigit(compact: string): string | undefined {
  if (ISBN10_SHAPE.test(compact)) {
    const check = isbn10CheckDigit(compact.slice(0, 9));
    return check === compact[9] ? undefined : check;
  }
  if (THIRTEEN_DIGITS.test(compact)) {
    const check = isbn13CheckDigit(compact.slice(0, 12));
    return check === compact[12] ? undefined : check;
  }
  return undefined;
}
