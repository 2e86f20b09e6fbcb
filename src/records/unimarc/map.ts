/**
 * UNIMARC / CNMARC bibliographic record → the record model. UNIMARC stores no ISBD
 * punctuation, so display strings are assembled with it (ISBD §0.3); field citations are to
 * the UNIMARC Manual – Bibliographic and GB/T 33286—2016 (CNMARC).
 */
import { dataFields, firstSubfield, readSubfields, type DataField, type MarcRecord } from '../marc.ts';
import { isbnFieldEntries, issnEntry, systemControlNumber } from '../mapping/identifiers.ts';
import { languageName, normalizeLanguageCode } from '../mapping/languages.ts';
import { mappedWith, type MappedBib, type MappedContent, type MappingProblems } from '../mapping/mapped.ts';
import { mapNotes } from '../mapping/notes.ts';
import { clean, firstYear, joinPresent, unique, withoutNonSortSpan } from '../mapping/text.ts';
import type { Isbn, SetLink } from '../model.ts';
import { hasField, mapAuthors, mapClassifications, mapSubjects } from './access.ts';
import { AlternateScripts } from './alternate-script.ts';
import { ELECTRONIC_FIELDS, isNoteTag, MATERIAL_BY_TYPE, SERIES_LINK, SET_LINKS } from './fields.ts';
import { readLink } from './links.ts';

// Regular expressions live in constants: a literal in a function is a new RegExp object at every call.
const FOUR_DIGITS = /^\d{4}$/;

type Problems = MappingProblems;

