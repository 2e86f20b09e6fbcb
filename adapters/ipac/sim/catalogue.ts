/**
 * The simulated OPAC's catalogue (fixtures/ipac/catalogue/*.json: the Shanghai Library's
 * records as iPac shows them, copies at several branches) and its search: keyword indexes
 * matched word by word (CJK by substring), pairs combined left to right by `oper`,
 * hits sorted by title like the seed's "排序以: 题名". Simulator only.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compactIsbn, toIsbn10, toIsbn13 } from '../../../src/identifiers/isbn.ts';

const text = z.string().min(1);
const itemSchema = z
  .object({
    branch: text,
    location: text,
    callNumber: text,
    status: text,
    /** 应还日期 of a copy on loan (YYYY-MM-DD). */
    due: z.string().optional(),
    type: text,
    barcode: text,
  })
  .strict();

const recordSchema = z
  .object({
    key: z.string().regex(/^\d+$/),
    title: text,
    responsibility: z.string().optional(),
    authors: z.array(text).default([]),
    edition: z.string().optional(),
    place: z.string().optional(),
    publisher: z.string().optional(),
    date: z.string().optional(),
    description: z.string().optional(),
    contents: z.array(text).default([]),
    subjects: z.array(text).default([]),
    series: z.array(text).default([]),
    notes: z.array(text).default([]),
    isbn: z.array(text).default([]),
    issn: z.array(text).default([]),
    callNumber: z.string().optional(),
    language: z.string().optional(),
    items: z.array(itemSchema).default([]),
  })
  .strict();

const catalogueSchema = z
  .object({
    $comment: z.string().optional(),
    /** "您正在查询: 上海市中心图书馆-上海图书馆目录" */
    name: text,
    /** The 馆址 whose copies the full display itself lists; the others are under 其它馆址. */
    mainBranch: text,
    records: z.array(recordSchema).min(1),
  })
  .strict();

export type SimItem = z.infer<typeof itemSchema>;
export type SimRecord = z.infer<typeof recordSchema>;
export type SimCatalogue = z.infer<typeof catalogueSchema>;

const DEFAULT_CATALOGUE = new URL('../../../fixtures/ipac/catalogue/shl.json', import.meta.url);

export function loadSimCatalogue(file: URL | string = DEFAULT_CATALOGUE): SimCatalogue {
  return catalogueSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function fold(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/u;

function isbnForms(value: string): string[] {
  const compact = compactIsbn(value);
  return compact ? [compact, toIsbn10(compact), toIsbn13(compact)].filter((x): x is string => x !== undefined) : [];
}

/** The texts each index searches (SHL codes, reference 04 §2). */
function indexTexts(record: SimRecord, index: string): string[] | undefined {
  const title = [record.title, ...record.series];
  switch (index.toUpperCase()) {
    case '.TW':
      return title;
    case '.AW':
      return [...record.authors, record.responsibility ?? ''];
    case '.SW':
      return record.subjects;
    case '.SE':
      return record.series;
    case '.PW':
      return [record.publisher ?? ''];
    case '.GW':
      return [...title, ...record.authors, record.responsibility ?? '', record.publisher ?? '', ...record.subjects, ...record.contents, ...record.notes];
    default:
      return undefined;
  }
}

function matchesTerm(record: SimRecord, index: string, term: string): boolean {
  const upper = index.toUpperCase();
  if (upper === 'ISBN' || upper === '.IB') {
    const wanted = isbnForms(term);
    return record.isbn.some((i) => isbnForms(i).some((f) => wanted.includes(f)));
  }
  if (upper === 'ISSN' || upper === '.IS') return record.issn.some((i) => i.replace(/[^\dX]/gi, '') === term.replace(/[^\dX]/gi, '').toUpperCase());
  if (upper === 'BIB') return record.key === term.trim();
  const texts = indexTexts(record, index);
  if (!texts) return false;
  const haystack = fold(texts.join(' '));
  const words = new Set(haystack.split(' '));
  const compact = haystack.replace(/ /g, '');
  const raw = term.normalize('NFKC').toLowerCase();
  return fold(term)
    .split(' ')
    .filter((w) => w !== '')
    .every((word) => {
      if (CJK.test(word)) return compact.includes(word);
      // Horizon-style right truncation with "?" (folded away above, so test the raw term).
      if (raw.includes(`${word}?`)) return [...words].some((w) => w.startsWith(word));
      return words.has(word);
    });
}

export interface SimCriterion {
  index: string;
  term: string;
  oper?: string;
}

/** Pairs applied left to right; sorted by title (leading article ignored, numbers in order), then by key. */
export function searchCatalogue(catalogue: SimCatalogue, criteria: readonly SimCriterion[]): SimRecord[] {
  let hits: SimRecord[] | undefined;
  for (const c of criteria) {
    const matched = catalogue.records.filter((r) => matchesTerm(r, c.index, c.term));
    if (!hits) hits = matched;
    else if (c.oper === 'or') hits = [...hits, ...matched.filter((m) => !hits?.includes(m))];
    else if (c.oper === 'not') hits = hits.filter((h) => !matched.includes(h));
    else hits = hits.filter((h) => matched.includes(h));
  }
  const sortKey = (r: SimRecord) => fold(r.title).replace(/^(?:the|a|an) /, '');
  return [...(hits ?? [])].sort((a, b) => sortKey(a).localeCompare(sortKey(b), 'en', { numeric: true }) || a.key.localeCompare(b.key));
}

export function findRecord(catalogue: SimCatalogue, key: string): SimRecord | undefined {
  return catalogue.records.find((r) => r.key === key);
}
