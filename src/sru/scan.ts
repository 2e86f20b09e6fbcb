/**
 * scan over dc.title, dc.creator and bath.isbn, answered from the term index of recent
 * result sets (term-index.ts). responsePosition places the scan term in the returned
 * list (1 = first; 0 = just before it; maximumTerms + 1 = just after the last).
 */
import type { CqlSearchClause } from '../query/cql/ast.ts';
import { contextSetName, PrefixScope } from '../query/cql/context-sets.ts';
import { parseCql } from '../query/cql/parser.ts';
import type { OperationRequest, SruService } from './context.ts';
import { SruDiagnosticError, toSruDiagnostic } from './diagnostics.ts';
import { CONTEXT_SETS, findIndex } from './indexes.ts';
import { echo, integerParam } from './params.ts';
import { normalizeTerm, type IndexedTerm, type ScanIndex } from './term-index.ts';
import { scanResponseXml, type ScanTermOut } from './write-other.ts';

const ECHO_ORDER = ['version', 'scanClause', 'responsePosition', 'maximumTerms', 'stylesheet'];
const SCAN_RELATIONS = new Set(['=', '==', '>=']);

function scanClause(text: string): { index: ScanIndex; term: string } {
  const ast = parseCql(text);
  let scope = PrefixScope.empty().with(ast.prefixes);
  let node = ast.root;
  while (node.type === 'scoped') {
    scope = scope.with(node.prefixes);
    node = node.query;
  }
  if (node.type !== 'searchClause' || ast.sortBy.length > 0) {
    throw new SruDiagnosticError(10, text, 'Query syntax error: a scanClause is one "index relation term"');
  }
  const clause: CqlSearchClause = node;
  const assigned = scope.assigned(clause.index.prefix);
  const set = assigned !== undefined ? contextSetName(assigned, CONTEXT_SETS) : clause.index.prefix?.toLowerCase();
  if (assigned !== undefined && set === undefined) throw new SruDiagnosticError(15, assigned);
  if (set !== undefined && CONTEXT_SETS[set] === undefined) throw new SruDiagnosticError(15, clause.index.prefix);
  const info = (set !== undefined ? [set] : ['cql', 'dc', 'bath']).map((s) => findIndex(s, clause.index.localName)).find((i) => i !== undefined);
  if (!info) throw new SruDiagnosticError(16, clause.index.name);
  if (!info.scan) throw new SruDiagnosticError(16, clause.index.name, `Unsupported index for scan: "${clause.index.name}" (scan supports dc.title, dc.creator, bath.isbn)`);
  const relation = clause.relation.name.toLowerCase();
  if (!SCAN_RELATIONS.has(relation)) throw new SruDiagnosticError(19, clause.relation.name);
  const modifier = clause.relation.modifiers[0];
  if (modifier) throw new SruDiagnosticError(20, modifier.name);
  const term = info.scan === 'isbn' ? clause.term.text.replace(/[^0-9Xx]/g, '').toUpperCase() : normalizeTerm(clause.term.text);
  return { index: info.scan, term };
}

function whereInList(position: number, total: number): ScanTermOut['whereInList'] {
  if (total === 1) return 'only';
  if (position === 0) return 'first';
  return position === total - 1 ? 'last' : 'inner';
}

/** The window of `all` around `term`: the first value >= term sits at responsePosition. */
export function scanWindow(all: readonly IndexedTerm[], term: string, responsePosition: number, maximumTerms: number): ScanTermOut[] {
  let at = all.findIndex((t) => t.value >= term);
  if (at === -1) at = all.length;
  const start = at - (responsePosition - 1);
  const out: ScanTermOut[] = [];
  for (let i = Math.max(0, start); i < Math.min(all.length, start + maximumTerms); i++) {
    const t = all[i] as IndexedTerm;
    out.push({ value: t.value, numberOfRecords: t.count, displayTerm: t.display, whereInList: whereInList(i, all.length) });
  }
  return out;
}

export function scan(request: OperationRequest, service: SruService): string {
  const { params, version } = request;
  const echoed = echo(params, version === '2.0' ? ECHO_ORDER.slice(1) : ECHO_ORDER);
  if (version !== '2.0' && echoed.version === undefined) echoed.version = version;
  try {
    const text = params.raw('scanClause');
    if (text === undefined) throw new SruDiagnosticError(7, 'scanClause', 'Mandatory parameter not supplied: scanClause');
    const maximumTerms = Math.min(integerParam(params, 'maximumTerms', service.settings.defaultTerms, 1), service.settings.maxTerms);
    const responsePosition = integerParam(params, 'responsePosition', 1, 0);
    if (responsePosition > maximumTerms + 1) {
      throw new SruDiagnosticError(120, String(responsePosition), `Response position out of range: at most maximumTerms + 1 (${maximumTerms + 1})`);
    }
    const { index, term } = scanClause(text);
    const libraries = new Set(request.database.libraries.map((l) => l.id));
    const terms = scanWindow(service.terms.terms(index, libraries), term, responsePosition, maximumTerms);
    return scanResponseXml({ version, terms, echoedRequest: echoed, diagnostics: request.warnings });
  } catch (error) {
    const d = toSruDiagnostic(error);
    if (!d) throw error;
    return scanResponseXml({ version, terms: [], echoedRequest: echoed, diagnostics: [d, ...request.warnings] });
  }
}
