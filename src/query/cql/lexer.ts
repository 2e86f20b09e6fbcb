/**
 * CQL tokenizer. Only ASCII whitespace separates tokens: YAZ does the same, and
 * it keeps a full-width space (U+3000) inside a CJK term such as `中国\u3000歴史`
 * instead of splitting it into two terms that would be a syntax error.
 */
import type { CqlComparitorSymbol } from './ast.ts';
import { CqlSyntaxError, SRU_DIAGNOSTIC } from './errors.ts';

type CqlTokenKind = 'lparen' | 'rparen' | 'slash' | 'comparitor' | 'word' | 'string' | 'eof';

export interface CqlToken {
  kind: CqlTokenKind;
  /** word: as written; string: between the quotes, escapes kept; comparitor: the symbol. */
  text: string;
  position: number;
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n', '\f', '\v']);
/** Characters that end an unquoted word (CQL charString1 excludes them). */
const WORD_BREAKERS = new Set(['(', ')', '=', '<', '>', '"', '/']);
const TWO_CHAR_COMPARITORS = new Set<string>(['==', '<>', '<=', '>=']);

export function tokenizeCql(query: string): CqlToken[] {
  const tokens: CqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query.charAt(i);
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === '/') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'slash', text: ch, position: start });
      i++;
    } else if (ch === '=' || ch === '<' || ch === '>') {
      const pair = query.slice(i, i + 2);
      const symbol = TWO_CHAR_COMPARITORS.has(pair) ? pair : ch;
      tokens.push({ kind: 'comparitor', text: symbol as CqlComparitorSymbol, position: start });
      i += symbol.length;
    } else if (ch === '"') {
      i = readQuoted(query, i, tokens);
    } else {
      i = readWord(query, i, tokens);
    }
  }
  tokens.push({ kind: 'eof', text: '', position: query.length });
  return tokens;
}

function readQuoted(query: string, openAt: number, tokens: CqlToken[]): number {
  let i = openAt + 1;
  while (i < query.length) {
    const ch = query.charAt(i);
    if (ch === '\\') {
      // An escape always takes the next character, so `\"` never closes the string.
      i += 2;
      continue;
    }
    if (ch === '"') {
      tokens.push({ kind: 'string', text: query.slice(openAt + 1, i), position: openAt });
      return i + 1;
    }
    i++;
  }
  throw new CqlSyntaxError(SRU_DIAGNOSTIC.unbalancedQuotes, 'Unbalanced quotes: string not closed', openAt);
}

function readWord(query: string, start: number, tokens: CqlToken[]): number {
  let i = start;
  while (i < query.length) {
    const ch = query.charAt(i);
    if (WHITESPACE.has(ch) || WORD_BREAKERS.has(ch)) break;
    if (ch === '\\') {
      if (i + 1 >= query.length) {
        throw new CqlSyntaxError(SRU_DIAGNOSTIC.querySyntaxError, 'Backslash at the end of the query escapes nothing', i);
      }
      // As in YAZ, an escaped character (even a space or a quote) stays inside the word.
      i += 2;
      continue;
    }
    i++;
  }
  tokens.push({ kind: 'word', text: query.slice(start, i), position: start });
  return i;
}
