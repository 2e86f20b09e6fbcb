/**
 * What the gateway keeps of Z39.50 Explain records (Z39.50-1995 Appendix "RecordSyntax-explain",
 * OID 1.2.840.10003.5.100), whichever form they came in (the Explain syntax itself, or a
 * server's XML rendering of it): the three categories capability discovery uses, and the
 * name of any other category so it can be skipped knowingly.
 */

/** TargetInfo (Explain-Record [0]): the server's own facts. */
export interface ExplainTargetInfo {
  name: string;
  namedResultSets?: boolean;
  multipleDatabaseSearch?: boolean;
  maxResultSets?: number;
  maxResultSize?: number;
  maxTerms?: number;
  /** timeoutInterval (IntUnit): the value and the unit's name as the server gives them. */
  timeoutInterval?: { value: number; unit?: string };
  description?: string;
}

/** DatabaseInfo (Explain-Record [1]). */
export interface ExplainDatabaseInfo {
  name: string;
  /** explainDatabase [2] present: this is an Explain database. */
  explainDatabase: boolean;
  title?: string;
  description?: string;
  available?: boolean;
  recordCount?: { count: number; approximate: boolean };
}

/** A use (or other) attribute value a database supports: numeric, or a string as StringOrNumeric allows. */
export interface ExplainAttributeValue {
  value: number | string;
  description?: string;
  /** partialSupport [4]: accepted, but perhaps not processed the expected way. */
  partial?: boolean;
  /** Documents the server says the index holds (a server's private detail, e.g. Zebra's dococcurrences). */
  documents?: number;
}

/** AttributeDetails (Explain-Record [8]): per attribute set and type, the values the database supports. */
export interface ExplainAttributeDetails {
  databaseName: string;
  attributeSets: {
    attributeSet: string;
    types: {
      type: number;
      /** 'all': attributeValues omitted, "all values of this type are fully supported". */
      values: ExplainAttributeValue[] | 'all';
    }[];
  }[];
}

export type ExplainRecord =
  | { category: 'targetInfo'; targetInfo: ExplainTargetInfo }
  | { category: 'databaseInfo'; databaseInfo: ExplainDatabaseInfo }
  | { category: 'attributeDetails'; attributeDetails: ExplainAttributeDetails }
  /** A category we do not use (schemaInfo, termListInfo, categoryList …): named, not decoded. */
  | { category: 'other'; name: string };

/** An Explain record that does not follow its ASN.1 (or XML form). */
export class ExplainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

/** An Explain record past one of the decoders' limits; `limit` names it. */
export class ExplainLimitError extends ExplainError {
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(`${message} (${limit})`);
    this.name = 'ExplainLimitError';
  }
}

/**
 * Far beyond any real Explain record (Zebra's AttributeDetails for a 40-index database is ~6 kB
 * and 10 levels deep), small enough that a hostile one costs little.
 */
export const EXPLAIN_LIMITS = {
  MAX_EXPLAIN_BYTES: 1024 * 1024,
  MAX_EXPLAIN_DEPTH: 32,
  /** Elements (BER TLVs or XML elements) in one record; it also bounds the attribute values kept. */
  MAX_EXPLAIN_ELEMENTS: 50_000,
} as const;
