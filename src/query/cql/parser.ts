/**
 * CQL 1.2 parser (recursive descent over tokenizeCql's tokens):
 *
 *   cqlQuery      ::= prefixAssignment* scopedClause           (+ sortBy at top level)
 *   scopedClause  ::= searchClause (boolean modifier* searchClause)*   left-assoc, no precedence
 *   searchClause  ::= "(" cqlQuery ")" | [index relation modifier*] term
 *   modifier      ::= "/" name [comparitorSymbol value]
 *
 * `and or not prox sortby` are reserved only where a boolean or sortBy may
 * stand; elsewhere they are ordinary terms/indexes, as the CQL grammar says.
 */
import type {
  CqlBooleanOperator,
  CqlComparitorSymbol,
  CqlModifier,
  CqlName,
  CqlNode,
  CqlPrefixAssignment,
  CqlQuery,
  CqlRelation,
  CqlSearchClause,
  CqlSortSpec,
} from './ast.ts';
import { CqlLimitError, CqlSyntaxError, SRU_DIAGNOSTIC } from './errors.ts';
import { CQL_LIMITS } from './limits.ts';
import { tokenizeCql, type CqlToken } from './lexer.ts';
import { decodeCqlText, makeCqlTerm } from './term-text.ts';

const BOOLEANS = new Set<string>(['and', 'or', 'not', 'prox']);
const SORTBY = 'sortby';
const SERVER_CHOICE = 'cql.serverChoice';

export function parseCql(query: string): CqlQuery {
  if (query.trim() === '') {
    throw new CqlSyntaxError(SRU_DIAGNOSTIC.emptyTerm, 'Empty query', 0);
  }
  if (query.length > CQL_LIMITS.MAX_CQL_LENGTH) {
    throw new CqlLimitError(SRU_DIAGNOSTIC.tooManyCharacters, 'MAX_CQL_LENGTH', `Too many characters in query: more than ${CQL_LIMITS.MAX_CQL_LENGTH} (MAX_CQL_LENGTH)`, 'query');
  }
  return new CqlParser(tokenizeCql(query)).parseTopLevel();
}

/** Splits `dc.title` into prefix `dc` and local name `title` (at the first dot). */
export function makeCqlName(name: string, position: number): CqlName {
  const dot = name.indexOf('.');
  return dot > 0 && dot < name.length - 1
    ? { name, prefix: name.slice(0, dot), localName: name.slice(dot + 1), position }
    : { name, prefix: undefined, localName: name, position };
}

class CqlParser {
  private index = 0;
  private depth = 0;
  private clauses = 0;

  constructor(private readonly tokens: readonly CqlToken[]) {}

  parseTopLevel(): CqlQuery {
    const prefixes = this.parsePrefixAssignments();
    const root = this.parseScopedClause();
    const sortBy = this.isSortBy(this.peek()) ? this.parseSortBy() : [];
    const next = this.peek();
    if (next.kind === 'rparen') {
      throw new CqlSyntaxError(SRU_DIAGNOSTIC.invalidParentheses, 'Unbalanced parentheses: ")" without "("', next.position);
    }
    if (next.kind !== 'eof') throw this.unexpected(next, 'a boolean operator or the end of the query');
    return { prefixes, root, sortBy };
  }

  private peek(offset = 0): CqlToken {
    const token = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
    if (token === undefined) throw new Error('tokenizeCql always ends with an eof token');
    return token;
  }

  private next(): CqlToken {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private isSortBy(token: CqlToken): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === SORTBY;
  }

  private isBoolean(token: CqlToken): boolean {
    return token.kind === 'word' && BOOLEANS.has(token.text.toLowerCase());
  }

  private isTermToken(token: CqlToken): boolean {
    return token.kind === 'word' || token.kind === 'string';
  }

  private isComparitor(token: CqlToken, symbol?: CqlComparitorSymbol): boolean {
    return token.kind === 'comparitor' && (symbol === undefined || token.text === symbol);
  }

