/**
 * /openapi.json: a valid OpenAPI 3.1 document, generated from the schemas the routes validate
 * with, that matches the running app in both directions — every route mounted in the express
 * app (its own, SRU, ILL, UI) is described, and every described path and method is answered
 * by a route (not by the 404 for unknown routes). Real answers parse with the same schemas.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { clusterSchema, draftListSchema, draftSchema, librariesSchema, libraryProgressSchema, libraryStatusSchema, problemSchema, recordSchema, resultPageSchema, searchAnswerSchema } from '../../../src/http/schemas/responses.ts';
import type { RunningGateway } from '../../../src/server.ts';
import { startSimulatedGateway } from '../../helpers/demo-gateway.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string;
}

/** Each route of the app as "METHOD /openapi/{style}"; a router without routes (SRU) as "* /prefix". */
function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) out.push(`${method === '_all' ? '*' : method} ${path}`);
      } else if (layer.handle.stack) {
        const mount = layer.rawPath === '/' || layer.rawPath === undefined ? prefix : `${prefix}${layer.rawPath}`;
        if (layer.handle.stack.some((l) => l.route || l.handle.stack)) walk(layer.handle.stack, mount);
        else out.push(`* ${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

async function answer(url: string, method: string, body?: string) {
  const res = await request(url, { method: method.toUpperCase(), ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
  const text = await res.body.text();
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), text };
}

function parses(schema: z.ZodType, body: unknown): void {
  const result = schema.safeParse(body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
}

describe('/openapi.json', () => {
  let gw: RunningGateway;
  let doc: Doc;
  beforeAll(async () => {
    gw = await startSimulatedGateway([{ id: 'pku' }, { id: 'bnu' }]);
    const res = await answer(`${gw.url}/openapi.json`, 'get');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    doc = JSON.parse(res.text) as Doc;
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route mounted in the app', () => {
    const routes = mountedRoutes(gw.app);
    // The app's own routes, the ILL router's, the UI's and the SRU endpoint are all there.
    expect(routes).toEqual(expect.arrayContaining(['get /api/search', 'post /api/ill/drafts', 'delete /api/ill/drafts/{id}/reader', 'get /ui/{file}', '* /sru']));
    const missing = routes.filter((route) => {
      const [method = '', path = ''] = route.split(' ');
      if (method === '*') return !(doc.paths[path]?.get && doc.paths[path]?.post && Object.keys(doc.paths).some((p) => p.startsWith(`${path}/{`)));
      return !doc.paths[path]?.[method];
    });
    expect(missing).toEqual([]);
  });

  it('has a route behind every path and method it describes', async () => {
    const unrouted: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const url = `${gw.url}${path.replace(/\{[^}]+\}/g, 'x')}`;
        const res = await answer(url, method, method === 'post' && path.startsWith('/api/') ? '{}' : undefined);
        if (res.status === 404 && res.type.startsWith('application/problem+json') && (JSON.parse(res.text) as { detail: string }).detail.startsWith('no route for')) unrouted.push(`${method} ${path}`);
      }
    }
    expect(unrouted).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(20);
  });

  it('lists the query parameters the handlers validate, and the ILL body’s fields', () => {
    const names = (path: string) => doc.paths[path]?.get?.parameters?.map((p) => p.name) ?? [];
    expect(names('/api/search')).toEqual(expect.arrayContaining(['title', 'isbn', 'cql', 'libraries', 'offset', 'limit', 'sort', 'filter.year', 'filter.availability']));
    expect(names('/api/results/{id}')).toEqual(expect.arrayContaining(['id', 'offset', 'filter.library']));
    expect(names('/api/ill/drafts')).toEqual(['readerBarcode', 'all', 'limit', 'offset']);
    const body = JSON.stringify(doc.paths['/api/ill/drafts']?.post);
    expect(body).toContain('"readerBarcode"');
    expect(body).toContain('"needBeforeDate"');
  });

  it('describes the answers the API really gives', async () => {
    const json = async (path: string, method = 'get', body?: string) => JSON.parse((await answer(`${gw.url}${path}`, method, body)).text) as Record<string, unknown>;
    parses(librariesSchema, await json('/api/libraries'));
    const search = await json('/api/search?title=china');
    parses(searchAnswerSchema, search);
    const id = String(search.resultSetId);
    parses(resultPageSchema, await json(`/api/results/${id}?limit=2&sort=year`));
    const clusters = search.clusters as { id: string; members: { recordId: string }[]; eligibleLibraries: string[] }[];
    const cluster = clusters.find((c) => c.eligibleLibraries.length > 0) ?? clusters[0];
    expect(cluster).toBeDefined();
    parses(clusterSchema, await json(`/api/results/${id}/clusters/${encodeURIComponent(cluster!.id)}`));
    parses(recordSchema, await json(`/api/results/${id}/records/${encodeURIComponent(cluster!.members[0]!.recordId)}?marc=1`));
    parses(problemSchema, await json('/api/search?title=a&limit=0'));
    const reader = { readerBarcode: '1234567890', recipientName: '张三', email: 'zhang@example.edu.cn' };
    const draft = await answer(`${gw.url}/api/ill/drafts`, 'post', JSON.stringify({ resultSetId: id, clusterId: cluster!.id, lender: cluster!.eligibleLibraries[0] ?? 'pku', reader }));
    expect(draft.status).toBe(201);
    parses(draftSchema, JSON.parse(draft.text));
    parses(draftListSchema, await json('/api/ill/drafts'));
  });

  it('describes the stream’s library events and its final page', async () => {
    const stream = await answer(`${gw.url}/api/search/stream?title=history`, 'get');
    const events = stream.text.split('\n\n').filter(Boolean).map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown> }));
    const library = events.filter((e) => e.event === 'library');
    expect(library.length).toBeGreaterThanOrEqual(2);
    for (const e of library) {
      const { status, records: _records, ...progress } = e.data;
      parses(libraryProgressSchema, progress);
      if (status !== undefined) parses(libraryStatusSchema, status);
    }
    parses(resultPageSchema, events.find((e) => e.event === 'done')?.data.page);
  });
});
