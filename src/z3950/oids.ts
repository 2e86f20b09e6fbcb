/**
 * Registered object identifiers the client uses (Z39.50-2003 Appendix 1 "OID";
 * YAZ src/oid.csv). Prefix 1.2.840.10003 is the Z39.50 arc.
 */
const Z = '1.2.840.10003';

export const OID = {
  BIB1_ATTRIBUTES: `${Z}.3.1`,
  BIB1_DIAGNOSTICS: `${Z}.4.1`,
  DIAG1_FORMAT: `${Z}.4.2`,
  UNIMARC: `${Z}.5.1`,
  USMARC: `${Z}.5.10`,
  EXPLAIN: `${Z}.5.100`,
  SUTRS: `${Z}.5.101`,
  OPAC: `${Z}.5.102`,
  GRS1: `${Z}.5.105`,
  XML_TEXT: `${Z}.5.109.10`,
  XML_APPLICATION: `${Z}.5.109.11`,
  CHARSET_NEGOTIATION_3: `${Z}.15.3`,
  /** exp-1, the Explain attribute set (use 1 ExplainCategory, 3 DatabaseName). */
  EXP1_ATTRIBUTES: `${Z}.3.2`,
} as const;

export type RecordSyntaxName = 'usmarc' | 'unimarc' | 'opac' | 'xml' | 'sutrs' | 'grs1';

export const RECORD_SYNTAX_OIDS: Record<RecordSyntaxName, string> = {
  usmarc: OID.USMARC,
  unimarc: OID.UNIMARC,
  opac: OID.OPAC,
  xml: OID.XML_TEXT,
  sutrs: OID.SUTRS,
  grs1: OID.GRS1,
};

const SYNTAX_BY_OID = new Map<string, RecordSyntaxName>([
  ...Object.entries(RECORD_SYNTAX_OIDS).map(([name, oid]) => [oid, name as RecordSyntaxName] as const),
  [OID.XML_APPLICATION, 'xml'],
]);

/** Record syntax named by a record's direct-reference; 'other' for anything we do not decode. */
export function syntaxOfOid(oid: string | undefined): RecordSyntaxName | 'other' {
  return (oid === undefined ? undefined : SYNTAX_BY_OID.get(oid)) ?? 'other';
}