function all(field: DataField, code: string): string[] {
  const out: string[] = [];
  for (const s of field.subfields) {
    if (s.code !== code) continue;
    const value = clean(s.value);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/**
 * 200 Title and Statement of Responsibility: $a title proper (repeatable: further titles
 * by the same author, ISBD " ; "), $e other title information, $h/$i part number/name
 * ($v volume designation when no $h), $f first / $g subsequent responsibility, $d parallel title.
 * Non-sort text sits between NSB/NSE markers inside $a. Pinyin ($9, $A) is not display text.
 */
function mapTitle(marc: MarcRecord, alternates: AlternateScripts, problems: Problems, out: Partial<MappedContent>): void {
  const f200 = dataFields(marc, '200').find((f) => !alternates.isSecondary(f));
  if (!f200) {
    problems.push({ code: 'no_title', message: 'record has no 200 title field' });
    out.title = '';
    out.sortTitle = '';
    return;
  }
  const titles = all(f200, 'a');
  const title = titles.join(' ; ');
  const firstRaw = firstSubfield(f200, 'a') ?? '';
  out.title = title;
  out.sortTitle = clean(withoutNonSortSpan(firstRaw)) ?? title;
  const subtitle = joinPresent(all(f200, 'e'), ' : ');
  if (subtitle) out.subtitle = subtitle;
  const partNumber = joinPresent(all(f200, 'h'), ', ') ?? joinPresent(all(f200, 'v'), ', ');
  if (partNumber) out.partNumber = partNumber;
  const partName = joinPresent(all(f200, 'i'), '. ');
  if (partName) out.partName = partName;
  const responsibility = joinPresent([...all(f200, 'f'), ...all(f200, 'g')], ' ; ');
  if (responsibility) out.responsibility = responsibility;
  const twin = alternates.twin(f200);
  const vernacularTitle = twin ? joinPresent(all(twin, 'a'), ' ; ') : joinPresent(all(f200, 'd'), ' = ');
  if (vernacularTitle) out.vernacularTitle = vernacularTitle;
}

/** 210 Publication: $a place, $c publisher, $d date; 214 (2017 update) when 210 is absent. Year falls back to 100 $a/9-12. */
function mapPublication(marc: MarcRecord, out: { place?: string; publisher?: string; yearText?: string; year?: number }): void {
  const field = dataFields(marc, '210')[0] ?? dataFields(marc, '214').find((f) => f.ind2 === '0') ?? dataFields(marc, '214')[0];
  if (field) {
    const place = clean(firstSubfield(field, 'a'));
    if (place) out.place = place;
    const publisher = clean(firstSubfield(field, 'c'));
    if (publisher) out.publisher = publisher;
    const yearText = clean(firstSubfield(field, 'd'));
    if (yearText) out.yearText = yearText;
  }
  const date1 = general(marc)?.slice(9, 13);
  const year = firstYear(out.yearText) ?? (date1 && FOUR_DIGITS.test(date1) ? Number(date1) : undefined);
  if (year !== undefined) out.year = year;
}

/** 100 $a General Processing Data (36 fixed positions; reference 03 §4). */
function general(marc: MarcRecord): string | undefined {
  const field = dataFields(marc, '100')[0];
  return field && firstSubfield(field, 'a');
}

/** 215 Physical Description: $a extent : $c other details ; $d dimensions + $e accompanying material. */
function mapExtent(marc: MarcRecord): string | undefined {
  const field = dataFields(marc, '215')[0];
  if (!field) return undefined;
  const a = joinPresent(all(field, 'a'), ', ');
  const c = joinPresent(all(field, 'c'), ', ');
  const d = joinPresent(all(field, 'd'), ', ');
  const e = joinPresent(all(field, 'e'), ' + ');
  return joinPresent([a, c && `: ${c}`, d && `; ${d}`, e && `+ ${e}`], ' ');
}

/** 225 Series ($a title, $h/$i part, $v volume, $x ISSN) and 410 Series link; a 410 naming a 225 series adds its id/ISSN. */
function mapSeries(marc: MarcRecord): SetLink[] {
  const series: SetLink[] = [];
  for (const field of dataFields(marc, '225')) {
    const title = joinPresent([clean(firstSubfield(field, 'a')), clean(firstSubfield(field, 'h')), clean(firstSubfield(field, 'i'))], '. ');
    if (!title) continue;
    const link: SetLink = { kind: 'series', title };
    const volume = clean(firstSubfield(field, 'v'));
    if (volume) link.volume = volume;
    const issn = issnEntry(firstSubfield(field, 'x'));
    if (issn) link.issn = issn;
    series.push(link);
  }
  const key = (title: string) => title.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  for (const field of dataFields(marc, SERIES_LINK)) {
    const link = readLink(field, 'series');
    if (!link) continue;
    const same = series.find((s) => key(s.title) === key(link.title));
    if (!same) {
      series.push(link);
      continue;
    }
    if (link.id && !same.id) same.id = link.id;
    if (link.issn && !same.issn) same.issn = link.issn;
    if (link.volume && !same.volume) same.volume = link.volume;
  }
  return series;
}

/** 010 ISBN: $a number, $b qualification (平装/精装), $d price (not kept), $z erroneous. */
function mapIsbns(marc: MarcRecord): Isbn[] {
  return isbnFieldEntries(marc, '010', (field) => clean(firstSubfield(field, 'b')));
}

/** 091 统一书刊号 (CNMARC, China standard book number before ISBN), 020 national bibliography number, 035 other system numbers. */
function mapOtherIds(marc: MarcRecord): MappedBib['otherIds'] {
  const out: MappedBib['otherIds'] = [];
  for (const field of dataFields(marc, '091')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push({ scheme: 'csbn', value });
  }
  for (const field of dataFields(marc, '020')) {
    const value = firstSubfield(field, 'b')?.trim();
    if (value) out.push({ scheme: `nbn:${firstSubfield(field, 'a')?.trim() || 'xx'}`, value });
  }
  for (const field of dataFields(marc, '035')) {
    const value = firstSubfield(field, 'a')?.trim();
    if (value) out.push(systemControlNumber(value));
  }
  return unique(out, (i) => `${i.scheme}|${i.value}`);
}

/** Leader/06-07; 110 $a/0 "c" = newspaper; 135/230 electronic resource. */
function mapMaterialType(marc: MarcRecord): string {
  const type = marc.leader[6] ?? 'a';
  const level = marc.leader[7] ?? 'm';
  if (type === 'a' || type === 'b') {
    if (hasField(marc, ELECTRONIC_FIELDS)) return '电子资源';
    if (level === 's') return serialKind(marc);
  }
  return MATERIAL_BY_TYPE[type] ?? '其他';
}

/** 110 $a/0 Continuing Resources coded data: "c" = newspaper. */
function serialKind(marc: MarcRecord): string {
  const field = dataFields(marc, '110')[0];
  return field && firstSubfield(field, 'a')?.[0] === 'c' ? '报纸' : '期刊';
}

// The lists below are read with loops: most records have none of these fields, and a chain of
// flatMap/map/filter made its arrays for every record all the same.

/** 101 $a language of the text. */
function mapLanguages(marc: MarcRecord): string[] {
  return unique(readSubfields(marc, '101', 'a', normalizeLanguageCode));
}

/** 011 $a ISSN. */
function mapIssns(marc: MarcRecord): string[] {
  return unique(readSubfields(marc, '011', 'a', issnEntry));
}

/** 461 set, 462 subset links. */
function mapSetLinks(marc: MarcRecord): SetLink[] {
  const links: SetLink[] = [];
  for (const tag of SET_LINKS) {
    for (const field of dataFields(marc, tag)) {
      const link = readLink(field, 'set');
      if (link !== undefined) links.push(link);
    }
  }
  return links;
}

/** The record's bibliographic content written into `out` (see marc21/map.ts mapMarc21Into). */
export function mapUnimarcInto(marc: MarcRecord, out: Partial<MappedContent>, problems: Problems): void {
  const alternates = new AlternateScripts(marc);
  const languages = mapLanguages(marc);
  const { notes, contents } = mapNotes(marc, isNoteTag, '327');
  const f205 = dataFields(marc, '205')[0];
  const edition = f205 && joinPresent([clean(firstSubfield(f205, 'a')), clean(firstSubfield(f205, 'b'))], ', ');
  const extent = mapExtent(marc);
  mapTitle(marc, alternates, problems, out);
  mapPublication(marc, out);
  out.authors = mapAuthors(marc, alternates);
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
  out.links = mapSetLinks(marc);
  if (edition) out.edition = edition;
  if (extent) out.extent = extent;
}

export function mapUnimarc(marc: MarcRecord): MappedBib {
  return mappedWith(mapUnimarcInto, marc);
}
