/**
 * May this copy be requested through ILL from its library? Applies the library's own
 * `ill` rule (src/config/schema.ts): status in `ill.statuses` (default available),
 * a loanable 馆藏类型, in `ill.collectionTypes` when listed (上海图书馆: only 参考外借资料,
 * reference 05 §3), the 馆址 in `ill.branches` when listed, and the lender in service.
 * All failing conditions are reported, not just the first, so the reader sees every reason.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { Holding, IllEligibility, Reason } from './model.ts';
import { branchReason, collectionTypeReason, notInRuleReason, statusReason, suspendedReason, type ServiceOrigin } from './reasons.ts';
import { textKey } from './text-key.ts';
import { vocabularyFor } from './vocabulary.ts';

export type EligibilityLibrary = Pick<LibraryConfig, 'ill' | 'service' | 'vocabulary'> & {
  /** Where `service` was decided (src/holdings/lender-service.ts); absent = a bare configured status. */
  serviceOrigin?: ServiceOrigin;
};

type EligibilityHolding = Pick<Holding, 'status' | 'statusText' | 'collectionType' | 'loanable' | 'branch' | 'dueDate'>;

/** A rule that lists no statuses lends available copies. */
const DEFAULT_STATUSES: readonly string[] = ['available'];

export function illEligibility(holding: EligibilityHolding, library: EligibilityLibrary): IllEligibility {
  const reasons: Reason[] = [];
  const rule = library.ill;

  if (library.service.status === 'suspended') reasons.push(suspendedReason(library.service.notice, library.serviceOrigin));

  const statuses: readonly string[] = rule.statuses.length > 0 ? rule.statuses : DEFAULT_STATUSES;
  if (!statuses.includes(holding.status)) {
    const reading = vocabularyFor(library).readStatus(holding.statusText);
    reasons.push(statusReason(holding.status, reading.label, holding.dueDate ?? reading.dueDate));
  }

  const type = holding.collectionType;
  if (type !== undefined && !holding.loanable) {
    reasons.push(collectionTypeReason(type, vocabularyFor(library).readCollectionType(type).en));
  } else if (rule.collectionTypes && !rule.collectionTypes.some((allowed) => type !== undefined && textKey(allowed) === textKey(type))) {
    reasons.push(notInRuleReason(type, rule.collectionTypes));
  }

  const branch = holding.branch;
  if (rule.branches && !rule.branches.some((allowed) => branch !== undefined && textKey(allowed) === textKey(branch))) {
    reasons.push(branchReason(branch, rule.branches));
  }

  return { eligible: reasons.length === 0, reasons };
}
