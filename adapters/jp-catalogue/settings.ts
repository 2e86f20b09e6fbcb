/**
 * Settings of the Shanghai Library's Japanese-book catalogue (日文书目数据库), the `settings`
 * block of a library whose adapter is "jp-catalogue". The service's interface is not
 * published; what is assumed is described in adapters/jp-catalogue/README.md.
 */
import { z } from 'zod';
import { DEFAULT_TIMEOUTS, charsetSchema, timeoutsSchema } from '../../src/adapter-api/settings.ts';
import { SEARCH_FIELDS } from '../../src/query/model.ts';
import { JAPANESE_CHARSETS } from './encoding.ts';

/** Our query fields → the catalogue's field names (its 2.3 检索字段); null = the catalogue has no such field. */
export const DEFAULT_FIELDS = {
  title: 'title',
  author: 'author',
  publisher: 'publisher',
  isbn: 'isbn',
  issn: null,
  subject: 'subject',
  keyword: 'any',
  year: 'year',
} as const;

export const jpCatalogueSettingsSchema = z
  .object({
    /** Base URL; `search` and `export` are resolved against it (http://host:8080/jpcat/). */
    url: z.url({ protocol: /^https?$/ }),
    /** Charset of the exported ISO 2709 records; wins over the HTTP label and the records' 100$a. */
    charset: charsetSchema.optional(),
    /** Charset the search form's terms are percent-encoded in. */
    queryCharset: z.enum(JAPANESE_CHARSETS).default('utf-8'),
    /** Most records one search page may ask for (the catalogue's `rows`). */
    maxRows: z.number().int().min(1).max(100).default(20),
    /** Rows of the advanced-search form (f1/q1 … fN/qN). */
    maxCriteria: z.number().int().min(2).max(10).default(5),
    fields: z.partialRecord(z.enum(SEARCH_FIELDS), z.string().min(1).nullable()).default({}),
    timeouts: timeoutsSchema.default(DEFAULT_TIMEOUTS),
    maxResponseBytes: z.number().int().positive().default(20 * 1024 * 1024),
  })
  .strict();

export type JpCatalogueSettings = z.infer<typeof jpCatalogueSettingsSchema>;

export function fieldName(settings: JpCatalogueSettings, field: keyof typeof DEFAULT_FIELDS): string | null {
  const configured = settings.fields[field];
  return configured === undefined ? DEFAULT_FIELDS[field] : configured;
}
