/**
 * MARC 21 bibliographic record → the record model. Field definitions cited are from
 * "MARC 21 Format for Bibliographic Data" (Library of Congress); ISBD punctuation that
 * MARC 21 keeps inside subfields is trimmed (src/records/mapping/text.ts).
 */
import { controlValue, dataFields, firstSubfield, subfieldValues, type DataField, type MarcRecord } from '../marc.ts';
import { isbnFieldEntries, issnEntry, systemControlNumber } from '../mapping/identifiers.ts';
import { languageName, normalizeLanguageCode } from '../mapping/languages.ts';
import { mappedWith, type MappedBib, type MappedContent, type MappingProblems } from '../mapping/mapped.ts';
import { mapNotes } from '../mapping/notes.ts';
import { appendPresent, clean, firstYear, joinPresent, unique, withoutNonSortSpan } from '../mapping/text.ts';
import type { Isbn, SetLink } from '../model.ts';
import { mapAuthors, mapClassifications, mapSubjects } from './access.ts';
import { ELECTRONIC_FORMS, isNoteTag, MATERIAL_BY_TYPE, OTHER_STANDARD_NUMBERS, SERIAL_LEVELS } from './fields.ts';
import { VernacularIndex } from './vernacular.ts';

// Regular expressions live in constants: a literal in a function is a new RegExp object at every call.
const DIGIT = /^[0-9]$/;
const NON_SORT_START = /[\u0088\u0098]/u;
const FOUR_DIGITS = /^\d{4}$/;

/** 300 subfields of the extent statement: $a extent, $b other details, $c dimensions, $e accompanying material (a string: as ever, its substrings match too). */
const EXTENT_CODES = 'abce';
const ISSN_CODES = ['a', 'l'];
/** Series added entries: 800/810/811 (a name, the title in $t), 830/440 (the title in $a). */
const SERIES_ENTRY_TAGS = ['800', '810', '811', '830', '440'];
const UNIFORM_TITLE_CODES = ['a', 'n', 'p'];
const NAME_TITLE_CODES = ['t', 'n', 'p'];

type Problems = MappingProblems;

/** 245 Title Statement: $a title, $b remainder, $c responsibility, $n/$p part number/name; ind2 = non-filing characters. */
function mapTitle(marc: MarcRecord, vernacular: VernacularIndex, problems: Problems, out: Partial<MappedContent>): void {
  const f245 = dataFields(marc, '245')[0] ?? vernacular.unpaired('245')[0];
  if (!f245) {
    problems.push({ code: 'no_title', message: 'record has no 245 title statement' });
    out.title = '';
    out.sortTitle = '';
    return;
  }
  const rawTitle = firstSubfield(f245, 'a') ?? '';
  const title = clean(rawTitle) ?? '';
  const skip = DIGIT.test(f245.ind2) ? Number(f245.ind2) : 0;
  // Some systems mark the non-filing part with NSB/NSE (as UNIMARC does) instead of ind2.
  const sortTitle = clean(NON_SORT_START.test(rawTitle) ? withoutNonSortSpan(rawTitle) : rawTitle.slice(skip)) ?? title;
  out.title = title;
  out.sortTitle = sortTitle;
  const subtitle = clean(joinPresent(subfieldValues(f245, 'b').map(clean), ' : '));
  if (subtitle) out.subtitle = subtitle;
  const partNumber = joinPresent(subfieldValues(f245, 'n').map(clean), ', ');
  if (partNumber) out.partNumber = partNumber;
  const partName = joinPresent(subfieldValues(f245, 'p').map(clean), '. ');
  if (partName) out.partName = partName;
  const responsibility = clean(firstSubfield(f245, 'c'));
  if (responsibility) out.responsibility = responsibility;
  const twin = f245.tag === '880' ? undefined : vernacular.of(f245) ?? vernacular.unpaired('245')[0];
  const vernacularTitle = twin && joinPresent([clean(firstSubfield(twin, 'a')), clean(firstSubfield(twin, 'b'))], ' : ');
  if (vernacularTitle) out.vernacularTitle = vernacularTitle;
}

