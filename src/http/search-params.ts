/**
 * Turns the JSON API's query string into the query model and a library selection,
 * collecting every problem (named by parameter) instead of stopping at the first.
 */
import { CATEGORIES, type Category, type LibraryConfig } from '../config/schema.ts';
import { CqlError } from '../query/cql/errors.ts';
import { parseCqlToQuery } from '../query/cql/to-query.ts';
import type { QueryNode, SearchField, TermNode } from '../query/model.ts';
import { compactTypedIdentifier, isTooBroadTerm, normalizeTypedTerm } from '../query/typed-terms.ts';
import { expectedIsbnCheckDigit } from '../identifiers/isbn.ts';
import { badRequest, type FieldError } from './problem.ts';
import { fieldErrors } from './schemas/field-errors.ts';
import { z } from 'zod';

const MAX_TERM_LENGTH = 500;

const FIELD_PARAMS = {
  title: 'title',
  author: 'author',
  publisher: 'publisher',
  isbn: 'isbn',
  issn: 'issn',
  subject: 'subject',
  q: 'keyword',
} as const satisfies Record<string, SearchField>;
/** CQL may say more than the fields (NOT, nesting), so it gets a larger budget than one term. */
const MAX_CQL_LENGTH = 2000;

const once = { error: 'give this parameter once' };
const longer = (max: number) => `longer than ${max} characters`;
const term = (description: string) => z.string(once).max(MAX_TERM_LENGTH, longer(MAX_TERM_LENGTH)).optional().meta({ description });
const text = (description: string) => z.string(once).optional().meta({ description });
const TERM_FORMS = '"…" for a phrase, a trailing * truncates';

/**
 * The search parameters: what each is and the checks on its own value. What a value means
 * (an ISBN's digits, a year range, CQL, a configured library id) is read in parseSearchParams,
 * after this schema passed. The OpenAPI document lists the parameters from this schema.
 */
export const searchQuerySchema = z.object({
  title: term(`Title words (${TERM_FORMS}).`),
  author: term(`Author (${TERM_FORMS}).`),
  publisher: term(`Publisher (${TERM_FORMS}).`),
  isbn: term('ISBN-10 or ISBN-13, hyphens allowed; a wrong check digit is searched as typed, with a warning.'),
  issn: term('ISSN NNNN-NNNX.'),
  subject: term(`Subject (${TERM_FORMS}).`),
  q: term(`Any field (${TERM_FORMS}).`),
  year: text('YYYY or a range YYYY-YYYY (either side may be open); not alone.'),
  cql: z.string(once).max(MAX_CQL_LENGTH, longer(MAX_CQL_LENGTH)).optional().meta({ description: 'CQL (dc.*, bath.*), ANDed with the field parameters: what they cannot say (NOT, nesting).' }),
  op: z.enum(['and', 'or'], { error: 'use "and" or "or" to combine the fields' }).optional().meta({ description: 'How the field parameters combine (default and).' }),
  libraries: text('Library ids, comma-separated (GET /api/libraries lists them); default all.'),
  category: text(`Library categories, comma-separated: ${CATEGORIES.join(', ')}.`),
  lang: z.enum(['zh', 'en']).optional().meta({ description: 'Language of messages (else Accept-Language).' }),
});

type SearchQuery = z.infer<typeof searchQuerySchema>;
const SEARCH_PARAMS = Object.keys(searchQuerySchema.shape);

/** Chinese texts of the schema's messages. */
const ZH: Record<string, string> = {
  [longer(MAX_TERM_LENGTH)]: `超过 ${MAX_TERM_LENGTH} 个字符`,
  'use "and" or "or" to combine the fields': '用 "and" 或 "or" 组合检索项',
};

/** Something the reader should know about the search as sent (a wrong ISBN check digit). */
export interface SearchWarning {
  parameter: string;
  message: string;
  zh: string;
}

export interface SearchSelection {
  query: QueryNode;
  libraries: LibraryConfig[];
  warnings: SearchWarning[];
}

type Params = Record<string, unknown>;

/** `"exact phrase"` → phrase; trailing `*` → right truncation; else all words. */
function termFromText(field: SearchField, raw: string): TermNode {
  let value = raw.trim();
  let mode: TermNode['mode'] = 'words';
  const quoted = value.match(/^["“”「](.*)["“”」]$/s);
  if (quoted) {
    mode = 'phrase';
    value = (quoted[1] ?? '').trim();
  }
  const term: TermNode = { kind: 'term', field, value, mode };
  if (value.length > 1 && value.endsWith('*') && !value.endsWith('\\*')) {
    term.value = value.slice(0, -1).trimEnd();
    term.truncation = 'right';
  }
  return term;
}

