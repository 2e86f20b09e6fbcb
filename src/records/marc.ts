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

interface TagIndex {
  /** The fields array indexed, and its length then: a record whose fields changed is indexed again. */
  fields: MarcField[];
  length: number;
  data: Map<string, DataField[]>;
  control: Map<string, string>;
}

/**
 * Fields by tag, built on a record's first lookup: a mapper asks for some fifty tags per record,
 * and filtering every field for each of them was most of the mapping time.
 */
const tagIndexes = new WeakMap<MarcRecord, TagIndex>();

function tagIndex(record: MarcRecord): TagIndex {
  const known = tagIndexes.get(record);
  if (known && known.fields === record.fields && known.length === record.fields.length) return known;
  const index: TagIndex = { fields: record.fields, length: record.fields.length, data: new Map(), control: new Map() };
  for (const field of record.fields) {
    if (isDataField(field)) {
      const list = index.data.get(field.tag);
      if (list) list.push(field);
      else index.data.set(field.tag, [field]);
    } else if (!index.control.has(field.tag)) {
      index.control.set(field.tag, field.value);
    }
  }
  tagIndexes.set(record, index);
  return index;
}

/** The data fields with this tag, in record order (a new array each call). */
export function dataFields(record: MarcRecord, tag: string): DataField[] {
  return tagIndex(record).data.get(tag)?.slice() ?? [];
}

/** Whether the record has a field (control or data) with this tag. */
export function hasField(record: MarcRecord, tag: string): boolean {
  const index = tagIndex(record);
  return index.data.has(tag) || index.control.has(tag);
}

export function controlValue(record: MarcRecord, tag: string): string | undefined {
  return tagIndex(record).control.get(tag);
}

export function subfieldValues(field: DataField, code: string): string[] {
  return field.subfields.filter((s) => s.code === code).map((s) => s.value);
}

export function firstSubfield(field: DataField, code: string): string | undefined {
  return field.subfields.find((s) => s.code === code)?.value;
}
