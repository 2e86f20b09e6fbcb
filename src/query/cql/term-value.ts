/**
 * A CQL term's text → the model's value + right truncation, enforcing what the
 * model can express: only a trailing `*`; other masking (28) and anchoring
 * (31) are refused unless the options say otherwise.
 */
import type { CqlSpecialChar } from './ast.ts';
import { CqlUnsupportedError, SRU_DIAGNOSTIC } from './errors.ts';

export interface TermText {
  text: string;
  specials: readonly CqlSpecialChar[];
}

export interface TermValuePolicy {
  /** Interior `*`/`?`: refuse (diagnostic 28) or keep as plain characters. */
  masking: 'reject' | 'literal';
  /** `^`: refuse (diagnostic 31) or drop it (word indexes hardly differ). */
  anchoring: 'reject' | 'ignore';
  /** `/unmasked` relation modifier: every special character is literal. */
  unmasked: boolean;
}

export interface TermValue {
  value: string;
  truncation: boolean;
}

export function termValue(term: TermText, policy: TermValuePolicy): TermValue {
  const active = new Map<number, CqlSpecialChar>();
  if (!policy.unmasked) {
    for (const special of term.specials) if (!special.escaped) active.set(special.offset, special);
  }
  let value = '';
  let truncation = false;
  const lastIndex = lastNonSpaceIndex(term.text);
  for (let i = 0; i < term.text.length; i++) {
    const ch = term.text.charAt(i);
    const special = active.get(i);
    if (special === undefined) {
      value += ch;
    } else if (special.char === '^') {
      if (policy.anchoring === 'reject') {
        throw new CqlUnsupportedError(SRU_DIAGNOSTIC.anchoringCharNotSupported, 'Anchoring character not supported', term.text);
      }
    } else if (special.char === '*' && i === lastIndex) {
      truncation = true;
    } else if (policy.masking === 'reject') {
      throw new CqlUnsupportedError(
        SRU_DIAGNOSTIC.maskingCharNotSupported,
        `Masking character "${special.char}" not supported here (only a trailing "*")`,
        term.text,
      );
    } else {
      value += ch;
    }
  }
  if (truncation && value.trim() === '') {
    // A lone `*` is an empty term that would match everything: refused like any empty term.
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.emptyTerm, 'Empty term unsupported: a lone "*" would match everything', term.text);
  }
  if (truncation && /(^|\s)$/.test(value)) {
    // `*` alone or as a word of its own would match everything.
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.maskedWordsTooShort, 'Masked word too short', term.text);
  }
  value = value.trim();
  if (value === '') throw new CqlUnsupportedError(SRU_DIAGNOSTIC.emptyTerm, 'Empty term unsupported', term.text);
  return { value, truncation };
}

/** The words of a term (split at any whitespace, full-width included), each with its own specials. */
export function splitTermWords(term: TermText): TermText[] {
  const words: TermText[] = [];
  for (const match of term.text.matchAll(/\S+/gu)) {
    const start = match.index;
    const end = start + match[0].length;
    words.push({
      text: match[0],
      specials: term.specials
        .filter((s) => s.offset >= start && s.offset < end)
        .map((s) => ({ ...s, offset: s.offset - start })),
    });
  }
  return words;
}

function lastNonSpaceIndex(text: string): number {
  return text.trimEnd().length - 1;
}
