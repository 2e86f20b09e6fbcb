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
  /** The record, its fields array and its length then: a record whose fields changed is indexed again. */
  record: MarcRecord;
  fields: MarcField[];
  length: number;
  data: Map<string, DataField[]>;
  /** The control fields in record order (a record has a handful: a list costs less than a Map). */
  control: ControlField[];
}

/**
 * Fields by tag, built on a record's first lookup: a mapper asks for some fifty tags per record,
 * and filtering every field for each of them was most of the mapping time. Only the last two
 * records' indexes are kept: a mapper reads one record at a time, and an index kept per record
 * (a WeakMap entry and two Maps for every record a kept result set holds) was heap the garbage
 * collector walked for nothing once the record was mapped.
 */
let recent: TagIndex | undefined;
let previous: TagIndex | undefined;

function current(index: TagIndex, record: MarcRecord): boolean {
  return index.record === record && index.fields === record.fields && index.length === record.fields.length;
}

/** Adds a run of data fields with one tag (fields[from, to)) to the index, copied at its exact length. */
function addRun(index: TagIndex, from: number, to: number): void {
  const run = index.fields.slice(from, to) as DataField[];
  const tag = (run[0] as DataField).tag;
  const known = index.data.get(tag);
  index.data.set(tag, known === undefined ? run : known.concat(run));
}

function tagIndex(record: MarcRecord): TagIndex {
  if (recent !== undefined && current(recent, record)) return recent;
  if (previous !== undefined && current(previous, record)) {
    const known = previous;
    previous = recent;
    recent = known;
    return known;
  }
  const { fields } = record;
  const index: TagIndex = { record, fields, length: fields.length, data: new Map(), control: [] };
  // Records list their fields in tag order: each tag's fields are one run, sliced at once (an
  // array of one grown by push held 17 slots). A tag met again later joins its first run.
  let runStart = -1;
  let runTag = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as MarcField;
    if (isDataField(field)) {
      if (runStart >= 0 && field.tag === runTag) continue;
      if (runStart >= 0) addRun(index, runStart, i);
      runStart = i;
      runTag = field.tag;
    } else {
      if (runStart >= 0) addRun(index, runStart, i);
      runStart = -1;
      index.control.push(field);
    }
  }
  if (runStart >= 0) addRun(index, runStart, fields.length);
  previous = recent;
  recent = index;
  return index;
}

function controlField(index: TagIndex, tag: string): ControlField | undefined {
  for (const field of index.control) if (field.tag === tag) return field;
  return undefined;
}

const NO_FIELDS: readonly DataField[] = Object.freeze([]);

/** The data fields with this tag, in record order (shared: do not change it). */
export function dataFields(record: MarcRecord, tag: string): readonly DataField[] {
  return tagIndex(record).data.get(tag) ?? NO_FIELDS;
}

/** Whether the record has a field (control or data) with this tag. */
export function hasField(record: MarcRecord, tag: string): boolean {
  const index = tagIndex(record);
  return index.data.has(tag) || controlField(index, tag) !== undefined;
}

export function controlValue(record: MarcRecord, tag: string): string | undefined {
  return controlField(tagIndex(record), tag)?.value;
}

export function subfieldValues(field: DataField, code: string): string[] {
  const out: string[] = [];
  for (const s of field.subfields) if (s.code === code) out.push(s.value);
  return out;
}

/** What `read` makes of every $code of the record's fields with this tag, in record order, the undefined left out (no list per field). */
export function readSubfields<T>(record: MarcRecord, tag: string, code: string, read: (value: string) => T | undefined): T[] {
  const out: T[] = [];
  for (const field of dataFields(record, tag)) {
    for (const s of field.subfields) {
      if (s.code !== code) continue;
      const value = read(s.value);
      if (value !== undefined) out.push(value);
    }
  }
  return out;
}

export function firstSubfield(field: DataField, code: string): string | undefined {
  for (const s of field.subfields) if (s.code === code) return s.value;
  return undefined;
}
