/**
 * What a format mapper (marc21/map.ts, unimarc/map.ts) returns: the bibliographic
 * content of a BibRecord. normalize.ts adds identity, holdings, charset and warnings
 * that need the library context.
 */
import { controlValue, type MarcRecord } from '../marc.ts';
import type { BibRecord } from '../model.ts';

export type MappedBib = Omit<
  BibRecord,
  'id' | 'library' | 'localId' | 'format' | 'charset' | 'charsetMismatch' | 'holdings' | 'warnings' | 'marc'
> & {
  /** 001, when the record has one. */
  controlNumber?: string;
  /** Problems met while mapping: code + message, turned into RecordWarnings by normalize.ts. */
  problems: { code: string; message: string; addinfo?: string }[];
};

/** The bibliographic content alone: what a mapper writes into the record it is given. */
export type MappedContent = Omit<MappedBib, 'controlNumber' | 'problems'>;

/** Problems met while mapping (see MappedBib). */
export type MappingProblems = MappedBib['problems'];

/** A format mapper's content writer (mapMarc21Into, mapUnimarcInto). */
export type ContentMapper = (marc: MarcRecord, out: Partial<MappedContent>, problems: MappingProblems) => void;

/** The content as one answer of its own, with the problems and the 001 (tests, the union simulator); the gateway writes into its record. */
export function mappedWith(mapInto: ContentMapper, marc: MarcRecord): MappedBib {
  const problems: MappingProblems = [];
  const mapped: Partial<MappedBib> = {};
  mapInto(marc, mapped, problems);
  mapped.problems = problems;
  const controlNumber = controlValue(marc, '001')?.trim();
  if (controlNumber) mapped.controlNumber = controlNumber;
  return mapped as MappedBib;
}
