/**
 * The plain MARC structure every reader produces and every mapper reads
 * (MARC 21, UNIMARC and CNMARC share it: ISO 2709 / ISO 25577).
 * Values are already decoded to NFC Unicode strings.
 */

export interface Subfield {
  code: string;
  value: string;
}

export interface ControlField {
  tag: string;
  value: string;
}

export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: Subfield[];
}

export type MarcField = ControlField | DataField;

export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export function isControlField(field: MarcField): field is ControlField {
  return 'value' in field;
}

export function isDataField(field: MarcField): field is DataField {
  return 'subfields' in field;
}

export function dataFields(record: MarcRecord, tag: string): DataField[] {
  return record.fields.filter((f): f is DataField => f.tag === tag && isDataField(f));
}

export function controlValue(record: MarcRecord, tag: string): string | undefined {
  const field = record.fields.find((f) => f.tag === tag && isControlField(f));
  return field && isControlField(field) ? field.value : undefined;
}

export function subfieldValues(field: DataField, code: string): string[] {
  return field.subfields.filter((s) => s.code === code).map((s) => s.value);
}

export function firstSubfield(field: DataField, code: string): string | undefined {
  return field.subfields.find((s) => s.code === code)?.value;
}