  private parsePrefixAssignments(): CqlPrefixAssignment[] {
    const prefixes: CqlPrefixAssignment[] = [];
    while (this.isComparitor(this.peek(), '>')) {
      this.tooMany(prefixes.length);
      const position = this.next().position;
      const first = this.expectTermToken('a context-set prefix or URI after ">"');
      if (this.isComparitor(this.peek(), '=')) {
        this.next();
        const uri = this.expectTermToken('a context-set URI after "="');
        prefixes.push({ prefix: this.tokenText(first), uri: this.tokenText(uri), position });
      } else {
        prefixes.push({ prefix: undefined, uri: this.tokenText(first), position });
      }
    }
    return prefixes;
  }

  private parseScopedClause(): CqlNode {
    let left = this.parseSearchClause();
    while (this.isBoolean(this.peek())) {
      const token = this.next();
      const modifiers = this.parseModifiers();
      const right = this.parseSearchClause();
      left = {
        type: 'boolean',
        operator: token.text.toLowerCase() as CqlBooleanOperator,
        modifiers,
        left,
        right,
        position: token.position,
      };
    }
    return left;
  }

  private parseSearchClause(): CqlNode {
    const token = this.peek();
    if (token.kind !== 'lparen' && ++this.clauses > CQL_LIMITS.MAX_CQL_CLAUSES) {
      throw new CqlLimitError(SRU_DIAGNOSTIC.tooManyBooleans, 'MAX_CQL_CLAUSES', `Too many boolean operators in query: more than ${CQL_LIMITS.MAX_CQL_CLAUSES} search clauses (MAX_CQL_CLAUSES) (at position ${token.position})`, 'query');
    }
    if (token.kind === 'lparen') return this.parseParenthesized();
    if (this.isComparitor(token, '>')) {
      throw new CqlSyntaxError(
        SRU_DIAGNOSTIC.querySyntaxError,
        'Prefix assignments are allowed only at the start of a query or of a parenthesized query',
        token.position,
      );
    }
    if (!this.isTermToken(token)) throw this.unexpected(token, 'a search term or "("');
    this.next();
    const after = this.peek();
    const namedRelation = after.kind === 'word' && !this.isBoolean(after) && !this.isSortBy(after);
    if (after.kind !== 'comparitor' && !namedRelation) {
      return this.bareTerm(token);
    }
    return this.searchClauseWithIndex(token);
  }

  private parseParenthesized(): CqlNode {
    const open = this.next();
    if (++this.depth > CQL_LIMITS.MAX_CQL_DEPTH) {
      throw new CqlLimitError(SRU_DIAGNOSTIC.invalidParentheses, 'MAX_CQL_DEPTH', `Parentheses nested more than ${CQL_LIMITS.MAX_CQL_DEPTH} deep (MAX_CQL_DEPTH) (at position ${open.position})`, 'query');
    }
    if (this.peek().kind === 'rparen') {
      throw new CqlSyntaxError(SRU_DIAGNOSTIC.invalidParentheses, 'Empty parentheses', open.position);
    }
    const prefixes = this.parsePrefixAssignments();
    const query = this.parseScopedClause();
    const close = this.peek();
    if (this.isSortBy(close)) {
      throw new CqlSyntaxError(SRU_DIAGNOSTIC.querySyntaxError, 'sortBy is allowed only at the end of the whole query', close.position);
    }
    if (close.kind !== 'rparen') {
      if (close.kind === 'eof') {
        throw new CqlSyntaxError(SRU_DIAGNOSTIC.invalidParentheses, 'Unbalanced parentheses: "(" not closed', open.position);
      }
      throw this.unexpected(close, 'a boolean operator or ")"');
    }
    this.next();
    this.depth -= 1;
    return prefixes.length === 0 ? query : { type: 'scoped', prefixes, query, position: open.position };
  }

