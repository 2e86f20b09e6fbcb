/**
 * Backslash escapes of CQL terms, both ways: decoding keeps track of which
 * masking/anchoring characters were escaped (literal) and which were not.
 */
import { CQL_SPECIAL_CHARS, type CqlSpecialChar, type CqlSpecialCharKind, type CqlTerm } from './ast.ts';

const SPECIALS = new Set<string>(CQL_SPECIAL_CHARS);

export interface DecodedText {
  text: string;
  specials: CqlSpecialChar[];
}

/** Resolves `\x` to `x` and records every `*`, `?`, `^` with its escaped flag. */
export function decodeCqlText(raw: string): DecodedText {
  let text = '';
  const specials: CqlSpecialChar[] = [];
  for (let i = 0; i < raw.length; i++) {
    let ch = raw.charAt(i);
    let escaped = false;
    if (ch === '\\' && i + 1 < raw.length) {
      i++;
      ch = raw.charAt(i);
      escaped = true;
    }
    if (SPECIALS.has(ch)) specials.push({ char: ch as CqlSpecialCharKind, offset: text.length, escaped });
    text += ch;
  }
  return { text, specials };
}

export function makeCqlTerm(raw: string, quoted: boolean, position: number): CqlTerm {
  return { raw, quoted, position, ...decodeCqlText(raw) };
}

/**
 * Literal text → CQL term body (without the quotes): escapes `\` and `"`, and
 * `*`, `?`, `^` so a target never reads the user's characters as masking.
 */
export function escapeCqlText(text: string): string {
  return text.replace(/[\\"*?^]/g, (ch) => `\\${ch}`);
}
