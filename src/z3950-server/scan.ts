/**
 * Scan over title (use 4), author (1003, 1, 1004) and ISBN (7), from the same kind of term index
 * as the SRU endpoint's scan (src/sru/term-index.ts: headings of the records recently served by
 * this front end; globalOccurrences counts those records). Other uses → 114, a step size → 205.
 */
import { scanWindow } from '../sru/scan.ts';
import { normalizeTerm, type ScanIndex } from '../sru/term-index.ts';
import type { ScanRequestIn, ScanResponseOut } from '../z3950/apdu/scan-request.ts';
import { OID } from '../z3950/oids.ts';
import { Bib1Error } from './bib1-error.ts';
import { librariesOf } from './databases.ts';
import type { FrontEndService } from './service.ts';
import type { SessionState } from './state.ts';

const SCAN_INDEX: ReadonlyMap<number, ScanIndex> = new Map<number, ScanIndex>([
  [4, 'title'],
  [1003, 'creator'],
  [1, 'creator'],
  [1004, 'creator'],
  [7, 'isbn'],
]);

function scanIndex(req: ScanRequestIn): ScanIndex {
  if (req.attributeSet !== undefined && req.attributeSet !== OID.BIB1_ATTRIBUTES) throw new Bib1Error(121, req.attributeSet);
  let use = 4;
  for (const a of req.start.attributes) {
    if (a.value === undefined) throw new Bib1Error(123, `complex value for attribute type ${a.type}`);
    if (a.type === 1) use = a.value;
    else if (a.type === 2 && a.value !== 3) throw new Bib1Error(117, String(a.value));
    else if (a.type < 1 || a.type > 6) throw new Bib1Error(113, String(a.type));
  }
  const index = SCAN_INDEX.get(use);
  if (!index) throw new Bib1Error(114, `${use} (scan: 4 title, 1003 author, 7 ISBN)`);
  return index;
}

export function scan(req: ScanRequestIn, state: SessionState, service: FrontEndService): ScanResponseOut {
  const ref = req.referenceId ? { referenceId: req.referenceId } : {};
  try {
    const libraries = new Set(librariesOf(service.catalog, req.databaseNames.map((n) => state.decode(n))).map((l) => l.id));
    const index = scanIndex(req);
    if (req.start.termKind !== 'general') throw new Bib1Error(229);
    if (req.stepSize !== 0) throw new Bib1Error(205, String(req.stepSize));
    const wanted = Math.min(Math.max(req.numberOfTermsRequested, 0), service.maxTerms);
    const position = req.preferredPositionInResponse;
    if (position < 0 || position > wanted + 1) throw new Bib1Error(233, String(position));
    const text = state.decode(req.start.term);
    const term = index === 'isbn' ? text.replace(/[^0-9Xx]/g, '').toUpperCase() : normalizeTerm(text);
    const all = service.terms.terms(index, libraries);
    const window = scanWindow(all, term, position, wanted);
    // Where the scan term sits in the returned list (1-based), as the window was clipped at the start.
    let at = all.findIndex((t) => t.value >= term);
    if (at === -1) at = all.length;
    const first = Math.max(0, at - (position - 1));
    return {
      ...ref,
      scanStatus: window.length < wanted ? 4 : 0, // partial-4: fewer terms than asked (end of the list)
      positionOfTerm: at - first + 1,
      entries: window.map((t) => ({ term: t.value, ...(t.displayTerm ? { displayTerm: t.displayTerm } : {}), ...(t.numberOfRecords !== undefined ? { globalOccurrences: t.numberOfRecords } : {}) })),
    };
  } catch (error) {
    if (!(error instanceof Bib1Error)) throw error;
    return { ...ref, scanStatus: 6, entries: [], diagnostics: [error.diagnostic] };
  }
}
