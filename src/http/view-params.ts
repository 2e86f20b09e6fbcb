/**
 * How a client views a result set: page, sort and in-memory filters (no library is
 * asked again). Shared by /api/search and /api/results/:id.
 */
import type { Request } from 'express';
import { CATEGORIES } from '../config/schema.ts';
import type { Filters } from '../resultsets/view.ts';
import type { SortSpec } from '../merge/sort.ts';
import { badRequest, type FieldError } from './problem.ts';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 200;

export interface ViewParams {
  offset: number;
  limit: number;
  withMarc: boolean;
  sort: SortSpec;
  filters: Filters;
}

/** Query parameters that shape the view, not the search. */
export const VIEW_PARAMS = new Set(['offset', 'limit', 'marc', 'sort', 'order', 'filter.library', 'filter.category', 'filter.language', 'filter.decade', 'filter.year', 'filter.materialType', 'filter.availability']);

function list(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseViewParams(query: Request['query']): ViewParams {
  const errors: FieldError[] = [];
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const offset = Number(text('offset') ?? '0');
  const limit = Number(text('limit') ?? String(DEFAULT_PAGE));
  if (!Number.isInteger(offset) || offset < 0) errors.push({ parameter: 'offset', detail: 'a non-negative integer' });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) errors.push({ parameter: 'limit', detail: `an integer from 1 to ${MAX_PAGE}` });

  const sortField = text('sort') ?? 'relevance';
  if (!['relevance', 'title', 'author', 'year'].includes(sortField)) errors.push({ parameter: 'sort', detail: 'relevance, title, author or year' });
  const order = text('order');
  if (order !== undefined && order !== 'asc' && order !== 'desc') errors.push({ parameter: 'order', detail: 'asc or desc' });
  const sort: SortSpec = { field: sortField as SortSpec['field'] };
  if (order === 'asc' || order === 'desc') sort.direction = order;

  const filters: Filters = {};
  const libraries = list(query['filter.library']);
  if (libraries) filters.libraries = libraries;
  const categories = list(query['filter.category']);
  if (categories) {
    const bad = categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
    if (bad.length > 0) errors.push({ parameter: 'filter.category', detail: `unknown category ${bad.join(', ')}` });
    filters.categories = categories;
  }
  const languages = list(query['filter.language']);
  if (languages) filters.languages = languages;
  const decades = list(query['filter.decade']);
  if (decades) filters.decades = decades;
  const materialTypes = list(query['filter.materialType']);
  if (materialTypes) filters.materialTypes = materialTypes;
  const years = list(query['filter.year']);
  if (years) {
    filters.years = years.map((range) => {
      const m = range.match(/^(\d{4})?-?(\d{4})?$/);
      if (!m || (!m[1] && !m[2])) {
        errors.push({ parameter: 'filter.year', detail: 'YYYY, YYYY-YYYY, YYYY- or -YYYY' });
        return {};
      }
      const single = !range.includes('-');
      const from = m[1] ? Number(m[1]) : undefined;
      const to = single ? from : m[2] ? Number(m[2]) : undefined;
      return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    });
  }
  const availability = text('filter.availability');
  if (availability !== undefined) {
    if (availability === 'eligible' || availability === 'not-eligible' || availability === 'available' || availability === 'any') filters.availability = availability;
    else errors.push({ parameter: 'filter.availability', detail: 'eligible, not-eligible, available or any' });
  }
  if (errors.length > 0) throw badRequest(errors);
  return { offset, limit, withMarc: query.marc === '1', sort, filters };
}
