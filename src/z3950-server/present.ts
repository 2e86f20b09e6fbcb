/** Present: a window of a named set of this session, in the asked syntax and element set. */
import type { PresentRequestIn } from '../z3950/apdu/requests.ts';
import type { PresentResponse } from '../z3950/apdu/present.ts';
import { Bib1Error } from './bib1-error.ts';
import { elementSet, servedSyntax } from './record-syntaxes.ts';
import { recordsOut } from './records-out.ts';
import type { FrontEndService } from './service.ts';
import type { SessionState } from './state.ts';

export function present(req: PresentRequestIn, state: SessionState, service: FrontEndService): PresentResponse {
  const ref = req.referenceId ? { referenceId: req.referenceId } : {};
  try {
    const set = state.sets.get(state.decode(req.resultSetId));
    const format = { syntax: servedSyntax(req.preferredRecordSyntax), elementSet: elementSet(req.elementSetName ? state.decode(req.elementSetName) : undefined) };
    if (req.start < 1 || req.count < 0 || (req.count > 0 && req.start > set.items.length)) {
      throw new Bib1Error(13, `start ${req.start}, ${set.items.length} records`);
    }
    const out = recordsOut(set, req.start, req.count, format, state.messageSize, service);
    state.lastPage = { ...format, count: req.count };
    return { ...ref, numberOfRecordsReturned: out.records.length, nextResultSetPosition: req.start + out.records.length, presentStatus: out.presentStatus, records: { kind: 'records', records: out.records } };
  } catch (error) {
    if (!(error instanceof Bib1Error)) throw error;
    return { ...ref, numberOfRecordsReturned: 0, nextResultSetPosition: 0, presentStatus: 5, records: { kind: 'diagnostics', diagnostics: [error.diagnostic] } };
  }
}
