/**
 * One ILL verdict per copy: every copy of a configured library is judged by that library's
 * own rule (`ill`, vocabulary) and its one service status (lender-service.ts), whichever
 * source reported the copy — its own catalogue or a union catalogue. Copies of union members
 * this config does not map stay with the union's own verdict: the union is their only source.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { BibRecord } from '../records/model.ts';
import { illEligibility } from './eligibility.ts';
import { statusOf, type ServiceSnapshot } from './lender-service.ts';
import type { Holding, IllEligibility } from './model.ts';

export interface VerdictContext {
  services: ServiceSnapshot;
  library(id: string): LibraryConfig | undefined;
  /** A union catalogue's id: its own copies are those of members the config does not map. */
  isUnion(id: string): boolean;
}

/** The verdict for one copy of `config`'s library, or undefined when the library is not judged here. */
export function verdictFor(holding: Holding, config: LibraryConfig, services: ServiceSnapshot): IllEligibility {
  const service = services.of(config.id);
  if (!service) return illEligibility(holding, config);
  return illEligibility(holding, { ill: config.ill, vocabulary: config.vocabulary, service: statusOf(service), serviceOrigin: { source: service.source, asOf: service.asOf } });
}

/** Re-judges every copy of the records in place (before they are merged, kept or shown). */
export function applyVerdicts(records: readonly BibRecord[], context: VerdictContext): void {
  for (const record of records) {
    for (const holding of record.holdings) {
      const id = holding.library || record.library;
      if (context.isUnion(id)) continue;
      const config = context.library(id);
      if (config) holding.ill = verdictFor(holding, config, context.services);
    }
  }
}