  private bareTerm(token: CqlToken): CqlSearchClause {
    return {
      type: 'searchClause',
      index: makeCqlName(SERVER_CHOICE, token.position),
      relation: { ...makeCqlName('=', token.position), symbol: true, modifiers: [] },
      term: makeCqlTerm(token.text, token.kind === 'string', token.position),
      implicit: true,
      position: token.position,
    };
  }

  private searchClauseWithIndex(indexToken: CqlToken): CqlSearchClause {
    const relationToken = this.next();
    const relation: CqlRelation = {
      ...makeCqlName(relationToken.text, relationToken.position),
      symbol: relationToken.kind === 'comparitor',
      modifiers: this.parseModifiers(),
    };
    const termToken = this.peek();
    if (termToken.kind === 'lparen') {
      throw new CqlSyntaxError(
        SRU_DIAGNOSTIC.invalidParentheses,
        'A parenthesized query cannot follow an index and relation',
        termToken.position,
      );
    }
    if (!this.isTermToken(termToken)) throw this.unexpected(termToken, `a search term after "${relationToken.text}"`);
    this.next();
    return {
      type: 'searchClause',
      index: makeCqlName(this.tokenText(indexToken), indexToken.position),
      relation,
      term: makeCqlTerm(termToken.text, termToken.kind === 'string', termToken.position),
      implicit: false,
      position: indexToken.position,
    };
  }

  private parseModifiers(): CqlModifier[] {
    const modifiers: CqlModifier[] = [];
    while (this.peek().kind === 'slash') {
      this.tooMany(modifiers.length);
      this.next();
      const nameToken = this.expectTermToken('a modifier name after "/"');
      let comparitor: CqlComparitorSymbol | undefined;
      let value: string | undefined;
      if (this.peek().kind === 'comparitor') {
        comparitor = this.next().text as CqlComparitorSymbol;
        value = this.tokenText(this.expectTermToken(`a modifier value after "${comparitor}"`));
      }
      modifiers.push({ ...makeCqlName(this.tokenText(nameToken), nameToken.position), comparitor, value });
    }
    return modifiers;
  }

  private parseSortBy(): CqlSortSpec[] {
    const sortToken = this.next();
    const specs: CqlSortSpec[] = [];
    while (this.isTermToken(this.peek())) {
      this.tooMany(specs.length);
      const indexToken = this.next();
      specs.push({
        index: makeCqlName(this.tokenText(indexToken), indexToken.position),
        modifiers: this.parseModifiers(),
        position: indexToken.position,
      });
    }
    if (specs.length === 0) {
      throw new CqlSyntaxError(SRU_DIAGNOSTIC.querySyntaxError, 'sortBy needs at least one sort key', sortToken.position);
    }
    return specs;
  }

  private tooMany(count: number): void {
    if (count < CQL_LIMITS.MAX_CQL_MODIFIERS) return;
    throw new CqlLimitError(SRU_DIAGNOSTIC.querySyntaxError, 'MAX_CQL_MODIFIERS', `More than ${CQL_LIMITS.MAX_CQL_MODIFIERS} modifiers or prefix assignments in one place (MAX_CQL_MODIFIERS) (at position ${this.peek().position})`, 'query');
  }

  private expectTermToken(what: string): CqlToken {
    const token = this.peek();
    if (!this.isTermToken(token)) throw this.unexpected(token, what);
    return this.next();
  }

  /** Names, URIs and modifier values: quoted ones lose their quotes and escapes. */
  private tokenText(token: CqlToken): string {
    return token.kind === 'string' ? decodeCqlText(token.text).text : token.text;
  }

  private unexpected(token: CqlToken, expected: string): CqlSyntaxError {
    if (token.kind === 'rparen' || token.kind === 'lparen') {
      return new CqlSyntaxError(SRU_DIAGNOSTIC.invalidParentheses, `Unexpected "${token.text}": expected ${expected}`, token.position);
    }
    const found = token.kind === 'eof' ? 'end of query' : `"${token.text}"`;
    return new CqlSyntaxError(SRU_DIAGNOSTIC.querySyntaxError, `Unexpected ${found}: expected ${expected}`, token.position);
  }
}
