/**
 * One Holding from the texts a source gives (an OPAC row, a MARC holdings field):
 * status and due date read through the library's vocabulary, loanability of the
 * 馆藏类型, and the ILL verdict. Raw texts are kept beside the normalized values.
 */
import type { LibraryConfig } from '../config/schema.ts';
import { extractDueDate } from './due-date.ts';
import { illEligibility } from './eligibility.ts';
import type { Holding } from './model.ts';
import { cleanText } from './text-key.ts';
import { vocabularyFor } from './vocabulary.ts';

export interface HoldingInput {
  branch?: string | undefined;
  location?: string | undefined;
  callNumber?: string | undefined;
  volume?: string | undefined;
  barcode?: string | undefined;
  statusText?: string | undefined;
  collectionType?: string | undefined;
  /** A separate 应还日期 column, in any of the date forms due-date.ts reads. */
  dueDate?: string | undefined;
  note?: string | undefined;
}

export type HoldingLibrary = Pick<LibraryConfig, 'id' | 'ill' | 'service' | 'vocabulary'>;

export function buildHolding(input: HoldingInput, library: HoldingLibrary): Holding {
  const vocabulary = vocabularyFor(library);
  const reading = vocabulary.readStatus(input.statusText);
  const collectionType = cleanText(input.collectionType);
  const holding: Holding = {
    library: library.id,
    statusText: reading.text,
    status: reading.status,
    loanable: collectionType === undefined ? true : vocabulary.readCollectionType(collectionType).loanable,
  };
  const optional = {
    branch: cleanText(input.branch),
    location: cleanText(input.location),
    callNumber: cleanText(input.callNumber),
    volume: cleanText(input.volume),
    barcode: cleanText(input.barcode),
    collectionType,
    // A date inside the status text is a due date only for a copy that is out or held:
    // "归还 2025-07-01" is a return date, not a due date.
    dueDate: extractDueDate(input.dueDate) ?? (reading.status === 'on_loan' || reading.status === 'on_hold' ? reading.dueDate : undefined),
    note: cleanText(input.note),
  };
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) {
    if (value !== undefined) holding[key] = value;
  }
  holding.ill = illEligibility(holding, library);
  return holding;
}
