/**
 * A librarian's "recheck live" of one library: every work the lookup found copies of it in is
 * asked for again at that library (POST …/clusters/:id/recheck?library=), and each copy gets the
 * answer its own button would give: live (as of when the library answered), no longer listed,
 * record no longer returned, or not asked (failed, the earlier status kept).
 */
import type { Cluster, CopyRecheckAnswer, FullCluster } from './api.ts';

/** The source record listing a copy, and how to name the copy to it (as the per-copy recheck does). */
export interface CopyTarget {
  recordId: string;
  pick: { barcode: string } | { copy: number };
}

/** One copy's answer, read from the work as its library's recheck left it. */
export function copyAnswer(library: string, target: CopyTarget, work: FullCluster): CopyRecheckAnswer {
  const { recordId, pick } = target;
  const base = { recordId, library, ...('barcode' in pick ? { barcode: pick.barcode } : { copy: pick.copy }) };
  const outcome = work.holdingsRecheck?.find((o) => o.library === library);
  if (!outcome) return { ...base, state: 'failed', error: { code: 'not-asked', message: 'the gateway did not ask this library' } };
  if (outcome.rechecked.includes(recordId)) {
    const holdings = work.records.find((r) => r.id === recordId)?.holdings ?? [];
    const holding = 'barcode' in pick ? holdings.find((h) => h.barcode === pick.barcode) : holdings[pick.copy];
    const asOf = holding?.asOf ?? outcome.asOf;
    return { ...base, state: holding ? 'live' : 'not-listed', ...(asOf ? { asOf } : {}), ...(holding ? { holding } : {}) };
  }
  return { ...base, state: outcome.error?.code === 'not-found' ? 'record-not-listed' : 'failed', ...(outcome.error ? { error: outcome.error } : {}) };
}

/** What one library's recheck found over its copies, for the note beside its button. */
export interface LibraryTally {
  at: string;
  live: number;
  gone: number;
  failed: number;
}

export function tally(answers: readonly (CopyRecheckAnswer | { failed: string })[], now: string): LibraryTally {
  const out: LibraryTally = { at: now, live: 0, gone: 0, failed: 0 };
  let latest: string | undefined;
  for (const a of answers) {
    if ('failed' in a || a.state === 'failed') out.failed += 1;
    else if (a.state === 'live') out.live += 1;
    else out.gone += 1;
    if (!('failed' in a) && a.asOf && (!latest || a.asOf > latest)) latest = a.asOf;
  }
  if (latest) out.at = latest;
  return out;
}

/** The works with copies of `library` among the rows, each once (rows of one work share its cluster). */
export function worksOf<T extends { resultSetId: string; cluster: Cluster }>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.resultSetId}\u0000${row.cluster.id}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()];
}
