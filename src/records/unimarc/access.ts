/**
 * UNIMARC / CNMARC access points: 7XX names with $4 relators, 6XX subjects,
 * 6X6/69X classification (GB/T 33286 690 中图法).
 */
import { dataFields, firstSubfield, isDataField, subfieldValues, type DataField, type MarcRecord } from '../marc.ts';
import { subjectHeadings } from '../mapping/subjects.ts';
import { clean, joinPresent, unique } from '../mapping/text.ts';
import type { Author, Classification } from '../model.ts';
import {
  CLASSIFICATION_FIELDS,
  CORPORATE_NAME_TAGS,
  OTHER_CLASSIFICATION_SOURCES,
  PERSONAL_NAME_TAGS,
  RELATOR_TERMS,
  SUBJECT_FIELDS,
  SUBJECT_SUBDIVISIONS,
  UNCONTROLLED_SUBJECT,
} from './fields.ts';
import type { AlternateScripts } from './alternate-script.ts';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * 700-702 $a entry element, $b rest of name, $d roman numerals, $f dates.
 * Indicator 2: 0 = name entered in direct order (Chinese 刘未鹏, Japanese 村上春樹 — no comma),
 * 1 = inverted (Feathers, M. C.).
 */
function personalName(field: DataField): string | undefined {
  const a = clean(firstSubfield(field, 'a'));
  const b = clean(firstSubfield(field, 'b'));
  if (!a) return b;
  let name = a;
  if (b) name = field.ind2 === '0' ? (CJK.test(a) && CJK.test(b) ? `${a}${b}` : `${a} ${b}`) : `${a}, ${b}`;
  return joinPresent([name, clean(firstSubfield(field, 'd'))], ' ');
}

/** 710-712 $a entry element, $b subdivisions ("北京大学. 图书馆"); ind1 1 = meeting. */
function corporateName(field: DataField): string | undefined {
  const parts = [firstSubfield(field, 'a'), ...subfieldValues(field, 'b')].map(clean);
  return joinPresent(parts, CJK.test(parts[0] ?? '') ? '' : '. ');
}

function role(field: DataField): string | undefined {
  const written = joinPresent(subfieldValues(field, '4').map(clean), ', ');
  if (!written) return undefined;
  return RELATOR_TERMS[written] ?? written;
}

export function mapAuthors(marc: MarcRecord, alternates: AlternateScripts): Author[] {
  const authors: Author[] = [];
  for (const field of alternates.primary(marc)) {
    const personal = PERSONAL_NAME_TAGS.has(field.tag);
    if (!personal && !CORPORATE_NAME_TAGS.has(field.tag)) continue;
    const name = personal ? personalName(field) : corporateName(field);
    if (!name) continue;
    const author: Author = { name, kind: personal ? 'personal' : field.ind1 === '1' ? 'meeting' : 'corporate' };
    const relator = role(field);
    if (relator) author.role = relator;
    const dates = clean(firstSubfield(field, 'f'));
    if (dates) author.dates = dates;
    const twin = alternates.twin(field);
    const vernacular = twin && (personal ? personalName(twin) : corporateName(twin));
    if (vernacular && vernacular !== name) author.vernacular = vernacular;
    authors.push(author);
  }
  return unique(authors, (a) => `${a.name}|${a.role ?? ''}`);
}

export function mapSubjects(marc: MarcRecord): string[] {
  return subjectHeadings(marc, { fields: SUBJECT_FIELDS, subdivisions: SUBJECT_SUBDIVISIONS, uncontrolled: UNCONTROLLED_SUBJECT });
}

export function mapClassifications(marc: MarcRecord): Classification[] {
  const out: Classification[] = [];
  for (const field of marc.fields) {
    if (!isDataField(field)) continue;
    const known = CLASSIFICATION_FIELDS[field.tag];
    // Most fields are no classification: nothing is read or split for them.
    if (!known && field.tag !== '686') continue;
    const source = field.tag === '686' ? firstSubfield(field, '2')?.trim() : undefined;
    const [sourceCode = '', sourceEdition] = (source ?? '').toLowerCase().split('/');
    const scheme = known?.scheme ?? (field.tag === '686' ? (OTHER_CLASSIFICATION_SOURCES[sourceCode] ?? 'other') : undefined);
    if (!scheme) continue;
    const value = joinPresent([firstSubfield(field, 'a')?.trim(), field.tag === '680' ? firstSubfield(field, 'b')?.trim() : undefined], ' ');
    if (!value) continue;
    const entry: Classification = { scheme, value };
    const edition = firstSubfield(field, 'v')?.trim() || sourceEdition;
    if (edition) entry.edition = edition;
    const named = known?.source ?? (scheme === 'other' ? source : undefined);
    if (named) entry.source = named;
    out.push(entry);
  }
  return unique(out, (c) => `${c.scheme}|${c.value}`);
}

export function hasField(marc: MarcRecord, tags: readonly string[]): boolean {
  return tags.some((tag) => dataFields(marc, tag).length > 0);
}
