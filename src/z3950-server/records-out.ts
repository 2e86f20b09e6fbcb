/**
 * The records of a Present or of a piggy-backed Search: a window of the session's set in one
 * syntax and element set, cut short when the next record would push the response past the
 * client's preferredMessageSize (presentStatus partial-2). A single record larger than that
 * travels as surrogate diagnostic 16 instead, so a client always gets past it.
 */
import type { NamePlusRecord } from '../z3950/apdu/records.ts';
import { externalLength } from '../z3950/external.ts';
import { Bib1Error } from './bib1-error.ts';
import { recordBody, type ElementSet, type ServedSyntax } from './record-syntaxes.ts';
import type { FrontEndService } from './service.ts';
import type { SessionSet } from './session-sets.ts';
import type { PageFormat } from './state.ts';

/** Room kept for the response's own fields around the records. */
const ENVELOPE_BYTES = 256;

export interface RecordsOut {
  records: NamePlusRecord[];
  /** 0 success, 2 partial-2 (message size), 3 partial-3 (resource control: maxPresentRecords). */
  presentStatus: number;
}

export function recordsOut(
  set: SessionSet,
  start: number,
  count: number,
  format: { syntax: ServedSyntax; elementSet: ElementSet },
  budgetBytes: number,
  service: FrontEndService,
): RecordsOut {
  const limited = Math.min(count, service.settings.maxPresentRecords);
  const window = set.items.slice(start - 1, start - 1 + limited);
  const records: NamePlusRecord[] = [];
  let used = ENVELOPE_BYTES;
  for (const item of window) {
    let body = recordBody(item, format.syntax, format.elementSet, service.render);
    let size = body.kind === 'retrieval' ? externalLength(body.external) : 64;
    if (size + ENVELOPE_BYTES > budgetBytes) {
      body = { kind: 'surrogate', diagnostic: new Bib1Error(16, `${item.id}: ${size} bytes`).diagnostic };
      size = 64;
    }
    if (used + size > budgetBytes) return { records, presentStatus: 2 };
    used += size;
    records.push({ databaseName: item.record.library, record: body });
  }
  return { records, presentStatus: limited < count && start - 1 + limited < set.items.length ? 3 : 0 };
}

/**
 * Encodes a new set's first page in the format of the session's last Present, right after the
 * Search response went out (search.ts): a client reading it and asking for its records gives the
 * time, and the Present then finds the bodies made (recordBody keeps them per record and format).
 * A record that cannot be encoded is left for the Present to report.
 */
export function encodeAhead(set: SessionSet, page: PageFormat, service: FrontEndService): void {
  const count = Math.min(page.count, service.settings.maxPresentRecords, set.items.length);
  for (let i = 0; i < count; i++) {
    try {
      recordBody(set.items[i]!, page.syntax, page.elementSet, service.render);
    } catch {
      return;
    }
  }
}
