/**
 * ISSN arithmetic (ISO 3297): 7 digits + check digit (mod 11, weights 8..2, 10 → "X"),
 * written NNNN-NNNC. Used for MARC 21 022 / UNIMARC 011 and the series links.
 */

const ISSN_RUN = /\d{4}[\s-]?\d{3}[\dXx]/;
const SEPARATORS = /[\s-]/g;

/** The first ISSN in a text, as 8 characters without the hyphen (upper-case X). */
export function compactIssn(text: string): string | undefined {
  const match = ISSN_RUN.exec(text.normalize('NFKC'));
  return match ? match[0].replace(SEPARATORS, '').toUpperCase() : undefined;
}

function issnCheckDigit(first7: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(first7[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

export function isValidIssn(issn: string): boolean {
  const c = compactIssn(issn);
  return c !== undefined && issnCheckDigit(c.slice(0, 7)) === c[7];
}

/** "12345679" or "1234-5679" → "1234-5679"; undefined when the text holds no ISSN. */
export function formatIssn(issn: string): string | undefined {
  const c = compactIssn(issn);
  return c ? `${c.slice(0, 4)}-${c.slice(4)}` : undefined;
}
