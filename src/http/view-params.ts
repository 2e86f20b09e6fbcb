/**
 * How a client views a result set: page, sort and in-memory filters (no library is
 * asked again). Shared by /api/search and /api/results/:id. The zod schema is both the
 * validation and what the OpenAPI document lists for these parameters.
 */
import { z } from 'zod';
import { CATEGORIES } from '../config/schema.ts';
import type { Filters } from '../resultsets/view.ts';
import type { SortSpec } from '../merge/sort.ts';
import { fieldErrors } from './schemas/field-errors.ts';
import { badRequest } from './problem.ts';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 200;

export interface ViewParams {
  offset: number;
  limit: number;
  withMarc: boolean;
  /** Result lists carry each work's source records (records=1, or marc=1). */
  withRecords: boolean;
  sort: SortSpec;
  filters: Filters;
}

const once = { error: 'give this parameter once' };

/** A comma-separated list (ASCII or full-width commas); empty means no filter. */
function commaList<T extends z.ZodType<string, string>>(item: T, description: string) {
  return z
    .string(once)
    .transform((text) =>
      text
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item))
    .optional()
    .meta({ description });
}

const YEAR_RANGE = /^(\d{4})?-?(\d{4})?$/;

export const viewQuerySchema = z.object({
  offset: z.coerce.number({ error: 'a non-negative integer' }).int('a non-negative integer').min(0, 'a non-negative integer').default(0).meta({ description: 'First merged work of the page (0-based).' }),
  limit: z.coerce
    .number({ error: `an integer from 1 to ${MAX_PAGE}` })
    .int(`an integer from 1 to ${MAX_PAGE}`)
    .min(1, `an integer from 1 to ${MAX_PAGE}`)
    .max(MAX_PAGE, `an integer from 1 to ${MAX_PAGE}`)
    .default(DEFAULT_PAGE)
    .meta({ description: 'Merged works per page.' }),
  marc: z.enum(['0', '1'], { error: '1 (with each record’s MARC) or 0' }).optional().meta({ description: '1: each source record carries its MARC (and result lists carry each work’s source records, which they otherwise leave to /clusters/{clusterId}).' }),
  records: z.enum(['0', '1'], { error: '1 (each work with its source records) or 0' }).optional().meta({ description: '1: result lists carry each work’s source records (without MARC unless marc=1), which they otherwise leave to /clusters/{clusterId}.' }),
  sort: z.enum(['relevance', 'title', 'author', 'year'], { error: 'relevance, title, author or year' }).default('relevance'),
  order: z.enum(['asc', 'desc'], { error: 'asc or desc' }).optional(),
  'filter.library': commaList(z.string(), 'Library ids; works with a copy there.'),
  'filter.category': commaList(z.enum(CATEGORIES, { error: (issue) => `unknown category ${String(issue.input)}` }), `Library categories: ${CATEGORIES.join(', ')}.`),
  'filter.language': commaList(z.string(), 'Language codes (chi, eng…).'),
  'filter.decade': commaList(z.string(), 'Decades as the facet gives them (1980-1989, unknown).'),
  'filter.year': commaList(z.string().regex(YEAR_RANGE, 'YYYY, YYYY-YYYY, YYYY- or -YYYY').refine((s) => s !== '' && s !== '-', 'YYYY, YYYY-YYYY, YYYY- or -YYYY'), 'Years or ranges: YYYY, YYYY-YYYY, YYYY- or -YYYY.'),
  'filter.materialType': commaList(z.string(), 'Material types as the facet gives them.'),
  'filter.availability': z.enum(['eligible', 'not-eligible', 'available', 'any'], { error: 'eligible, not-eligible, available or any' }).optional(),
});

/** Query parameters that shape the view, not the search. */
const VIEW_PARAMS: ReadonlySet<string> = new Set(Object.keys(viewQuerySchema.shape));

function yearRange(range: string): { from?: number; to?: number } {
  const m = YEAR_RANGE.exec(range) as RegExpExecArray;
  const single = !range.includes('-');
  const from = m[1] ? Number(m[1]) : undefined;
  const to = single ? from : m[2] ? Number(m[2]) : undefined;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** The search parameters proper: a query without the view ones. */
export function withoutViewParams(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !VIEW_PARAMS.has(name)));
}

/** Throws as parseViewParams does for an invalid view parameter; a query without any has nothing to check (each has a default). */
export function checkViewParams(query: Record<string, unknown>): void {
  for (const name of Object.keys(query)) {
    if (VIEW_PARAMS.has(name)) {
      parseViewParams(query);
      return;
    }
  }
}

export function parseViewParams(query: Record<string, unknown>): ViewParams {
  const view = Object.fromEntries(Object.entries(query).filter(([name]) => VIEW_PARAMS.has(name)));
  const parsed = viewQuerySchema.safeParse(view);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error.issues, { topLevel: true }));
  const v = parsed.data;
  const sort: SortSpec = { field: v.sort };
  if (v.order) sort.direction = v.order;
  const filters: Filters = {};
  const lists = { libraries: v['filter.library'], categories: v['filter.category'], languages: v['filter.language'], decades: v['filter.decade'], materialTypes: v['filter.materialType'] };
  for (const [key, list] of Object.entries(lists)) if (list && list.length > 0) filters[key as keyof typeof lists] = list;
  const years = v['filter.year'];
  if (years && years.length > 0) filters.years = years.map(yearRange);
  if (v['filter.availability']) filters.availability = v['filter.availability'];
  return { offset: v.offset, limit: v.limit, withMarc: v.marc === '1', withRecords: v.records === '1' || v.marc === '1', sort, filters };
}
