/**
 * dc.date → YearRangeNode. Years are whole numbers; `<`/`>` become inclusive
 * bounds (`< 1980` is `to 1979`) because the model's ranges are inclusive.
 */
import type { YearRangeNode } from '../model.ts';
import { CqlUnsupportedError, SRU_DIAGNOSTIC } from './errors.ts';

const YEAR = /^\d{1,4}$/;
const DATE_RELATIONS = new Set(['=', '==', '>=', '>', '<=', '<', 'within']);

export function yearRange(relation: string, text: string): YearRangeNode {
  if (!DATE_RELATIONS.has(relation)) {
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedRelation, `Relation "${relation}" not supported for dates`, relation);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new CqlUnsupportedError(SRU_DIAGNOSTIC.emptyTerm, 'Empty term unsupported', text);
  if (relation === 'within') {
    const parts = trimmed.split(/\s+/u);
    const [from, to] = parts.map((part) => parseYear(part, text));
    if (parts.length !== 2 || from === undefined || to === undefined || from > to) {
      throw invalid('"within" needs two years, lowest first ("1980 1990")', text);
    }
    return { kind: 'yearRange', from, to };
  }
  const year = parseYear(trimmed, text);
  switch (relation) {
    case '=':
    case '==':
      return { kind: 'yearRange', from: year, to: year };
    case '>=':
      return { kind: 'yearRange', from: year };
    case '>':
      return { kind: 'yearRange', from: year + 1 };
    case '<=':
      return { kind: 'yearRange', to: year };
    // '<' is all that is left
    default:
      return { kind: 'yearRange', to: year - 1 };
  }
}

/**
 * `dc.date>=1980 and dc.date<=1990` (what serialize writes) back into one
 * range; only a from-only and a to-only range merge, so nothing else changes meaning.
 */
export function mergeYearBounds(a: YearRangeNode, b: YearRangeNode): YearRangeNode | undefined {
  const fromOnly = (r: YearRangeNode): boolean => r.from !== undefined && r.to === undefined;
  const toOnly = (r: YearRangeNode): boolean => r.to !== undefined && r.from === undefined;
  if (fromOnly(a) && toOnly(b)) return { kind: 'yearRange', from: a.from, to: b.to };
  if (toOnly(a) && fromOnly(b)) return { kind: 'yearRange', from: b.from, to: a.to };
  return undefined;
}

function parseYear(part: string, term: string): number {
  if (!YEAR.test(part)) throw invalid('A year must be a whole number of up to four digits', term);
  return Number(part);
}

function invalid(message: string, term: string): CqlUnsupportedError {
  return new CqlUnsupportedError(SRU_DIAGNOSTIC.invalidTermFormat, `Term in invalid format for index or relation: ${message}`, term);
}
