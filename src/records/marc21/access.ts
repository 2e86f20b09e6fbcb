/**
 * MARC 21 access points: names (1XX/7XX with 880 vernacular), subjects (6XX),
 * classification (050, 080, 082, 084). Field definitions: MARC 21 Bibliographic
 * "X00 Personal Names", "X10 Corporate Names", "X11 Meeting Names", "6XX", "05X-08X".
 */
import { dataFields, firstSubfield, isDataField, type DataField, type MarcRecord } from '../marc.ts';
import { subjectHeadings } from '../mapping/subjects.ts';
import { appendPresent, clean, joinPresent, unique } from '../mapping/text.ts';
import type { Author, Classification } from '../model.ts';
import { CLASSIFICATION_SOURCES, NAME_FIELDS, RELATOR_CODES, SUBJECT_FIELDS, SUBJECT_SUBDIVISIONS, UNCONTROLLED_SUBJECT } from './fields.ts';
import type { VernacularIndex } from './vernacular.ts';

/** First digit of the main entry (1XX) and added entry (7XX) name tags. */
const MAIN_ENTRY = 0x31;
const ADDED_ENTRY = 0x37;
const SLASHES = /\//g;

/** Subfields joined as catalogued (their ISBD punctuation between them), trimmed at the end only. */
function nameOf(field: DataField, codes: readonly string[]): string | undefined {
  let name: string | undefined;
  for (const s of field.subfields) if (codes.includes(s.code)) name = appendPresent(name, s.value.trim(), ' ');
  return clean(name);
}

function roleOf(field: DataField, termCode: string): string | undefined {
  let term: string | undefined;
  for (const s of field.subfields) if (s.code === termCode) term = appendPresent(term, clean(s.value), ', ');
  if (term) return term;
  const code = firstSubfield(field, '4')?.trim().toLowerCase();
  return code === undefined ? undefined : (RELATOR_CODES[code] ?? code);
}

/** One author from a name field, when it has a name. */
function addAuthor(authors: Author[], field: DataField, vernacular: VernacularIndex): void {
  const spec = NAME_FIELDS[field.tag];
  const name = spec && nameOf(field, spec.name);
  if (!spec || !name) return;
  const author: Author = { name, kind: spec.kind };
  const role = roleOf(field, spec.roleTerm);
  if (role) author.role = role;
  const dates = spec.dates === undefined ? undefined : clean(firstSubfield(field, spec.dates));
  if (dates) author.dates = dates;
  const twin = vernacular.of(field);
  const vernacularName = twin && nameOf(twin, spec.name);
  if (vernacularName) author.vernacular = vernacularName;
  authors.push(author);
}

/** Main entry (1XX) first, then added entries (7XX) in record order. */
export function mapAuthors(marc: MarcRecord, vernacular: VernacularIndex): Author[] {
  const authors: Author[] = [];
  // One pass over the fields: main entries mapped as met, added entries kept for after them.
  let added: DataField[] | undefined;
  for (const field of marc.fields) {
    if (!isDataField(field)) continue;
    const block = field.tag.charCodeAt(0);
    if ((block !== MAIN_ENTRY && block !== ADDED_ENTRY) || !(field.tag in NAME_FIELDS)) continue;
    if (block === MAIN_ENTRY) addAuthor(authors, field, vernacular);
    else (added ??= []).push(field);
  }
  if (added) for (const field of added) addAuthor(authors, field, vernacular);
  return unique(authors, (a) => `${a.name}|${a.role ?? ''}`);
}

/** "China -- History": heading proper, then $v $x $y $z subdivisions, as OPACs display it. */
export function mapSubjects(marc: MarcRecord): string[] {
  return subjectHeadings(marc, { fields: SUBJECT_FIELDS, subdivisions: SUBJECT_SUBDIVISIONS, uncontrolled: UNCONTROLLED_SUBJECT });
}

/** 084 $2 "njb/9" → scheme ndc, edition "9"; "clc" → clc. */
function sourceScheme(source: string | undefined): { scheme: Classification['scheme']; edition?: string } {
  const [code = '', edition] = (source ?? '').trim().toLowerCase().split('/');
  const scheme = CLASSIFICATION_SOURCES[code] ?? 'other';
  return edition ? { scheme, edition } : { scheme };
}

export function mapClassifications(marc: MarcRecord): Classification[] {
  const out: Classification[] = [];
  for (const field of dataFields(marc, '050')) {
    const value = joinPresent([firstSubfield(field, 'a')?.trim(), firstSubfield(field, 'b')?.trim()], ' ');
    if (value) out.push({ scheme: 'lcc', value });
  }
  for (const field of dataFields(marc, '082')) {
    const value = firstSubfield(field, 'a')?.replace(SLASHES, '').trim();
    const edition = firstSubfield(field, '2')?.trim();
    if (value) out.push(edition ? { scheme: 'ddc', value, edition } : { scheme: 'ddc', value });
  }
  for (const field of dataFields(marc, '080')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push({ scheme: 'udc', value });
  }
  for (const field of dataFields(marc, '084')) {
    const source = firstSubfield(field, '2')?.trim();
    const { scheme, edition } = sourceScheme(source);
    for (const s of field.subfields) {
      const value = s.code === 'a' ? s.value.trim() : '';
      if (!value) continue;
      const entry: Classification = { scheme, value };
      if (edition) entry.edition = edition;
      if (source && scheme === 'other') entry.source = source;
      out.push(entry);
    }
  }
  return unique(out, (c) => `${c.scheme}|${c.value}`);
}
