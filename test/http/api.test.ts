import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

interface SearchBody {
  resultSetId: string;
  fromCache: boolean;
  total: number;
  records: { id: string; library: string; title: string; marc?: unknown }[];
  libraries: { library: string; state: string; hits: number; fetched: number; diagnostic?: { source: string; code: string; message: string; uri?: string } }[];
}

async function getJson<T>(url: string): Promise<{ status: number; type: string; body: T }> {
  const res = await request(url);
  return { status: res.statusCode, type: String(res.headers['content-type']), body: (await res.body.json()) as T };
}

describe('JSON and SSE API over simulated libraries', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'pku', latencyMs: 5 },
      { id: 'bnu', latencyMs: 30, version: '2.0' },
      { id: 'hang', fault: 'hang', timeoutMs: 400 },
      { id: 'broken', fault: 'http500' },
      { id: 'html', fault: 'html' },
      { id: 'garbage', fault: 'garbage' },
      { id: 'trunc', fault: 'truncated' },
      { id: 'diag', fault: 'diagnostic' },
      { id: 'reset', fault: 'reset' },
      { id: 'ruc', suspended: true },
    ]);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('returns records from healthy libraries and a status for every library', async () => {
    const started = performance.now();
    const { status, body } = await getJson<SearchBody>(`${gw.url}/api/search?title=Cambridge%20history%20of%20China`);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(status).toBe(200);
    const states = Object.fromEntries(body.libraries.map((l) => [l.library, l.state]));
    expect(states).toEqual({ pku: 'ok', bnu: 'ok', hang: 'timeout', broken: 'error', html: 'error', garbage: 'error', trunc: 'error', diag: 'error', reset: 'error', ruc: 'suspended' });
    const pku = body.libraries.find((l) => l.library === 'pku')!;
    expect(pku.hits).toBeGreaterThan(0);
    expect(pku.fetched).toBe(Math.min(pku.hits, 20));
    expect(body.records.some((r) => r.library === 'pku' && /cambridge history of china/i.test(r.title))).toBe(true);
    expect(body.records.some((r) => r.library === 'bnu')).toBe(true);
    expect(body.records.every((r) => r.marc === undefined)).toBe(true);

    const byId = Object.fromEntries(body.libraries.map((l) => [l.library, l.diagnostic]));
    expect(byId.broken).toMatchObject({ source: 'http', code: '500' });
    expect(byId.html).toMatchObject({ source: 'gateway', code: 'not-sru' });
    expect(byId.garbage?.code).toBe('bad-xml');
    expect(byId.trunc).toMatchObject({ code: 'bad-xml' });
    expect(byId.diag).toMatchObject({ source: 'srw', code: '2', uri: 'info:srw/diagnostic/1/2' });
    expect(byId.reset?.source).toBe('http');
    expect(byId.hang).toMatchObject({ source: 'gateway', code: 'timeout' });
  });

  it('pages a result set, and serves the same search from the cache only when every library answered', async () => {
    const first = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=pku,bnu&limit=2`);
    expect(first.body.fromCache).toBe(false);
    expect(first.body.records).toHaveLength(2);
    const again = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=bnu,pku&limit=2`);
    expect(again.body).toMatchObject({ fromCache: true, resultSetId: first.body.resultSetId });
    const page2 = await getJson<SearchBody>(`${gw.url}/api/results/${first.body.resultSetId}?offset=2&limit=2`);
    expect(page2.status).toBe(200);
    expect(page2.body.records[0]?.id).not.toBe(first.body.records[0]?.id);
    expect(page2.body.total).toBe(first.body.total);

    const withFailure = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=pku,broken`);
    const retry = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=pku,broken`);
    expect(retry.body.fromCache).toBe(false);
    expect(retry.body.resultSetId).not.toBe(withFailure.body.resultSetId);
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    const bad = await getJson<{ status: number; errors: { parameter: string }[] }>(`${gw.url}/api/search?title=x&year=19-88`);
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors[0]?.parameter).toBe('year');
    const unknownLib = await getJson<{ detail: string }>(`${gw.url}/api/search?title=x&libraries=nope`);
    expect(unknownLib.status).toBe(400);
    expect(unknownLib.body.detail).toContain('nope');
    const empty = await getJson<{ status: number }>(`${gw.url}/api/search`);
    expect(empty.status).toBe(400);
    const long = await getJson<{ errors: { detail: string }[] }>(`${gw.url}/api/search?title=${'长'.repeat(501)}`);
    expect(long.status).toBe(400);
    const expired = await getJson<{ detail: string }>(`${gw.url}/api/results/00000000-0000-0000-0000-000000000000`);
    expect(expired.status).toBe(404);
    expect(expired.body.detail).toContain('search again');
    const badPage = await getJson<{ errors: { parameter: string }[] }>(`${gw.url}/api/search?title=x&limit=0`);
    expect(badPage.body.errors[0]?.parameter).toBe('limit');
    const noRoute = await getJson<{ status: number }>(`${gw.url}/api/nothing`);
    expect(noRoute.status).toBe(404);
  });

  it('streams one event per library, then done', async () => {
    const res = await request(`${gw.url}/api/search/stream?title=history&libraries=pku,bnu,broken,ruc`);
    expect(res.headers['content-type']).toContain('text/event-stream');
    const text = await res.body.text();
    const events = text
      .trim()
      .split('\n\n')
      .map((block) => ({ event: block.match(/^event: (.*)$/m)?.[1], data: JSON.parse(block.match(/^data: (.*)$/m)?.[1] ?? 'null') }));
    expect(events[0]?.event).toBe('start');
    const libraries = events.filter((e) => e.event === 'library').map((e) => e.data.status.library);
    expect([...libraries].sort()).toEqual(['bnu', 'broken', 'pku', 'ruc']);
    // suspended is reported at once, before any library that needs the network
    expect(libraries[0]).toBe('ruc');
    const done = events[events.length - 1];
    expect(done?.event).toBe('done');
    expect(done?.data.resultSetId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists libraries with category, service status and health', async () => {
    const { body } = await getJson<{ libraries: { id: string; service: { status: string }; health: { searches: number } }[] }>(`${gw.url}/api/libraries`);
    expect(body.libraries).toHaveLength(10);
    expect(body.libraries.find((l) => l.id === 'ruc')?.service.status).toBe('suspended');
    expect(body.libraries.find((l) => l.id === 'pku')?.health.searches).toBeGreaterThan(0);
    const health = await getJson<{ status: string }>(`${gw.url}/healthz`);
    expect(health.body.status).toBe('ok');
  });
});
