/**
 * Fixture cases, a folder each under fixtures/ipac/<case>/: case.json (settings, query, the
 * OPAC's answers matched by substrings of the request URL), the raw pages, expected.json.
 * The adapter runs against undici's MockAgent, so every byte it reads is the fixture's.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../src/adapter-api/contract.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { ipacAdapterFor, search } from './support/adapter.ts';

const ROOT = join(import.meta.dirname, '../../../fixtures/ipac');
const ORIGIN = 'http://ipac.test';

interface Exchange {
  match: string[];
  status: number;
  headers: Record<string, string>;
  body: string | null;
  times?: number;
}
interface Case {
  description: string;
  settings: Record<string, unknown>;
  query: QueryNode;
  start: number;
  count: number;
  exchanges: Exchange[];
}
interface Expected {
  hits?: number;
  recordCount?: number;
  requests?: string[][];
  records?: Record<string, unknown>[];
  lastRecord?: Record<string, unknown>;
  diagnostics?: { code: string; messageContains?: string }[];
  error?: { source: string; code: string; state: string; messageContains?: string; addinfoContains?: string };
}

const cases = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'case.json')));
const read = <T>(name: string, file: string): T => JSON.parse(readFileSync(join(ROOT, name, file), 'utf8')) as T;

let agent: MockAgent | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

/** MockAgent hands the path re-encoded (sorted, percent-escaped), so compare with the decoded form too. */
function pathMatches(path: string, parts: readonly string[]): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // GBK escapes are not UTF-8: compare with the raw path only.
  }
  return parts.every((m) => path.includes(m) || decoded.includes(m));
}

function mock(name: string, spec: Case): MockAgent {
  const mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  const pool = mockAgent.get(ORIGIN);
  for (const exchange of spec.exchanges) {
    const body = exchange.body === null ? '' : readFileSync(join(ROOT, name, exchange.body));
    const scope = pool.intercept({ path: (path) => pathMatches(path, exchange.match), method: 'GET' }).reply(exchange.status, body, { headers: exchange.headers });
    if (exchange.times) scope.times(exchange.times);
    else scope.persist();
  }
  return mockAgent;
}

describe('iPac fixture cases', () => {
  it('has the cases the adapter is specified by', () => {
    expect(cases).toEqual(expect.arrayContaining(['xml-result-list', 'xml-single-hit', 'html-malformed', 'layout-drift', 'html-result-list-gbk', 'no-hits', 'paging', 'html-full-display-branches', 'http-500', 'rate-limited-429', 'login-redirect']));
  });

  it.each(cases)('%s', async (name) => {
    const spec = read<Case>(name, 'case.json');
    const expected = read<Expected>(name, 'expected.json');
    agent = mock(name, spec);
    const adapter = ipacAdapterFor(`${ORIGIN}/ipac20/ipac.jsp`, spec.settings, agent);
    const outcome: SearchResult | TargetError = await search(adapter, spec.query, { start: spec.start, count: spec.count }).catch((error: unknown) => {
      if (error instanceof TargetError) return error;
      throw error;
    });

    if (expected.error) {
      expect(outcome).toBeInstanceOf(TargetError);
      const { diagnostic, state } = outcome as TargetError;
      expect({ source: diagnostic.source, code: diagnostic.code, state }).toEqual({ source: expected.error.source, code: expected.error.code, state: expected.error.state });
      if (expected.error.messageContains) expect(diagnostic.message).toContain(expected.error.messageContains);
      if (expected.error.addinfoContains) expect(diagnostic.addinfo).toContain(expected.error.addinfoContains);
      return;
    }
    expect(outcome instanceof TargetError ? outcome.diagnostic : undefined).toBeUndefined();
    const result = outcome as SearchResult;
    expect(result.hits).toBe(expected.hits);
    expect(result.records).toHaveLength(expected.recordCount ?? 0);
    expected.records?.forEach((record, i) => expect(result.records[i]).toMatchObject(record));
    if (expected.lastRecord) expect(result.records.at(-1)).toMatchObject(expected.lastRecord);
    const diagnostics = expected.diagnostics ?? [];
    expect(result.diagnostics.map((d) => d.code)).toEqual(diagnostics.map((d) => d.code));
    diagnostics.forEach((d, i) => {
      if (d.messageContains) expect(result.diagnostics[i]?.message).toContain(d.messageContains);
    });
    if (expected.requests) {
      const urls = (agent.getCallHistory()?.calls() ?? []).map((c) => c.fullUrl);
      expect(urls).toHaveLength(expected.requests.length);
      expected.requests.forEach((parts, i) => {
        for (const part of parts) expect(urls[i]).toContain(part);
      });
    }
  });
});
