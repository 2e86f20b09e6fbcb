import { describe, expect, it } from 'vitest';
import { hasAnchoring, hasMasking, type CqlBoolean, type CqlScoped, type CqlSearchClause } from '../../../src/query/cql/ast.ts';
import { CqlSyntaxError } from '../../../src/query/cql/errors.ts';
import { parseCql } from '../../../src/query/cql/parser.ts';
import { printCql } from '../../../src/query/cql/print.ts';
import { INVALID_CQL_CASES, VALID_CQL_CASES } from './parser-cases.ts';

function syntaxError(query: string): CqlSyntaxError {
  try {
    parseCql(query);
  } catch (error) {
    if (error instanceof CqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${query}`);
}

function clause(query: string): CqlSearchClause {
  const root = parseCql(query).root;
  if (root.type !== 'searchClause') throw new Error(`not a single search clause: ${query}`);
  return root;
}

describe('parseCql: valid queries', () => {
  it('has a table of at least 80 cases together with the error table', () => {
    expect(VALID_CQL_CASES.length + INVALID_CQL_CASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(VALID_CQL_CASES)('%s', (query, printed) => {
    expect(printCql(parseCql(query))).toBe(printed);
  });
});

describe('parseCql: errors', () => {
  it.each(INVALID_CQL_CASES)('%s → diagnostic %i at %i', (query, diagnostic, position) => {
    const error = syntaxError(query);
    expect(error.diagnostic).toBe(diagnostic);
    expect(error.position).toBe(position);
    expect(error.uri).toBe(`info:srw/diagnostic/1/${diagnostic}`);
  });

  it.each(['', '   ', '\t\n'])('empty query %j is diagnostic 27', (query) => {
    expect(syntaxError(query).diagnostic).toBe(27);
  });

  it('uses 14 for unbalanced quotes, 13 for parentheses, 10 for the rest', () => {
    expect(syntaxError('dc.title="万历').diagnostic).toBe(14);
    expect(syntaxError('(dc.title=万历').diagnostic).toBe(13);
    expect(syntaxError('dc.title=万历)').diagnostic).toBe(13);
    expect(syntaxError('dc.title = 万历 十五年').diagnostic).toBe(10);
  });

  it('turns into a gateway diagnostic with the SRU URI', () => {
    expect(syntaxError('(a').toDiagnostic()).toEqual({
      source: 'srw',
      code: '13',
      uri: 'info:srw/diagnostic/1/13',
      message: 'Unbalanced parentheses: "(" not closed (at position 0)',
    });
  });
});

describe('parseCql: syntax tree details', () => {
  it('marks a bare term as implicit cql.serverChoice =', () => {
    const c = clause('万历十五年');
    expect(c.implicit).toBe(true);
    expect(c.index).toMatchObject({ name: 'cql.serverChoice', prefix: 'cql', localName: 'serverChoice' });
    expect(c.relation).toMatchObject({ name: '=', symbol: true, modifiers: [] });
    expect(c.term).toMatchObject({ raw: '万历十五年', text: '万历十五年', quoted: false, specials: [] });
  });

  it('keeps the raw term and resolves escapes in text', () => {
    const c = clause('dc.title="a \\"b\\" c\\\\"');
    expect(c.term.raw).toBe('a \\"b\\" c\\\\');
    expect(c.term.text).toBe('a "b" c\\');
    expect(c.term.quoted).toBe(true);
  });

  it('flags unescaped masking and anchoring characters, and escaped ones separately', () => {
    const c = clause('"^cam\\*br?dg*"');
    expect(c.term.text).toBe('^cam*br?dg*');
    expect(c.term.specials).toEqual([
      { char: '^', offset: 0, escaped: false },
      { char: '*', offset: 4, escaped: true },
      { char: '?', offset: 7, escaped: false },
      { char: '*', offset: 10, escaped: false },
    ]);
    expect(hasMasking(c.term)).toBe(true);
    expect(hasAnchoring(c.term)).toBe(true);
    const literal = clause('a\\*\\?\\^').term;
    expect(hasMasking(literal)).toBe(false);
    expect(hasAnchoring(literal)).toBe(false);
    expect(literal.text).toBe('a*?^');
  });

  it('keeps a full-width space inside a term (only ASCII whitespace separates tokens)', () => {
    expect(clause('中国\u3000歴史').term.text).toBe('中国\u3000歴史');
    expect(clause('dc.title=中国\u3000歴史').term.quoted).toBe(false);
  });

  it('splits prefixes at the first dot', () => {
    expect(clause('bath.personalName=x').index).toMatchObject({ prefix: 'bath', localName: 'personalName' });
    expect(clause('alma.local.field=x').index).toMatchObject({ prefix: 'alma', localName: 'local.field' });
    expect(clause('title=x').index).toMatchObject({ prefix: undefined, localName: 'title' });
  });

  it('reads relation modifiers with and without comparitor and value', () => {
    const c = clause('dc.title =/locale=zh/ignoreCase/cql.unit="a b" "x y"');
    expect(c.relation.modifiers).toEqual([
      { name: 'locale', prefix: undefined, localName: 'locale', comparitor: '=', value: 'zh', position: 11 },
      { name: 'ignoreCase', prefix: undefined, localName: 'ignoreCase', comparitor: undefined, value: undefined, position: 21 },
      { name: 'cql.unit', prefix: 'cql', localName: 'unit', comparitor: '=', value: 'a b', position: 32 },
    ]);
    expect(c.term.text).toBe('x y');
  });

  it('reads prox with modifiers as a lower-cased boolean', () => {
    const root = parseCql('a PROX/unit=word/distance<=3/ordered b').root as CqlBoolean;
    expect(root.type).toBe('boolean');
    expect(root.operator).toBe('prox');
    expect(root.modifiers.map((m) => [m.name, m.comparitor, m.value])).toEqual([
      ['unit', '=', 'word'],
      ['distance', '<=', '3'],
      ['ordered', undefined, undefined],
    ]);
  });

  it('is left-associative without precedence', () => {
    expect(printCql(parseCql('a or b and c'))).toBe(
      '(and (or (sc cql.serverChoice{} ={} [a]) (sc cql.serverChoice{} ={} [b])) (sc cql.serverChoice{} ={} [c]))',
    );
  });

  it('keeps top-level and scoped prefix assignments where they were written', () => {
    const query = parseCql('>dc="info:srw/cql-context-set/1/dc-v1.1" >"http://example.org/set" (>x="u:x" x.a=1) and b=2');
    expect(query.prefixes).toEqual([
      { prefix: 'dc', uri: 'info:srw/cql-context-set/1/dc-v1.1', position: 0 },
      { prefix: undefined, uri: 'http://example.org/set', position: 41 },
    ]);
    const left = (query.root as CqlBoolean).left as CqlScoped;
    expect(left.type).toBe('scoped');
    expect(left.prefixes).toEqual([{ prefix: 'x', uri: 'u:x', position: 68 }]);
  });

  it('reads sortBy keys with their modifiers', () => {
    const query = parseCql('a sortBy dc.date/sort.descending "dc.title"/sort.missingValue="n a"');
    expect(query.sortBy.map((s) => [s.index.name, s.modifiers.map((m) => [m.name, m.value])])).toEqual([
      ['dc.date', [['sort.descending', undefined]]],
      ['dc.title', [['sort.missingValue', 'n a']]],
    ]);
  });

  it('records positions (UTF-16 offsets) on nodes', () => {
    const root = parseCql('鲁迅 and dc.title = 呐喊').root as CqlBoolean;
    expect(root.position).toBe(3);
    expect((root.right as CqlSearchClause).position).toBe(7);
    expect((root.right as CqlSearchClause).term.position).toBe(18);
  });
});
