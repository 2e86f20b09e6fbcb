/**
 * A librarian's "recheck live" of one copy (POST /api/results/:id/records/:recordId/recheck):
 * which copy the request names — its barcode, or for a copy without one its position among the
 * record's holdings — and the answer, which says plainly when the library no longer lists it.
 */
import { z } from 'zod';
import type { CopyPick, CopyRecheck } from '../gateway/holdings-recheck.ts';
import type { BibRecord } from '../records/model.ts';
import { ProblemError } from './problem.ts';
import { fieldErrors } from './schemas/field-errors.ts';
import type { CopyRecheckAnswer } from './schemas/responses.ts';

export const copyRecheckQuerySchema = z.object({
  barcode: z.string({ error: 'give this parameter once' }).min(1, 'a barcode').max(64, 'at most 64 characters').optional().meta({ description: 'The copy’s barcode (馆藏条码).' }),
  copy: z.coerce
    .number({ error: 'a position from 0' })
    .int('a position from 0')
    .min(0, 'a position from 0')
    .max(9999, 'a position from 0')
    .optional()
    .meta({ description: 'A copy without a barcode: its position (from 0) among the record’s holdings.' }),
});

const invalid = (errors: { parameter: string; detail: string }[]) => new ProblemError(400, 'Invalid recheck', errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), errors);

export function parseCopyPick(query: Record<string, unknown>): CopyPick {
  const parsed = copyRecheckQuerySchema.safeParse({ barcode: query.barcode, copy: query.copy });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, { topLevel: true }));
  const { barcode, copy } = parsed.data;
  if (barcode !== undefined && copy !== undefined) throw invalid([{ parameter: 'copy', detail: 'give barcode or copy, not both' }]);
  if (barcode !== undefined) return { barcode };
  if (copy !== undefined) return { index: copy };
  throw invalid([{ parameter: 'barcode', detail: 'name the copy: its barcode, or copy=N (its position from 0) when it has none' }]);
}

export function copyRecheckView(record: BibRecord, pick: CopyPick, answer: CopyRecheck): CopyRecheckAnswer {
  const { outcome } = answer;
  return {
    recordId: record.id,
    library: record.library,
    ...(pick.barcode !== undefined ? { barcode: pick.barcode } : { copy: pick.index ?? 0 }),
    state: answer.state,
    ...(outcome.asOf ? { asOf: outcome.asOf } : {}),
    ...(answer.holding ? { holding: answer.holding } : {}),
    ...(answer.previous ? { previous: answer.previous } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}
