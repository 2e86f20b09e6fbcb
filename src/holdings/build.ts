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
  // Set in this order when present (the JSON's key order), without an object of them all per copy.
  const branch = cleanText(input.branch);
  if (branch !== undefined) holding.branch = branch;
  const location = cleanText(input.location);
  if (location !== undefined) holding.location = location;
  const callNumber = cleanText(input.callNumber);
  if (callNumber !== undefined) holding.callNumber = callNumber;
  const volume = cleanText(input.volume);
  if (volume !== undefined) holding.volume = volume;
  const barcode = cleanText(input.barcode);
  if (barcode !== undefined) holding.barcode = barcode;
  if (collectionType !== undefined) holding.collectionType = collectionType;
  // A date inside the status text is a due date only for a copy that is out or held:
  // "归还 2025-07-01" is a return date, not a due date.
  const dueDate = extractDueDate(input.dueDate) ?? (reading.status === 'on_loan' || reading.status === 'on_hold' ? reading.dueDate : undefined);
  if (dueDate !== undefined) holding.dueDate = dueDate;
  const note = cleanText(input.note);
  if (note !== undefined) holding.note = note;
  holding.ill = illEligibility(holding, library);
  return holding;
}
