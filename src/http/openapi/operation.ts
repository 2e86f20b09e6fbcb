/**
 * One route as the OpenAPI document describes it. Each front end lists its own routes next to
 * its router (src/http/operations.ts, src/ill/operations.ts, src/sru/operations.ts,
 * src/ui/operations.ts), with the zod schemas its handlers validate with.
 */
import type { z } from 'zod';

/** Who may call: anyone, a signed-in reader (their own data), or a librarian. */
type Access = 'public' | 'reader' | 'librarian';

export interface OperationResponse {
  description: string;
  /** The body; its zod schema, or for text formats (XML, HTML, Prometheus) a plain string. */
  schema?: z.ZodType;
  /** Default application/json (application/problem+json for a 4xx/5xx with the Problem schema). */
  contentType?: string;
}

export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** Express style, `/api/results/:id`; `{:name}` marks an optional segment. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** Descriptions of the path parameters by name (each is a string). */
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, OperationResponse>;
}
