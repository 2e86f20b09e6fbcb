/**
 * The copies of the resolved records, which one the reader chose, whether it may go out on
 * ILL and which eligible copies could replace it. Eligibility is re-applied with the lender's
 * current rule and service status (verdictFor, the same function the search uses) rather than
 * trusted from the search: a library may have been suspended, or its rule changed, since.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { ServiceSnapshot } from '../holdings/lender-service.ts';
import type { Holding, IllEligibility, Reason } from '../holdings/model.ts';
import { verdictFor } from '../holdings/verdicts.ts';
import type { BibRecord } from '../records/model.ts';
import type { CopyRef } from './types.ts';

export interface Copy {
  holding: Holding;
  record: BibRecord;
  ref: CopyRef;
  eligibility: IllEligibility;
}

/**
 * Every physical copy of the records once, per library in record order; `index` counts within a
 * library. As in the merged holdings table (merge/holdings.ts), a copy the library's own system
 * reports comes first and wins over the same barcode reported by a union catalogue, so the draft
 * is made from the record and status the lender itself gave.
 */
export function listCopies(records: readonly BibRecord[], library: (id: string) => LibraryConfig | undefined, services: ServiceSnapshot): Copy[] {
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  const copies: Copy[] = [];
  const own = (record: BibRecord, holding: Holding) => !holding.library || holding.library === record.library;
  for (const pass of ['own', 'union'] as const) {
    for (const record of records) {
      for (const holding of record.holdings) {
        if ((pass === 'own') !== own(record, holding)) continue;
        const key = holding.barcode ? `${holding.library}\u0000${holding.barcode}` : undefined;
        if (key !== undefined && seen.has(key)) continue;
        if (key !== undefined) seen.add(key);
        const config = library(holding.library);
        const index = counters.get(holding.library) ?? 0;
        counters.set(holding.library, index + 1);
        const eligibility = config ? verdictFor(holding, config, services) : (holding.ill ?? unknownLibrary(holding.library));
        copies.push({ holding, record, eligibility, ref: copyRef(holding, record, index, config) });
      }
    }
  }
  return copies;
}

function unknownLibrary(id: string): IllEligibility {
  return { eligible: false, reasons: [{ code: 'lender_unknown', zh: `"${id}"不是本网关配置的成员馆`, en: `"${id}" is not a configured member library` }] };
}

function copyRef(holding: Holding, record: BibRecord, index: number, config: LibraryConfig | undefined): CopyRef {
  const ref: CopyRef = { library: holding.library, libraryName: config?.name.zh ?? holding.library, recordId: record.id, index };
  if (config?.ill.lenderCode) ref.lenderCode = config.ill.lenderCode;
  for (const key of ['barcode', 'branch', 'location', 'callNumber', 'volume', 'collectionType'] as const) {
    const value = holding[key];
    if (value !== undefined && value !== '') ref[key] = value;
  }
  if (holding.statusText !== '') ref.statusText = holding.statusText;
  return ref;
}

export type HoldingChoice = { barcode: string } | { index: number };

export type Choice =
  | { kind: 'copy'; copy: Copy }
  /** The lender holds no copy in these records. */
  | { kind: 'none' }
  /** The reader named a copy that is not among the lender's. */
  | { kind: 'unknownHolding' };

/**
 * The named copy; else the lender's first eligible copy, preferring the record the reader
 * pointed at (a cluster can hold a set record and a volume record of the same lender);
 * else the lender's first copy, again preferring that record.
 */
export function chooseCopy(copies: readonly Copy[], lender: string, wanted?: HoldingChoice, recordId?: string): Choice {
  const mine = copies.filter((c) => c.holding.library === lender);
  if (wanted !== undefined) {
    const hit = 'barcode' in wanted ? mine.find((c) => c.holding.barcode === wanted.barcode) : mine.find((c) => c.ref.index === wanted.index);
    return hit ? { kind: 'copy', copy: hit } : { kind: 'unknownHolding' };
  }
  const ofRecord = mine.filter((c) => c.record.id === recordId);
  const first = ofRecord.find((c) => c.eligibility.eligible) ?? mine.find((c) => c.eligibility.eligible) ?? ofRecord[0] ?? mine[0];
  return first ? { kind: 'copy', copy: first } : { kind: 'none' };
}

export function noCopyReason(lenderName: string): Reason {
  return { code: 'no_copy_at_lender', zh: `${lenderName}在该记录中没有馆藏`, en: `${lenderName} holds no copy of this record` };
}

/** Eligible copies other than the chosen one: the same lender's first, then other libraries in record order. */
export function alternatives(copies: readonly Copy[], lender: string, chosen?: Copy): CopyRef[] {
  const others = copies.filter((c) => c !== chosen && c.eligibility.eligible);
  const sameLender = others.filter((c) => c.holding.library === lender);
  const elsewhere = others.filter((c) => c.holding.library !== lender);
  return [...sameLender, ...elsewhere].map((c) => c.ref);
}
