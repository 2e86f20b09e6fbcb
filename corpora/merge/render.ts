/**
 * Renders one manifestation ("Book") as the record a given library would return, with the
 * cataloguing differences real catalogues show: MARC 21 (pinyin + 880 vernacular, ISBN-10,
 * full forenames, "c1988."), CNMARC (汉字, NSB/NSE non-sort title, ISBN-13, 第1版, initials),
 * iPac (subtitle inside the title, responsibility only, lower-case x, full-width digits,
 * no language code).
 */
import type { Author, BibRecord } from '../../src/records/model.ts';
import { bib, corporate, holding, hyphenated10, isbnEntry, person, pick } from './records.ts';
import { applyHardCase, renderCjkPart, type HardCase } from './render-hard.ts';
import { traditional } from './script.ts';

export interface Person {
  family: string;
  given: string;
  /** The name in 汉字/kanji (simplified), for Chinese and Japanese authors. */
  cjk?: string;
  dates?: string;
}

export interface Book {
  group: string;
  family: string;
  lang: 'eng' | 'chi' | 'jpn';
  title: string;
  roman?: string;
  subtitle?: string;
  authors: Person[];
  corporate?: string;
  year: number;
  edition?: number;
  publisher: string;
  romanPublisher?: string;
  place: string;
  isbn?: string;
  /** The ISBN as printed has a wrong check digit (every library copies the misprint). */
  misprintedIsbn?: string;
  part?: { set: string; number: number; name: string };
  /** A set record: its volumes' ISBNs, listed with "(v. N)" qualifiers. */
  setVolumes?: { number: number; isbn: string }[];
  electronic?: boolean;
  /** The print ISBN an e-book record lists beside its own. */
  printIsbn?: string;
  issn?: string;
  csbn?: string;
  lccn?: string;
  notes?: string[];
  subjects?: string[];
  libraries: string[];
  /** Per-library deviations that make a record hard to match (recall losses are expected). */
  yearOffAt?: string[];
  noIsbnAt?: string[];
  /** Hard-case features (render-hard.ts). */
  hard?: HardCase;
}

export const LIBRARY_STYLE: Record<string, 'marc21' | 'cnmarc' | 'ipac'> = {
  pku: 'marc21',
  thu: 'marc21',
  ccmu: 'marc21',
  ruc: 'cnmarc',
  bnu: 'cnmarc',
  bupt: 'cnmarc',
  nlc: 'cnmarc',
  shljp: 'cnmarc',
  shl: 'ipac',
};

