/**
 * The merged record of a cluster: one value per field, chosen by rule, so the display and
 * the draft ILL request get the most complete description the libraries have between them.
 *
 * - title block (title, subtitle, part number/name, responsibility): from one record, the
 *   most complete (part info, subtitle, length), in the cluster's own script (汉字 over pinyin);
 * - year: the earliest reliable one ("[1988?]" and "19--" are not reliable);
 * - edition, publisher, place, extent, material type: the value most records agree on;
 * - ISBNs, ISSNs, other ids, subjects, classifications, notes, contents, series, links,
 *   languages: the union; authors: the fullest list, completed from the others.
 */
import type { Author, BibRecord, Classification, Isbn, SetLink } from '../records/model.ts';
import type { RecordProfile } from './keys.ts';
import { nameKey } from './names.ts';
import { compact, foldText, hasCjk } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';
import type { MergedRecord } from './types.ts';

/** A value's comparison key (folded, spaces removed), remembered per text: every library holding a work sends the same values. */
const foldedKey = memoByText((text) => compact(foldText(text)));

const FORMAT_RANK: Record<string, number> = { marc21: 0, cnmarc: 1, unimarc: 2, ipac: 3, dc: 4, other: 5 };
const CJK_LANGS = new Set(['chi', 'jpn', 'kor']);