/** 264 ind2 "1" (publication) is preferred over other 264s, then over 260 Publication, Distribution, etc. */
function mapPublication(marc: MarcRecord, out: { place?: string; publisher?: string; yearText?: string; year?: number }): void {
  const f264 = dataFields(marc, '264');
  const field: DataField | undefined = f264.find((f) => f.ind2 === '1') ?? dataFields(marc, '260')[0] ?? f264[0];
  if (field) {
    const place = clean(firstSubfield(field, 'a'));
    if (place) out.place = place;
    const publisher = clean(firstSubfield(field, 'b'));
    if (publisher) out.publisher = publisher;
    const yearText = clean(firstSubfield(field, 'c'));
    if (yearText) out.yearText = yearText;
  }
  // 008/07-10 Date 1 when the statement gives no year ("[n.d.]") or is absent.
  const date1 = controlValue(marc, '008')?.slice(7, 11);
  const year = firstYear(out.yearText) ?? (date1 && FOUR_DIGITS.test(date1) ? Number(date1) : undefined);
  if (year !== undefined) out.year = year;
}

/** 250 Edition Statement: $a edition, $b remainder. */
function mapEdition(marc: MarcRecord): string | undefined {
  const field = dataFields(marc, '250')[0];
  return field && clean(joinPresent([clean(firstSubfield(field, 'a')), clean(firstSubfield(field, 'b'))], ' '));
}

/** 300 Physical Description ($a : $b ; $c + $e) keeps the catalogue's ISBD punctuation: "v. : ill. ; 24 cm.". */
function mapExtent(marc: MarcRecord): string | undefined {
  const field = dataFields(marc, '300')[0];
  if (!field) return undefined;
  let text: string | undefined;
  for (const s of field.subfields) if (EXTENT_CODES.includes(s.code)) text = appendPresent(text, s.value.trim(), ' ');
  return text;
}

/** 008/35-37 Language, then 041 $a (older records pack several codes into one $a: "engchi"). */
function mapLanguages(marc: MarcRecord): string[] {
  const codes: string[] = [];
  const f008 = controlValue(marc, '008');
  if (f008 && f008.length >= 38) codes.push(f008.slice(35, 38));
  for (const field of dataFields(marc, '041')) {
    if (field.ind2 === '7') continue; // $2 names a non-MARC code list
    for (const value of subfieldValues(field, 'a')) codes.push(...(value.trim().match(/.{1,3}/g) ?? []));
  }
  return unique(codes.map(normalizeLanguageCode).filter((c): c is string => c !== undefined));
}

/** 022 $a ISSN, $l ISSN-L (each field's $a before its $l, as written in the record's order of fields). */
function mapIssns(marc: MarcRecord): string[] {
  const issns: string[] = [];
  for (const field of dataFields(marc, '022')) {
    for (const code of ISSN_CODES) {
      for (const s of field.subfields) {
        if (s.code !== code) continue;
        const issn = issnEntry(s.value);
        if (issn !== undefined) issns.push(issn);
      }
    }
  }
  return unique(issns);
}

/** 020 ISBN: $a valid, $z cancelled/invalid, $q qualifying information. */
function mapIsbns(marc: MarcRecord): Isbn[] {
  return isbnFieldEntries(marc, '020', (field) => joinPresent(subfieldValues(field, 'q').map(clean), '; '));
}

/** 010 LCCN, 016 national bibliographic agency number, 024 other standard identifiers, 035 system control numbers. */
function mapOtherIds(marc: MarcRecord): MappedBib['otherIds'] {
  const out: MappedBib['otherIds'] = [];
  for (const field of dataFields(marc, '010')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push({ scheme: 'lccn', value });
  }
  for (const field of dataFields(marc, '016')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push({ scheme: firstSubfield(field, '2')?.trim() || 'nbn', value });
  }
  for (const field of dataFields(marc, '024')) {
    const value = firstSubfield(field, 'a')?.trim();
    const scheme = OTHER_STANDARD_NUMBERS[field.ind1] ?? firstSubfield(field, '2')?.trim();
    if (value && scheme) out.push({ scheme, value });
  }
  for (const field of dataFields(marc, '035')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push(systemControlNumber(value));
  }
  return unique(out, (i) => `${i.scheme}|${i.value}`);
}

/**
 * 8XX series added entries are the authorized form. A 490 with ind1 "1" (series traced)
 * repeats one of them and is dropped when 8XX fields exist; an untraced 490 is kept
 * unless its title is the same as an 8XX title.
 */