function parseYear(text: string, errors: FieldError[]): QueryNode | undefined {
  const match = text.trim().match(/^(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?$/);
  if (!match || (!match[1] && !match[3])) {
    errors.push({ parameter: 'year', detail: 'expected YYYY or a range YYYY-YYYY (either side may be open)' });
    return undefined;
  }
  const from = match[1] ? Number(match[1]) : undefined;
  const to = match[2] ? (match[3] ? Number(match[3]) : undefined) : from;
  if (from !== undefined && to !== undefined && from > to) {
    errors.push({ parameter: 'year', detail: `range start ${from} is after its end ${to}` });
    return undefined;
  }
  const node: QueryNode = { kind: 'yearRange' };
  if (from !== undefined) node.from = from;
  if (to !== undefined) node.to = to;
  return node;
}

export function parseSearchParams(params: Params, all: readonly LibraryConfig[]): SearchSelection {
  const errors: FieldError[] = [];
  for (const name of Object.keys(params)) {
    // `_…` is the client's own (a cache buster); anything else unknown is a typo worth naming.
    if (!SEARCH_PARAMS.includes(name) && !name.startsWith('_')) errors.push({ parameter: name, detail: `unknown parameter; use ${SEARCH_PARAMS.join(', ')}` });
  }
  const parsed = searchQuerySchema.safeParse(Object.fromEntries(Object.entries(params).filter(([name]) => SEARCH_PARAMS.includes(name))));
  if (!parsed.success) errors.push(...fieldErrors(parsed.error.issues, { topLevel: true, zh: ZH }));
  // The parameters that passed are still read, so one request's problems are all named at once.
  const p = parsed.success ? parsed.data : (Object.fromEntries(Object.entries(params).filter(([name, v]) => typeof v === 'string' && !errors.some((e) => e.parameter === name))) as SearchQuery);

  const nodes: QueryNode[] = [];
  const warnings: SearchWarning[] = [];
  for (const [name, field] of Object.entries(FIELD_PARAMS) as [keyof typeof FIELD_PARAMS, SearchField][]) {
    const raw = p[name];
    if (raw === undefined || raw === '') continue;
    const term = termFromText(field, normalizeTypedTerm(raw));
    if (isTooBroadTerm(term.value)) {
      errors.push({ parameter: name, ...TOO_BROAD_TERM });
      continue;
    }
    if (field === 'isbn' || field === 'issn') {
      term.value = compactTypedIdentifier(term.value);
      const shape = field === 'isbn' ? /^(\d{9}[\dX]|\d{13})$/ : /^\d{7}[\dX]$/;
      if (!shape.test(term.value)) {
        errors.push(
          field === 'isbn'
            ? { parameter: name, detail: 'an ISBN has 10 or 13 digits (hyphens allowed)', zh: 'ISBN 应为 10 位或 13 位数字（可带连字符）' }
            : { parameter: name, detail: 'an ISSN has 8 characters (NNNN-NNNX)', zh: 'ISSN 应为 8 位（NNNN-NNNX）' },
        );
        continue;
      }
      const expected = field === 'isbn' ? expectedIsbnCheckDigit(term.value) : undefined;
      // Searched exactly as typed (never "corrected" into another book's number), but said.
      if (expected !== undefined)
        warnings.push({ parameter: name, message: `isbn ${term.value}: check digit should be ${expected}`, zh: `ISBN ${term.value}：校验位应为 ${expected}` });
    }
    nodes.push(term);
  }
  if (p.year !== undefined && p.year.trim() !== '') {
    const year = parseYear(normalizeTypedTerm(p.year), errors);
    if (year) nodes.push(year);
  }
  // `cql=` carries what the field parameters cannot say (NOT, nesting); it is ANDed with them.
  const cqlNode = p.cql !== undefined && p.cql.trim() !== '' ? parseCqlParam(p.cql, errors) : undefined;
  const op = p.op ?? 'and';
  if (nodes.length === 0 && cqlNode === undefined && errors.length === 0) {
    errors.push({ parameter: 'q', detail: 'give at least one of title, author, publisher, isbn, issn, subject, q, year, cql', zh: '请至少填写题名、著者、出版者、ISBN、ISSN、主题、关键词、年份或 CQL 之一' });
  } else if (cqlNode === undefined && nodes.length > 0 && nodes.every((n) => n.kind === 'yearRange')) {
    errors.push({ parameter: 'year', detail: 'a year alone is too broad: add a title, author or other term', zh: '仅有年份，检索范围过大：请加上题名、著者或其他检索词' });
  }

  const libraries = selectLibraries(p, all, errors);
  if (errors.length > 0) throw badRequest(errors);
  const fields = nodes.length > 0 ? nodes.reduce((left, right) => ({ kind: op, left, right })) : undefined;
  const query: QueryNode = fields && cqlNode ? { kind: 'and', left: fields, right: cqlNode } : (fields ?? (cqlNode as QueryNode));
  return { query, libraries, warnings };
}

/** One rule for every search that would match everything (`*`, a lone truncation, nothing left after normalization). */
const TOO_BROAD_TERM = {
  detail: 'too broad: the term has no letter or digit left (a lone * or ? matches everything); add a word',
  zh: '检索范围过大：检索词中没有字母或数字（单独的 * 或 ? 会匹配全部记录），请输入检索词',
};

/** CQL through the gateway's own parser; its message (with the position) is the detail. */
function parseCqlParam(text: string, errors: FieldError[]): QueryNode | undefined {
  try {
    return parseCqlToQuery(text);
  } catch (error) {
    if (!(error instanceof CqlError)) throw error;
    errors.push({ parameter: 'cql', detail: error.details === undefined ? error.message : `${error.message}: ${error.details}` });
    return undefined;
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function selectLibraries({ libraries: idsText, category: categoryText }: { libraries?: string | undefined; category?: string | undefined }, all: readonly LibraryConfig[], errors: FieldError[]): LibraryConfig[] {
  let chosen = [...all];
  if (idsText !== undefined && idsText.trim() !== '') {
    const ids = splitList(idsText);
    const known = new Map(all.map((l) => [l.id, l]));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) errors.push({ parameter: 'libraries', detail: `unknown library id: ${unknown.join(', ')} (GET /api/libraries lists them)` });
    chosen = chosen.filter((l) => ids.includes(l.id));
  }
  if (categoryText !== undefined && categoryText.trim() !== '') {
    const categories = splitList(categoryText);
    const bad = categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
    if (bad.length > 0) errors.push({ parameter: 'category', detail: `unknown category ${bad.join(', ')}; use ${CATEGORIES.join(', ')}` });
    chosen = chosen.filter((l) => categories.includes(l.category as Category));
  }
  if (chosen.length === 0 && errors.length === 0) errors.push({ parameter: 'libraries', detail: 'the selection matches no library' });
  return chosen;
}