function byFormatThenId(a: BibRecord, b: BibRecord): number {
  return (FORMAT_RANK[a.format] ?? 9) - (FORMAT_RANK[b.format] ?? 9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function titleScore(record: BibRecord, lang: string): number {
  let score = 0;
  if (record.partNumber) score += 4;
  if (record.partName) score += 4;
  if (record.subtitle) score += 2;
  if (record.responsibility) score += 1;
  // A Chinese book is shown in 汉字, not in its pinyin romanization.
  if (CJK_LANGS.has(lang) && !hasCjk(record.title)) score -= 20;
  return score + Math.min(record.title.length, 200) / 1000;
}

function mostCommon(records: readonly BibRecord[], pick: (r: BibRecord) => string | undefined): { value: string; from: string } | undefined {
  if (records.length === 1) {
    // Five fields of every one-record cluster: no count to keep.
    const record = records[0] as BibRecord;
    const value = pick(record);
    return value ? { value, from: record.id } : undefined;
  }
  const counts = new Map<string, { value: string; from: string; count: number }>();
  for (const record of records) {
    const value = pick(record);
    if (!value) continue;
    const key = foldedKey(value);
    const entry = counts.get(key);
    if (entry) {
      entry.count++;
      if (value.length > entry.value.length) Object.assign(entry, { value, from: record.id });
    } else counts.set(key, { value, from: record.id, count: 1 });
  }
  let best: { value: string; from: string; count: number } | undefined;
  for (const entry of counts.values()) {
    if (!best || entry.count > best.count || (entry.count === best.count && entry.value.length > best.value.length)) best = entry;
  }
  return best && { value: best.value, from: best.from };
}

/** The most frequent value; ties go to the smallest, so arrival order never matters. */
function majority(values: readonly string[]): string | undefined {
  if (values.length === 1) return values[0];
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** The first of the longest values. */
function longest(values: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const v of values) if (best === undefined || v.length > best.length) best = v;
  return best;
}

const UNCERTAIN_YEAR = /\?|\d{2}--|\d{3}-(?!\d)|[[［]/u;

function reliableYear(record: BibRecord, latest: number): boolean {
  if (record.year === undefined) return false;
  if (record.year < 1000 || record.year > latest) return false;
  return !UNCERTAIN_YEAR.test(record.yearText ?? '');
}

/** The union of one list of every record, each value once by its key, in record order. */
function unionBy<T>(records: readonly BibRecord[], list: (record: BibRecord) => readonly T[], key: (value: T) => string): T[] {
  // A one-record cluster's list of none or one value (most lists of most clusters of a search).
  if (records.length === 1) {
    const only = list(records[0] as BibRecord);
    if (only.length < 2) return [...only];
  }
  const seen = new Set<string>();
  const out: T[] = [];
  for (const record of records) {
    for (const value of list(record)) {
      const k = key(value);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(value);
    }
  }
  return out;
}

function mergeAuthors(records: readonly BibRecord[]): { authors: Author[]; from?: string } {
  // The fullest list; ties to the first in format-then-id order (records come in that order).
  let base: BibRecord | undefined;
  for (const r of records) if (base === undefined || r.authors.length > base.authors.length) base = r;
  if (!base) return { authors: [] };
  const authors = base.authors.map((a) => ({ ...a }));
  // Each name keyed once (the list is compared with every record's authors).
  const keys = authors.map((a) => nameKey(a.name, a.kind));
  for (const record of records) {
    for (const author of record.authors) {
      const key = nameKey(author.name, author.kind);
      const index = authors.findIndex((a, i) => keys[i] === key || (a.vernacular !== undefined && a.vernacular === author.name));
      const same = authors[index];
      if (!same) {
        authors.push({ ...author });
        keys.push(key);
      } else if (!same.vernacular && author.vernacular) same.vernacular = author.vernacular;
    }
  }
  return { authors, from: base.id };
}

export function buildMerged(records: readonly BibRecord[], profiles: readonly RecordProfile[]): MergedRecord {
  const sorted = [...records].sort(byFormatThenId);
  const lang = majority(profiles.map((p) => p.lang)) ?? 'und';
  // The best title block: highest score, ties to the first in format-then-id order (each record scored once, not per comparison).
  let head = sorted[0] as BibRecord;
  let headScore = titleScore(head, lang);
  for (const r of sorted) {
    const score = titleScore(r, lang);
    if (score > headScore) [head, headScore] = [r, score];
  }
  const sources: Record<string, string> = { title: head.id };

  const merged: MergedRecord = {
    title: head.title,
    sortTitle: head.sortTitle,
    authors: [],
    series: unionBy<SetLink>(sorted, (r) => r.series, (s) => `${foldedKey(s.title)}|${s.volume ?? ''}`),
    languages: unionBy(sorted, (r) => r.languages, String),
    languageNames: [],
    isbns: unionBy<Isbn>(
      sorted,
      (r) => (r.isbns.length < 2 ? r.isbns : [...r.isbns].sort((a, b) => Number(a.cancelled ?? false) - Number(b.cancelled ?? false) || Number(b.valid) - Number(a.valid))),
      (i) => i.isbn13 ?? compact(i.original),
    ),
    issns: unionBy(sorted, (r) => r.issns, String),
    otherIds: unionBy(sorted, (r) => r.otherIds, (i) => `${i.scheme}|${i.value}`),
    materialType: mostCommon(sorted, (r) => r.materialType)?.value ?? head.materialType,
    subjects: unionBy(sorted, (r) => r.subjects, foldedKey),
    classifications: unionBy<Classification>(sorted, (r) => r.classifications, (c) => `${c.scheme}|${c.value}`),
    notes: unionBy(sorted, (r) => r.notes, foldedKey),
    contents: unionBy(sorted, (r) => r.contents, foldedKey),
    links: unionBy<SetLink>(sorted, (r) => r.links, (s) => `${s.kind}|${foldedKey(s.title)}|${s.volume ?? ''}`),
    recordIds: sorted.map((r) => r.id).sort(),
    volume: longest(profiles.map((p) => p.volume)) ?? '',
    sources,
  };
  const names = new Map<string, string>();
  for (const r of sorted) r.languages.forEach((code, i) => names.has(code) || names.set(code, r.languageNames[i] ?? code));
  merged.languageNames = merged.languages.map((code) => names.get(code) ?? code);
  for (const field of ['subtitle', 'partNumber', 'partName', 'responsibility'] as const) {
    const value = head[field];
    if (value) merged[field] = value;
  }
  const vernacular = sorted.find((r) => r.vernacularTitle && r.vernacularTitle !== head.title);
  if (vernacular?.vernacularTitle) {
    merged.vernacularTitle = vernacular.vernacularTitle;
    sources.vernacularTitle = vernacular.id;
  } else if (head.vernacularTitle) merged.vernacularTitle = head.vernacularTitle;

  const authors = mergeAuthors(sorted);
  merged.authors = authors.authors;
  if (authors.from) sources.authors = authors.from;

  // Up to next year (a book catalogued before its imprint year); read once per work, not per record.
  const latest = new Date().getFullYear() + 1;
  const dated = sorted.filter((r) => reliableYear(r, latest));
  // The earliest year; ties to the first in format-then-id order.
  let yearSource: BibRecord | undefined;
  for (const r of dated.length > 0 ? dated : sorted) if (r.year !== undefined && (yearSource === undefined || r.year < (yearSource.year as number))) yearSource = r;
  if (yearSource?.year !== undefined) {
    merged.year = yearSource.year;
    if (yearSource.yearText) merged.yearText = yearSource.yearText;
    sources.year = yearSource.id;
  }
  for (const field of ['edition', 'publisher', 'place', 'extent'] as const) {
    const best = mostCommon(sorted, (r) => r[field]);
    if (best) {
      merged[field] = best.value;
      sources[field] = best.from;
    }
  }
  return merged;
}