function mapSeries(marc: MarcRecord): SetLink[] {
  const series: SetLink[] = [];
  for (const tag of SERIES_ENTRY_TAGS) {
    for (const field of dataFields(marc, tag)) {
      const titleCodes = field.tag === '830' || field.tag === '440' ? UNIFORM_TITLE_CODES : NAME_TITLE_CODES;
      let title: string | undefined;
      for (const s of field.subfields) if (titleCodes.includes(s.code)) title = appendPresent(title, clean(s.value), '. ');
      if (title) series.push(setLink('series', title, field));
    }
  }
  const statements = dataFields(marc, '490');
  if (statements.length === 0) return series;
  const traced = series.length;
  // A record traces a series or two: a list of their keys, no Set.
  const tracedKeys = series.map((s) => seriesKey(s.title));
  for (const field of statements) {
    if (field.ind1 === '1' && traced > 0) continue;
    const title = clean(firstSubfield(field, 'a'));
    if (title !== undefined && !tracedKeys.includes(seriesKey(title))) series.push(setLink('series', title, field));
  }
  return series;
}

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/** A series title as 490 and 8XX are compared: letters and digits only, lower case. */
function seriesKey(title: string): string {
  return title.toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

function setLink(kind: SetLink['kind'], title: string, field: DataField, volumeCode = 'v'): SetLink {
  const link: SetLink = { kind, title };
  const volume = clean(firstSubfield(field, volumeCode));
  if (volume) link.volume = volume;
  // $w "(SHL)SHL000123": the organization code in parentheses, then the linked record's 001.
  const id = firstSubfield(field, 'w')?.trim().replace(/^\([^)]*\)\s*/u, '');
  if (id) link.id = id;
  const issn = issnEntry(firstSubfield(field, 'x'));
  if (issn) link.issn = issn;
  // 773 $z: the host's ISBN.
  const isbn = kind === 'host' ? clean(firstSubfield(field, 'z')) : undefined;
  if (isbn) link.isbn = isbn;
  return link;
}

/** 773 Host Item Entry: $t title, $g related parts ("v. 7"), $w record control number of the host. */
function mapLinks(marc: MarcRecord): SetLink[] {
  return dataFields(marc, '773').flatMap((field) => {
    const title = clean(firstSubfield(field, 't')) ?? clean(firstSubfield(field, 'a'));
    return title ? [setLink('host', title, field, 'g')] : [];
  });
}

/** Leader/06-07 and 008/21, 008/23, 338, 856 decide 资料类型. */
function mapMaterialType(marc: MarcRecord): string {
  const type = marc.leader[6] ?? 'a';
  const level = marc.leader[7] ?? 'm';
  const f008 = controlValue(marc, '008') ?? '';
  const online =
    ELECTRONIC_FORMS.has(f008[23] ?? '') ||
    dataFields(marc, '338').some((f) => firstSubfield(f, 'b') === 'cr' || /online resource/iu.test(firstSubfield(f, 'a') ?? '')) ||
    dataFields(marc, '245').some((f) => /electronic resource/iu.test(firstSubfield(f, 'h') ?? '')) ||
    dataFields(marc, '856').some((f) => f.ind2 === '0');
  if (type === 'a' || type === 't') {
    if (online) return '电子资源';
    // 008/21 (continuing resources) "n" = newspaper.
    if (SERIAL_LEVELS.has(level)) return f008[21] === 'n' ? '报纸' : '期刊';
  }
  return MATERIAL_BY_TYPE[type] ?? '其他';
}

/**
 * The record's bibliographic content written into `out`, keys in the model's order (BibRecord's
 * JSON); problems go to `problems`. normalize.ts hands in the record it builds, so the content
 * is not made as an object of its own and then copied into the record.
 */
export function mapMarc21Into(marc: MarcRecord, out: Partial<MappedContent>, problems: Problems): void {
  const vernacular = new VernacularIndex(marc);
  const languages = mapLanguages(marc);
  const edition = mapEdition(marc);
  const extent = mapExtent(marc);
  const { notes, contents } = mapNotes(marc, isNoteTag, '505');
  mapTitle(marc, vernacular, problems, out);
  mapPublication(marc, out);
  out.authors = mapAuthors(marc, vernacular);
  out.series = mapSeries(marc);
  out.languages = languages;
  out.languageNames = languages.map(languageName);
  out.isbns = mapIsbns(marc);
  out.issns = mapIssns(marc);
  out.otherIds = mapOtherIds(marc);
  out.materialType = mapMaterialType(marc);
  out.subjects = mapSubjects(marc);
  out.classifications = mapClassifications(marc);
  out.notes = notes;
  out.contents = contents;
  out.links = mapLinks(marc);
  if (edition) out.edition = edition;
  if (extent) out.extent = extent;
}

export function mapMarc21(marc: MarcRecord): MappedBib {
  return mappedWith(mapMarc21Into, marc);
}
