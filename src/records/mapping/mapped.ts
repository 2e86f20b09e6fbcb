/**
 * What a format mapper (marc21/map.ts, unimarc/map.ts) returns: the bibliographic
 * content of a BibRecord. normalize.ts adds identity, holdings, charset and warnings
 * that need the library context.
 */
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
