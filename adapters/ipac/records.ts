/**
 * iPac displays to the record model. iPac gives display text, not MARC, so the record
 * is filled from ISBD-punctuated strings: "Title : subtitle / responsibility",
 * "Publisher, 1978-", author headings, and the labelled fields of the full display.
 */
import type { Holding } from '../../src/holdings/model.ts';
import { isbnEntry, issnEntry } from '../../src/records/mapping/identifiers.ts';
import { languageName } from '../../src/records/mapping/languages.ts';
import { clean, firstYear } from '../../src/records/mapping/text.ts';
import type { Author, BibRecord, Classification, Isbn, RecordWarning } from '../../src/records/model.ts';
import { splitPublication } from './html-pages.ts';
import { labelKey, type BriefRow, type FullDisplay } from './page.ts';
import type { FullLabels } from './settings.ts';

/** 语种 as SHL displays it → ISO 639-2/B. */
const LANGUAGE_NAMES: Record<string, string> = { 中文: 'chi', 英文: 'eng', 日文: 'jpn', 俄文: 'rus', 德文: 'ger', 法文: 'fre', chinese: 'chi', english: 'eng', japanese: 'jpn' };

function guessLanguage(title: string): string | undefined {
  if (/[\u3040-\u30ff]/u.test(title)) return 'jpn';
  if (/[\u4e00-\u9fff]/u.test(title)) return 'chi';
  return undefined;
}

/** "The Cambridge history of ancient China : from the origins… / Loewe, Michael." */
function splitTitle(text: string): { title: string; subtitle?: string; responsibility?: string } {
  const slash = text.indexOf(' / ');
  const main = slash >= 0 ? text.slice(0, slash) : text;
  const responsibility = slash >= 0 ? clean(text.slice(slash + 3)) : undefined;
  const colon = main.indexOf(' : ');
  const title = clean(colon >= 0 ? main.slice(0, colon) : main) ?? main.trim();
  const subtitle = colon >= 0 ? clean(main.slice(colon + 3)) : undefined;
  return { title, ...(subtitle ? { subtitle } : {}), ...(responsibility ? { responsibility } : {}) };
}

function sortKey(title: string): string {
  return title.replace(/^(?:the|a|an)\s+/i, '');
}

function author(name: string): Author {
  // Corporate headings rarely carry the "Surname, Forename" comma.
  const corporate = !name.includes(',') && /(?:university|press|society|学会|研究所|委员会|出版社|大学|图书馆)/iu.test(name);
  return { name: clean(name) ?? name, kind: corporate ? 'corporate' : 'personal' };
}

function baseRecord(library: string, key: string, titleText: string): BibRecord {
  const parts = splitTitle(titleText);
  const language = guessLanguage(titleText);
  const record: BibRecord = {
    id: `${library}:${key}`,
    library,
    localId: key,
    format: 'ipac',
    title: parts.title,
    sortTitle: sortKey(parts.title),
    authors: [],
    series: [],
    languages: language ? [language] : [],
    languageNames: language ? [languageName(language)] : [],
    isbns: [],
    issns: [],
    otherIds: [],
    materialType: '图书',
    subjects: [],
    classifications: [],
    notes: [],
    contents: [],
    links: [],
    holdings: [],
    warnings: [],
  };
  if (parts.subtitle) record.subtitle = parts.subtitle;
  if (parts.responsibility) record.responsibility = parts.responsibility;
  return record;
}

function setDate(record: BibRecord, date: string | undefined): void {
  const text = date?.replace(/\.$/, '').trim();
  if (!text) return;
  record.yearText = text;
  const year = firstYear(text);
  if (year !== undefined) record.year = year;
}

function addIsbns(record: BibRecord, values: readonly string[]): void {
  for (const value of values) {
    const entry: Isbn | undefined = isbnEntry(value);
    if (entry && !record.isbns.some((i) => (i.isbn13 ?? i.original) === (entry.isbn13 ?? entry.original))) record.isbns.push(entry);
  }
}

export function briefToRecord(row: BriefRow, library: string, charset: string): BibRecord {
  const record = baseRecord(library, row.key, row.title);
  record.charset = charset;
  if (row.author) record.authors.push(author(row.author));
  if (row.publisher) record.publisher = clean(row.publisher) ?? row.publisher;
  setDate(record, row.pubDate);
  if (row.isbn) addIsbns(record, [row.isbn]);
  const issn = issnEntry(row.issn);
  if (issn) record.issns.push(issn);
  return record;
}

/** The full display over the brief row (whose title/author stand in for missing fields). */
export function fullToRecord(full: FullDisplay, brief: BriefRow | undefined, labels: FullLabels, library: string, charset: string, holdings: Holding[], warnings: RecordWarning[]): BibRecord {
  const get = (name: keyof FullLabels) => full.fields.get(labelKey(labels[name])) ?? [];
  const titleText = get('title')[0] ?? full.title ?? brief?.title ?? '';
  const record = baseRecord(library, full.key, titleText);
  record.charset = charset;
  const names = [...get('author'), ...(full.fields.get('#author') ?? [])];
  const authors = names.length > 0 ? names : brief?.author ? [brief.author] : [];
  for (const name of authors) if (!record.authors.some((a) => a.name === clean(name))) record.authors.push(author(name));

  const publication = get('publication')[0];
  const split = publication ? splitPublication(publication) : {};
  const publisher = split.publisher ?? full.fields.get('#publisher')?.[0] ?? brief?.publisher;
  if (publisher) record.publisher = clean(publisher) ?? publisher;
  setDate(record, split.pubDate ?? full.fields.get('#pubdate')?.[0] ?? brief?.pubDate);
  const place = clean(get('place')[0]);
  if (place) record.place = place;
  const extent = get('description')[0]?.trim();
  if (extent) record.extent = extent;
  record.contents.push(...get('contents'));
  record.subjects.push(...get('subject').map((s) => clean(s.replace(/\s*--\s*/g, ' -- ')) ?? s));
  record.notes.push(...get('notes'));
  for (const title of get('series')) record.series.push({ kind: 'series', title: clean(title) ?? title });
  addIsbns(record, [...get('isbn'), ...(brief?.isbn ? [brief.isbn] : [])]);
  for (const value of get('issn')) {
    const issn = issnEntry(value);
    if (issn && !record.issns.includes(issn)) record.issns.push(issn);
  }
  const callNumber = get('callNumber')[0]?.trim();
  if (callNumber) {
    // SHL call numbers start with the 中图法 class: K20/C178/ → K20.
    const cls = /^([A-Z][A-Z0-9.-]*)\//.exec(callNumber)?.[1];
    if (cls) record.classifications.push({ scheme: 'clc', value: cls, source: `索书号 ${callNumber}` } satisfies Classification);
    record.notes.push(`索书号: ${callNumber}`);
  }
  const languages = get('language')
    .map((l) => LANGUAGE_NAMES[l.trim().toLowerCase()] ?? LANGUAGE_NAMES[l.trim()])
    .filter((l): l is string => l !== undefined);
  if (languages.length > 0) {
    record.languages = [...new Set(languages)];
    record.languageNames = record.languages.map(languageName);
  }
  record.holdings = holdings;
  record.warnings = warnings;
  return record;
}
