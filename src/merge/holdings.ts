/**
 * The side-by-side holdings table of a cluster: one row per library with its copies, each
 * physical copy once.
 * Libraries where a copy may be requested by ILL come first, then those with a copy on
 * the shelf, then the rest — the reader's next click is an ILL request to the first row.
 * A volume's work lists only that volume's copies: a source that reports a whole set's copies
 * on a volume record (v.7 and v.8 copies on the v.10 record) does not put them under v.10.
 */
import type { Holding } from '../holdings/model.ts';
import type { BibRecord } from '../records/model.ts';
import type { LibraryHoldings } from './types.ts';
import { sameVolume, volumeKey } from './designations.ts';

/** A copy's sort text. Joined, not a template literal: one flat string, not a chain of cons strings each comparison flattens. */
function text(h: Holding): string {
  return [h.branch ?? '', h.location ?? '', h.volume ?? '', h.callNumber ?? '', h.barcode ?? '', h.statusText ?? ''].join('\u0000');
}

/**
 * Eligible copies first, then a fixed order so merges are reproducible. Each copy's sort text is
 * made once, not twice or four times in every comparison (a cluster held by many libraries sorts
 * dozens of copies on every rebuild).
 */
function sortCopies(holdings: Holding[]): Holding[] {
  if (holdings.length < 2) return holdings;
  const keyed = holdings.map((holding) => ({ holding, eligible: holding.ill?.eligible ? 1 : 0, text: text(holding) }));
  keyed.sort((a, b) => b.eligible - a.eligible || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.map((k) => k.holding);
}

/** A copy whose own volume designation names another volume than the work's ("" = a set or a single work: every copy). */
function otherVolume(holding: Holding, volume: string): boolean {
  if (volume === '' || !holding.volume) return false;
  const own = volumeKey(holding.volume);
  return own !== '' && !sameVolume(own, volume);
}

function row(rows: Map<string, LibraryHoldings>, library: string): LibraryHoldings {
  let r = rows.get(library);
  if (!r) {
    r = { library, recordIds: [], eligible: false, available: false, holdings: [] };
    rows.set(library, r);
  }
  return r;
}

/**
 * A union catalogue (BALIS) reports other libraries' copies; the library's own system reports the
 * same physical copy too. Own reports go first and win: a union copy is added only when the
 * library's row has no copy with that barcode (the union's view may be older).
 */
function own(record: BibRecord, holding: Holding): boolean {
  return !holding.library || holding.library === record.library;
}

/** Whether some copy of the records is reported for another library. */
function anyForOthers(records: readonly BibRecord[]): boolean {
  for (const record of records) for (const h of record.holdings) if (!own(record, h)) return true;
  return false;
}

/** Whether a record reports copies, all of them another library's (a union catalogue's record). */
function onlyForOthers(record: BibRecord): boolean {
  if (record.holdings.length === 0) return false;
  for (const h of record.holdings) if (own(record, h)) return false;
  return true;
}

const OWN_PASS = ['own'] as const;
const BOTH_PASSES = ['own', 'union'] as const;

export function groupHoldings(records: readonly BibRecord[], volume = ''): LibraryHoldings[] {
  const rows = new Map<string, LibraryHoldings>();
  // Barcodes are kept only for a union catalogue's copies to be checked against (most clusters have none).
  const union = anyForOthers(records);
  const seen = union ? new Map<string, Set<string>>() : undefined;
  for (const pass of union ? BOTH_PASSES : OWN_PASS) {
    for (const record of records) {
      const forOthers = onlyForOthers(record);
      // A library that sent the record holds it even when it sent no copy rows; a union catalogue does not.
      if (pass === 'own' && !forOthers) {
        const mine = row(rows, record.library);
        if (!mine.recordIds.includes(record.id)) mine.recordIds.push(record.id);
      }
      for (const holding of record.holdings) {
        if ((pass === 'own') !== own(record, holding)) continue;
        if (otherVolume(holding, volume)) continue;
        const library = holding.library || record.library;
        if (seen) {
          let barcodes = seen.get(library);
          if (!barcodes) seen.set(library, (barcodes = new Set<string>()));
          if (pass === 'union' && holding.barcode && barcodes.has(holding.barcode)) continue;
          if (holding.barcode) barcodes.add(holding.barcode);
        }
        const r = row(rows, library);
        if (!r.recordIds.includes(record.id)) r.recordIds.push(record.id);
        r.holdings.push(holding);
        if (holding.ill?.eligible) r.eligible = true;
        if (holding.status === 'available') r.available = true;
      }
    }
  }
  for (const r of rows.values()) {
    r.recordIds.sort();
    r.holdings = sortCopies(r.holdings);
  }
  return [...rows.values()].sort(
    (a, b) => Number(b.eligible) - Number(a.eligible) || Number(b.available) - Number(a.available) || (a.library < b.library ? -1 : a.library > b.library ? 1 : 0),
  );
}
