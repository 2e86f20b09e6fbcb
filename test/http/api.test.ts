import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

interface ClusterBody {
  id: string;
  merged: { title: string; partNumber?: string };
  members: { recordId: string; library: string; rule: string }[];
  /** Only on /clusters/:id (and on lists with marc=1): lists carry summaries. */
  records?: { id: string; library: string; title: string; marc?: unknown }[];
  holdings: { library: string; eligible: boolean }[];
}

interface SearchBody {
  resultSetId: string;
  fromCache: boolean;
  total: number;
  records: number;
  clusters: ClusterBody[];
  facets: { library: { value: string; count: number }[]; availability: { value: string; count: number }[] };
  libraries: { library: string; state: string; hits: number; fetched: number; diagnostic?: { source: string; code: string; message: string; uri?: string } }[];
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: T }> {
  const res = await request(url, { headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: (await res.body.json()) as T };
}

describe('JSON and SSE API over simulated libraries', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'pku', latencyMs: 5 },
      // Serves the Shanghai Library's copies: it shares the Cambridge History set and v.8 with pku.
      { id: 'bnu', latencyMs: 30, version: '2.0', institution: 'SHL' },
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
    const { status, body } = await getJson<SearchBody>(`${gw.url}/api/search?title=Cambridge%20history%20of%20China`);
    expect(status).toBe(200);
    const states = Object.fromEntries(body.libraries.map((l) => [l.library, l.state]));
    expect(states).toEqual({ pku: 'ok', bnu: 'ok', hang: 'timeout', broken: 'error', html: 'error', garbage: 'error', trunc: 'error', diag: 'error', reset: 'error', ruc: 'suspended' });
    const pku = body.libraries.find((l) => l.library === 'pku')!;
    expect(pku.hits).toBeGreaterThan(0);
    expect(pku.fetched).toBe(Math.min(pku.hits, 20));
    // The list carries summaries; each work's source records are on /clusters/:id.
    expect(body.clusters.every((c) => c.records === undefined)).toBe(true);
    const details = await Promise.all(body.clusters.map((c) => getJson<ClusterBody>(`${gw.url}/api/results/${body.resultSetId}/clusters/${encodeURIComponent(c.id)}`)));
    const records = details.flatMap((d) => d.body.records ?? []);
    expect(records.map((r) => r.id).sort()).toEqual(body.clusters.flatMap((c) => c.members.map((m) => m.recordId)).sort());
    // records=1 (the librarian lookup) puts them on the list, still without MARC.
    const listed = await getJson<SearchBody>(`${gw.url}/api/results/${body.resultSetId}?records=1`);
    expect(listed.body.clusters.flatMap((c) => (c.records ?? []).map((r) => r.id)).sort()).toEqual(records.map((r) => r.id).sort());
    expect(records.some((r) => r.library === 'pku' && /cambridge history of china/i.test(r.title))).toBe(true);
    expect(records.some((r) => r.library === 'bnu')).toBe(true);
    expect(records.every((r) => r.marc === undefined)).toBe(true);
    // pku and bnu serve the same catalogue: the same book from both is one merged work.
    const shared = body.clusters.find((c) => new Set(c.members.map((m) => m.library)).size === 2);
    expect(shared?.holdings.map((h) => h.library).sort()).toEqual(['bnu', 'pku']);
    expect(body.facets.library.map((f) => f.value).sort()).toEqual(['bnu', 'pku']);

    const byId = Object.fromEntries(body.libraries.map((l) => [l.library, l.diagnostic]));
    // The hanging library ended at its own budget (the timeout interceptor), not at the gateway deadline.
    expect(byId.hang).toMatchObject({ source: 'gateway', code: 'timeout', message: 'no answer within 400 ms' });
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
    expect(first.body.clusters).toHaveLength(2);
    const again = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=bnu,pku&limit=2`);
    expect(again.body).toMatchObject({ fromCache: true, resultSetId: first.body.resultSetId });
    const page2 = await getJson<SearchBody>(`${gw.url}/api/results/${first.body.resultSetId}?offset=2&limit=2`);
    expect(page2.status).toBe(200);
    expect(page2.body.clusters[0]?.id).not.toBe(first.body.clusters[0]?.id);
    expect(page2.body.total).toBe(first.body.total);

    // Filters and sorting work on the kept set, without asking the libraries again.
    const requestsBefore = (await gw.gateway.health.summaries(['pku'])).get('pku')?.searches;
    const byTitle = await getJson<SearchBody>(`${gw.url}/api/results/${first.body.resultSetId}?sort=title&limit=200`);
    const titles = byTitle.body.clusters.map((c) => c.merged.title);
    expect(titles.length).toBe(first.body.total);
    const onlyBnu = await getJson<SearchBody>(`${gw.url}/api/results/${first.body.resultSetId}?filter.library=bnu&limit=200`);
    expect(onlyBnu.body.clusters.every((c) => c.holdings.some((h) => h.library === 'bnu'))).toBe(true);
    expect(onlyBnu.body.total).toBeLessThanOrEqual(first.body.total);
    expect((await gw.gateway.health.summaries(['pku'])).get('pku')?.searches).toBe(requestsBefore);
    const cluster = first.body.clusters[0]!;
    const one = await getJson<ClusterBody>(`${gw.url}/api/results/${first.body.resultSetId}/clusters/${encodeURIComponent(cluster.id)}`);
    expect(one.body.id).toBe(cluster.id);
    const source = await getJson<{ id: string; marc: { leader: string } }>(`${gw.url}/api/results/${first.body.resultSetId}/records/${encodeURIComponent(cluster.members[0]!.recordId)}?marc=1`);
    expect(source.body.marc.leader).toHaveLength(24);
    const badFilter = await getJson<{ errors: { parameter: string }[] }>(`${gw.url}/api/results/${first.body.resultSetId}?filter.availability=soon`);
    expect(badFilter.body.errors[0]?.parameter).toBe('filter.availability');

    // A partial answer is reused only briefly (test/resultsets/store.test.ts): a portal can page it.
    const withFailure = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=pku,broken`);
    const again2 = await getJson<SearchBody>(`${gw.url}/api/search?q=China&libraries=pku,broken`);
    expect(again2.body).toMatchObject({ fromCache: true, resultSetId: withFailure.body.resultSetId });
  });

  it('says in Server-Timing what the search waited for on the result-set store', async () => {
    const res = await request(`${gw.url}/api/search?q=history&libraries=pku`);
    await res.body.text();
    const timing = new Map(String(res.headers['server-timing']).split(', ').map((entry) => [entry.split(';')[0], Number(entry.split('dur=')[1])]));
    expect([...timing.keys()]).toEqual(['rs-path', 'rs-reuse', 'rs-reuse-loop-busy', 'rs-keep', 'rs-claim-wait', 'health-breaker']);
    for (const value of timing.values()) expect(value).toBeGreaterThanOrEqual(0);
    // The path: the reuse lookup plus keeping the set; of keeping, the wait for the claim.
    expect(timing.get('rs-path')).toBeCloseTo(timing.get('rs-reuse')! + timing.get('rs-keep')!, 2);
    expect(timing.get('rs-claim-wait')).toBeLessThanOrEqual(timing.get('rs-keep')!);
  });

  it('answers in the request\'s language (lang=, else Accept-Language) and refuses q=* as too broad', async () => {
    type Problem = { title: string; detail: string; errors: { parameter: string; detail: string }[] };
    const star = await getJson<Problem>(`${gw.url}/api/search?q=*`);
    expect(star.status).toBe(400);
    expect(star.body.errors).toEqual([{ parameter: 'q', detail: expect.stringContaining('too broad') }]);
    const zh = await getJson<Problem>(`${gw.url}/api/search?isbn=12345&lang=zh`);
    expect(zh.body).toMatchObject({ title: '检索请求无效', errors: [{ parameter: 'isbn', detail: 'ISBN 应为 10 位或 13 位数字（可带连字符）' }] });
    const byHeader = await getJson<Problem>(`${gw.url}/api/search?q=%E3%80%80`, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(byHeader.body.detail).toContain('检索范围过大');
    const english = await getJson<Problem>(`${gw.url}/api/search?q=*`, { 'accept-language': 'en-GB,zh;q=0.5' });
    expect(english.body.title).toBe('Invalid search request');
  });

  it('searches a wrong ISBN check digit as typed and warns, in the request\'s language', async () => {
    const en = await getJson<SearchBody & { warnings: { parameter: string; message: string }[] }>(`${gw.url}/api/search?isbn=0521243320&libraries=pku`);
    expect(en.status).toBe(200);
    expect(en.body.warnings).toEqual([{ parameter: 'isbn', message: 'isbn 0521243320: check digit should be 7' }]);
    // Not "corrected" into 9780521243322: the book whose ISBN is 0521243327 is not found.
    expect(en.body.total).toBe(0);
    const right = await getJson<SearchBody & { warnings?: unknown }>(`${gw.url}/api/search?isbn=0521243327&libraries=pku`);
    expect(right.body.total).toBeGreaterThan(0);
    expect(right.body.warnings).toBeUndefined();
    const zh = await getJson<{ warnings: { message: string }[] }>(`${gw.url}/api/search?isbn=0521243320&libraries=pku&lang=zh`);
    expect(zh.body.warnings[0]?.message).toBe('ISBN 0521243320：校验位应为 7');
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
    const settled = events.filter((e) => e.event === 'library' && e.data.status);
    const libraries = settled.map((e) => e.data.status.library);
    // Live state before settling: every queried library was queued, then connecting, and ends done or failed.
    const phases = (id: string) => events.filter((e) => e.event === 'library' && e.data.library === id).map((e) => e.data.phase);
    for (const id of ['pku', 'bnu', 'broken']) {
      expect(phases(id).slice(0, 2)).toEqual(['queued', 'connecting']);
      expect(['done', 'failed']).toContain(phases(id).at(-1));
    }
    expect(phases('ruc')).toEqual(['failed']);
    expect(phases('pku')).toEqual(expect.arrayContaining(['searching', 'fetching']));
    expect(settled.find((e) => e.data.library === 'pku')?.data.phase).toBe('done');
    const clusterEvents = events.filter((e) => e.event === 'clusters');
    expect(clusterEvents.length).toBeGreaterThan(0);
    expect(clusterEvents[0]?.data.changed[0]).toHaveProperty('merged');
    expect([...libraries].sort()).toEqual(['bnu', 'broken', 'pku', 'ruc']);
    // suspended is reported at once, before any library that needs the network
    expect(libraries[0]).toBe('ruc');
    const done = events[events.length - 1];
    expect(done?.event).toBe('done');
    expect(done?.data.resultSetId).toMatch(/^[0-9a-f-]{36}$/);
    // The stream's final page is the same view /api/results/:id gives.
    const again = await getJson<{ total: number; clusters: { id: string }[] }>(`${gw.url}/api/results/${done?.data.resultSetId}`);
    expect(done?.data.total).toBe(again.body.total);
    expect(done?.data.page.clusters.map((c: { id: string }) => c.id)).toEqual(again.body.clusters.map((c) => c.id));
  });

  it('lists libraries with category, service status and, for librarians, health', async () => {
    const { body } = await getJson<{ libraries: { id: string; service: { status: string }; health: { searches: number } }[] }>(`${gw.url}/api/libraries`, { 'x-demo-role': 'librarian' });
    expect(body.libraries).toHaveLength(10);
    expect(body.libraries.find((l) => l.id === 'ruc')?.service.status).toBe('suspended');
    expect(body.libraries.find((l) => l.id === 'pku')?.health.searches).toBeGreaterThan(0);
    const asReader = await getJson<{ libraries: { id: string; health?: unknown }[] }>(`${gw.url}/api/libraries`);
    expect(asReader.body.libraries.every((l) => l.health === undefined)).toBe(true);
    const health = await getJson<{ status: string }>(`${gw.url}/healthz`);
    expect(health.body.status).toBe('ok');
  });
});
