/**
 * A record's source MARC kept as what it was read from (the record's ISO 2709 bytes, its
 * MARCXML as UTF-8 bytes) and decoded when something reads `record.marc`: the SRU and Z39.50
 * front ends for the records they serve, `marc=1`, the Redis store. Kept decoded, every field and
 * subfield of every record of every kept set was an object the collector copied when the search
 * ended and marked on every major collection, for records whose MARC nobody asked for: in
 * bench:gateway-stages keeping 100 sets, about 0.16 against 0.14 ms of CPU a record.
 *
 * `marc` stays an ordinary enumerable property to its readers (spread, JSON, equality); one
 * getter and setter serve every record, so records keep one shape (a closure each would put
 * every record's properties in dictionary mode). The first read or write makes it a plain value.
 */
import type { MarcRecord } from './marc.ts';
import type { BibRecord } from './model.ts';

export interface MarcSource {
  /** Estimated heap bytes the source holds (src/resultsets/estimate-size.ts counts them). */
  bytes: number;
  read(): MarcRecord | undefined;
}

const SOURCE = Symbol('marc source');
type WithSource = BibRecord & { [SOURCE]?: MarcSource | undefined };

function settle(record: WithSource, marc: MarcRecord | undefined): void {
  Object.defineProperty(record, 'marc', { value: marc, writable: true, enumerable: true, configurable: true });
  record[SOURCE] = undefined;
}

function readMarc(this: WithSource): MarcRecord | undefined {
  const marc = this[SOURCE]?.read();
  settle(this, marc);
  return marc;
}

function writeMarc(this: WithSource, marc: MarcRecord | undefined): void {
  settle(this, marc);
}

/** `record.marc` read from `source` when first read. */
export function keepMarcSource(record: BibRecord, source: MarcSource): void {
  // Not enumerable: a copy of the record (spread) reads `marc` and needs no source of its own.
  Object.defineProperty(record, SOURCE, { value: source, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(record, 'marc', { get: readMarc, set: writeMarc, enumerable: true, configurable: true });
}

/** The estimated bytes of a record's MARC not read yet, else undefined (read, or never kept as a source). */
export function pendingMarcBytes(record: object): number | undefined {
  return (record as WithSource)[SOURCE]?.bytes;
}

/** A shallow copy of `record` with `changes` ({ ...record, ...changes }), its MARC still unread if it was. */
export function copyRecord(record: BibRecord, changes: Partial<BibRecord>): BibRecord {
  const source = (record as WithSource)[SOURCE];
  if (source === undefined) return { ...record, ...changes };
  const copy = {} as BibRecord;
  for (const key of Object.keys(record) as (keyof BibRecord)[]) if (key !== 'marc') (copy as unknown as Record<string, unknown>)[key] = record[key];
  Object.assign(copy, changes);
  if (!('marc' in changes)) keepMarcSource(copy, source);
  return copy;
}
