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

const text = (h: Holding) => `${h.branch ?? ''}\u0000${h.location ?? ''}\u0000${h.volume ?? ''}\u0000${h.callNumber ?? ''}\u0000${h.barcode ?? ''}\u0000${h.statusText ?? ''}`;

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

export function groupHoldings(records: readonly BibRecord[], volume = ''): LibraryHoldings[] {
  const rows = new Map<string, LibraryHoldings>();
  const row = (library: string): LibraryHoldings => {
    let r = rows.get(library);
    if (!r) {
      r = { library, recordIds: [], eligible: false, available: false, holdings: [] };
      rows.set(library, r);
    }
    return r;
  };
  // A union catalogue (BALIS) reports other libraries' copies; the library's own system reports the
  // same physical copy too. Own reports go first and win: a union copy is added only when the
  // library's row has no copy with that barcode (the union's view may be older).
  const own = (record: BibRecord, holding: Holding) => !holding.library || holding.library === record.library;
  // Barcodes are kept only for a union catalogue's copies to be checked against (most clusters have none).
  const union = records.some((record) => record.holdings.some((h) => !own(record, h)));
  const seen = union ? new Map<string, Set<string>>() : undefined;
  for (const pass of union ? (['own', 'union'] as const) : (['own'] as const)) {
    for (const record of records) {
      const forOthers = record.holdings.length > 0 && record.holdings.every((h) => !own(record, h));
      // A library that sent the record holds it even when it sent no copy rows; a union catalogue does not.
      if (pass === 'own' && !forOthers) {
        const mine = row(record.library);
        if (!mine.recordIds.includes(record.id)) mine.recordIds.push(record.id);
      }
      for (const holding of record.holdings) {
        if ((pass === 'own') !== own(record, holding)) continue;
        if (otherVolume(holding, volume)) continue;
        const library = holding.library || record.library;
        if (seen) {
          const barcodes = seen.get(library) ?? new Set<string>();
          seen.set(library, barcodes);
          if (pass === 'union' && holding.barcode && barcodes.has(holding.barcode)) continue;
          if (holding.barcode) barcodes.add(holding.barcode);
        }
        const r = row(library);
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
