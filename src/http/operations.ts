/** The JSON API's own routes (app.ts) as the OpenAPI document describes them. */
import { z } from 'zod';
import type { Operation } from './openapi/operation.ts';
import { breakerSchema, clusterSchema, copyRecheckSchema, librariesSchema, problemSchema, recordSchema, resultPageSchema, searchAnswerSchema } from './schemas/responses.ts';
import { copyRecheckQuerySchema } from './copy-recheck.ts';
import { searchQuerySchema } from './search-params.ts';
import { viewQuerySchema } from './view-params.ts';

const marcOnly = z.object({ marc: viewQuerySchema.shape.marc });
const notFound = { description: 'No such result set (expired: search again), or nothing by that id in it', schema: problemSchema };
const resultSetId = { id: 'A result set id from a search (resultSetId).' };

export const API_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Up: the process answers',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok'), libraries: z.number().int() }) } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Ready: the config is loaded and every store answers',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'Ready', schema: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.enum(['ok', 'failing'])) }) },
      503: { description: 'Not ready (a store fails, or the gateway is shutting down)', schema: z.object({ status: z.literal('not ready'), checks: z.record(z.string(), z.enum(['ok', 'failing'])) }) },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (no reader data, no query text)',
    tag: 'operations',
    access: 'librarian',
    responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain; version=0.0.4' } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  },
  {
    method: 'get',
    path: '/api/libraries',
    summary: 'The member libraries (with recent health, for librarians)',
    tag: 'search',
    access: 'public',
    responses: { 200: { description: 'Libraries, stores and union catalogue members', schema: librariesSchema } },
  },
  {
    method: 'post',
    path: '/api/libraries/:id/retry',
    summary: 'Probe a library now instead of waiting for its circuit breaker’s next probe',
    tag: 'search',
    access: 'librarian',
    pathParams: { id: 'A library id.' },
    responses: {
      200: { description: 'The breaker after the probe', schema: z.object({ library: z.string(), breaker: breakerSchema }) },
      404: { description: 'No such library', schema: problemSchema },
      409: { description: 'The library is suspended or has no breaker', schema: problemSchema },
    },
  },
  {
    method: 'get',
    path: '/api/search',
    summary: 'Search the selected libraries; answers with the first page once every library has answered or timed out',
    tag: 'search',
    access: 'public',
    query: searchQuerySchema.extend(viewQuerySchema.shape),
    responses: {
      200: { description: 'The first page of the new (or reused) result set', schema: searchAnswerSchema },
      503: { description: 'The gateway is busy (Retry-After says when to ask again)', schema: problemSchema },
    },
  },
  {
    method: 'get',
    path: '/api/search/stream',
    summary: 'The same search as Server-Sent Events: start, library (per state change), clusters, done, error, restart',
    tag: 'search',
    access: 'public',
    query: searchQuerySchema.extend(viewQuerySchema.shape),
    responses: {
      200: { description: 'An SSE stream; the done event carries the page as /api/search answers it', contentType: 'text/event-stream' },
      503: { description: 'The gateway is busy (Retry-After says when to ask again)', schema: problemSchema },
    },
  },
  {
    method: 'get',
    path: '/api/results/:id',
    summary: 'Another view of a result set (page, sort, filters); no library is asked again',
    tag: 'search',
    access: 'public',
    pathParams: resultSetId,
    query: viewQuerySchema,
    responses: { 200: { description: 'One page', schema: resultPageSchema }, 404: notFound },
  },
  {
    method: 'get',
    path: '/api/results/:id/clusters/:clusterId',
    summary: 'One merged work of a result set',
    tag: 'search',
    access: 'public',
    pathParams: { ...resultSetId, clusterId: 'A cluster id from the result set.' },
    query: marcOnly,
    responses: { 200: { description: 'The merged work with its records and holdings', schema: clusterSchema }, 404: notFound },
  },
  {
    method: 'post',
    path: '/api/results/:id/clusters/:clusterId/recheck',
    summary: 'Ask every library holding the work (or one of them) for its copies again, live',
    tag: 'search',
    access: 'librarian',
    pathParams: { ...resultSetId, clusterId: 'A cluster id from the result set.' },
    query: z.object({ library: z.string().optional().meta({ description: 'Only this library’s records of the work.' }) }),
    responses: { 200: { description: 'The merged work with its holdings as just asked (holdingsRecheck says per library)', schema: clusterSchema }, 404: notFound },
  },
  {
    method: 'post',
    path: '/api/results/:id/records/:recordId/recheck',
    summary: 'Ask the library for one copy of a source record again, live (found again by barcode, else position)',
    tag: 'search',
    access: 'librarian',
    pathParams: { ...resultSetId, recordId: 'A source record id, library:localId.' },
    query: copyRecheckQuerySchema,
    responses: {
      200: { description: 'The copy as the library lists it now, or the state that says why not (no longer listed, library not answering)', schema: copyRecheckSchema },
      400: { description: 'No copy named (barcode or copy), or both', schema: problemSchema },
      404: notFound,
    },
  },
  {
    method: 'get',
    path: '/api/results/:id/records/:recordId',
    summary: 'One source record of a result set, as its library sent it',
    tag: 'search',
    access: 'public',
    pathParams: { ...resultSetId, recordId: 'A source record id, library:localId.' },
    query: marcOnly,
    responses: { 200: { description: 'The source record', schema: recordSchema }, 404: notFound },
  },
];