const FULL_WIDTH = (s: string) => s.replace(/[0-9A-Za-z-]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const ORDINAL = ['', '1st', '2nd', '3rd', '4th', '5th', '6th'];
const LANG_NAME: Record<string, string> = { eng: '英文', chi: '中文', jpn: '日文' };

function latinName(p: Person, random: () => number, form: 'full' | 'initials' | 'direct'): string {
  if (form === 'direct') return `${p.given} ${p.family}`;
  if (form === 'initials') return `${p.family}, ${p.given.split(/[\s-]+/u).map((g) => `${g[0]}.`).join(' ')}`;
  const full = `${p.family}, ${p.given}${p.dates && random() < 0.4 ? `, ${p.dates}` : ''}`;
  return full.endsWith('.') ? full : `${full}.`;
}

function isbnFor(book: Book, style: 'marc21' | 'cnmarc' | 'ipac', random: () => number, qualifier?: string) {
  if (book.misprintedIsbn) return [isbnEntry(book.misprintedIsbn, qualifier)];
  if (!book.isbn) return [];
  const isbn = book.isbn;
  let written: string;
  if (style === 'marc21' && isbn.startsWith('978') && random() < 0.6) written = hyphenated10(isbn, book.lang === 'chi' ? [1, 4] : [1, 3]).replace(/-/gu, random() < 0.5 ? '-' : '');
  else if (style === 'cnmarc') written = `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 7)}-${isbn.slice(7, 12)}-${isbn.slice(12)}`;
  else written = random() < 0.5 ? (hyphenated10(isbn).toLowerCase()) : isbn;
  if (style === 'ipac' && random() < 0.2) written = FULL_WIDTH(written);
  return [isbnEntry(written, qualifier)];
}

function editionText(book: Book, style: 'marc21' | 'cnmarc' | 'ipac', random: () => number): string | undefined {
  const n = book.edition ?? 1;
  if (book.lang === 'eng') return n === 1 ? (random() < 0.2 ? '1st ed.' : undefined) : pick(random, [`${ORDINAL[n]} ed.`, `${ORDINAL[n]} edition`]);
  if (style === 'marc21') return n === 1 ? undefined : book.lang === 'jpn' ? `Dai ${n}-han` : `Di ${n} ban`;
  return n === 1 ? (random() < 0.6 ? '第1版' : undefined) : `第${n}版`;
}

function authorsFor(book: Book, style: 'marc21' | 'cnmarc' | 'ipac', random: () => number): Author[] {
  const out: Author[] = [];
  for (const p of book.authors) {
    if (book.lang === 'eng' || !p.cjk) out.push(person(latinName(p, random, style === 'marc21' ? 'full' : style === 'cnmarc' ? pick(random, ['full', 'initials'] as const) : pick(random, ['initials', 'full', 'direct'] as const))));
    else if (style === 'marc21') out.push(person(`${p.family}, ${p.given}`, { vernacular: random() < 0.5 ? traditional(p.cjk) : p.cjk }));
    else out.push(person(book.lang === 'jpn' && random() < 0.5 ? traditional(p.cjk) : p.cjk));
  }
  if (book.corporate) out.push(corporate(book.corporate));
  return out;
}

export function renderBook(book: Book, library: string, localId: string, random: () => number): BibRecord {
  const style = LIBRARY_STYLE[library] ?? 'cnmarc';
  const cjk = book.lang !== 'eng';
  const article = /^(The|A|An) /u.exec(book.title)?.[0] ?? '';
  const partQualifier = book.part ? `v. ${book.part.number}` : undefined;
  const fields: Partial<BibRecord> & Pick<BibRecord, 'id' | 'library' | 'title'> = {
    id: `${library}:${localId}`,
    library,
    format: style === 'ipac' ? 'ipac' : style === 'cnmarc' ? 'cnmarc' : 'marc21',
    title: book.part ? book.part.set : book.title,
    year: book.year + (book.yearOffAt?.includes(library) ? 1 : 0),
    publisher: style === 'marc21' && book.romanPublisher ? book.romanPublisher : book.publisher,
    place: book.place,
    materialType: book.electronic ? '电子资源' : book.issn ? '期刊' : '图书',
    isbns: book.noIsbnAt?.includes(library) ? [] : isbnFor(book, style, random, partQualifier),
    authors: authorsFor(book, style, random),
    notes: book.notes ?? [],
    subjects: book.subjects ?? [],
  };
  fields.sortTitle = fields.title;
  const yearText = String(fields.year);
  fields.yearText = style === 'marc21' ? pick(random, [`c${yearText}.`, `${yearText}.`]) : style === 'ipac' ? pick(random, [`c${yearText}`, yearText]) : yearText;
  const edition = editionText(book, style, random);
  if (edition) fields.edition = edition;
  const langKnown = style !== 'ipac' || random() < 0.5;
  fields.languages = langKnown ? [book.lang] : [];
  fields.languageNames = langKnown ? [LANG_NAME[book.lang] as string] : [];

  if (style === 'marc21' && cjk) {
    fields.title = book.roman ?? book.title;
    fields.sortTitle = fields.title;
    fields.vernacularTitle = random() < 0.5 ? traditional(book.title) : book.title;
  } else if (style === 'cnmarc' && article && !book.part) {
    // UNIMARC marks the article as non-sort (NSB/NSE); the mapper keeps it in `title` only.
    fields.sortTitle = book.title.slice(article.length);
  } else if (style === 'marc21' && article && !book.part && random() < 0.8) {
    fields.sortTitle = book.title.slice(article.length);
  }
  if (book.subtitle) {
    if (style === 'ipac') fields.title = `${fields.title} : ${book.subtitle}`;
    else if (style === 'marc21' || random() < 0.8) fields.subtitle = book.subtitle;
  }
  if (book.part && cjk) renderCjkPart(book, style, fields, random);
  else if (book.part) {
    const { number, name } = book.part;
    if (style === 'ipac') fields.title = `${fields.title}. ${pick(random, ['v.', 'Vol. '])}${number}: ${name}`;
    else {
      fields.partNumber = style === 'marc21' ? pick(random, [`v. ${number}`, `Vol. ${number}`]) : `v.${number}`;
      fields.partName = name;
    }
    fields.sortTitle = fields.title;
  }
  if (book.setVolumes) {
    fields.extent = 'v. : ill. ; 24 cm';
    fields.isbns = book.setVolumes.map((v) => isbnEntry(style === 'marc21' ? hyphenated10(v.isbn) : v.isbn, `v. ${v.number}`));
  }
  if (book.electronic && book.printIsbn && random() < 0.6) fields.isbns = [...(fields.isbns ?? []), isbnEntry(book.printIsbn, 'print')];
  if (style === 'ipac' && random() < 0.3 && book.authors.length > 0) {
    const first = book.authors[0] as Person;
    fields.responsibility = cjk && first.cjk ? `${first.cjk}著` : latinName(first, random, 'full');
    fields.authors = [];
  }
  if (book.issn) fields.issns = [book.issn];
  const otherIds: BibRecord['otherIds'] = [];
  if (book.csbn && style === 'cnmarc') otherIds.push({ scheme: 'csbn', value: random() < 0.5 ? book.csbn : book.csbn.replace('·', '.') });
  if (book.lccn && style === 'marc21') otherIds.push({ scheme: 'lccn', value: book.lccn });
  fields.otherIds = otherIds;
  const copies = 1 + Math.floor(random() * 2);
  fields.holdings = Array.from({ length: copies }, () => holding(library, random, book.part ? (cjk ? `第${book.part.number}${book.hard?.unit ?? '卷'}` : `v.${book.part.number}`) : undefined));
  if (book.hard) applyHardCase(book, library, style, fields, random);
  return bib(fields);
}
