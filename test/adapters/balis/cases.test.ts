/**
 * Fixture-driven cases (fixtures/balis/cases/<case>/): the recorded member list and search
 * page (GBK bytes as the JSP sends them), HTTP status and labels, and the expected outcome.
 * Served through undici's MockAgent.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { makeAdapter, rejection, search } from './support.ts';

const CASES = fileURLToPath(new URL('../../../fixtures/balis/cases/', import.meta.url));
const ORIGIN = 'http://balis.example.edu.cn';

interface Answer {
  status: number;
  contentType: string;
  file: string;
}

interface Case {
  description: string;
  settings: Record<string, unknown>;
  query: QueryNode;
  count: number;
  members: Answer;
  search?: Answer;
}

interface Expected {
  requests: string[];
  /** Member codes the search form ticked. */
  ticked?: string[];
  hits?: number;
  records?: Record<string, unknown>[];
  diagnostics?: Record<string, unknown>[];
  error?: { state: string; diagnostic: Record<string, unknown> };
}

const read = (name: string, file: string) => readFileSync(join(CASES, name, file));
const json = <T,>(name: string, file: string) => JSON.parse(read(name, file).toString('utf8')) as T;

describe('BALIS union search fixture cases', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  for (const name of readdirSync(CASES).sort()) {
    const spec = json<Case>(name, 'case.json');
    it(`${name}: ${spec.description}`, async () => {
      const expected = json<Expected>(name, 'expected.json');
      const requests: string[] = [];
      let ticked: string[] = [];
      const pool = agent.get(ORIGIN);
      const answer = (a: Answer) => ({ statusCode: a.status, data: read(name, a.file), responseOptions: { headers: { 'content-type': a.contentType } } });
      pool.intercept({ path: '/union/libList.jsp', method: 'GET' }).reply(() => {
        requests.push('members');
        return answer(spec.members);
      }).persist();
      const searchAnswer = spec.search;
      if (searchAnswer) {
        pool.intercept({ path: '/union/search.jsp', method: 'POST' }).reply((options) => {
          requests.push('search');
          ticked = [...String(options.body).matchAll(/(?:^|&)libs=(\d+)/g)].map((m) => m[1] as string);
          return answer(searchAnswer);
        }).persist();
      }

      const adapter = makeAdapter({ url: `${ORIGIN}/union/`, ...spec.settings }, agent);
      if (expected.error) {
        const error = await rejection(search(adapter, spec.query, spec.count));
        expect(error).toBeInstanceOf(TargetError);
        expect((error as TargetError).state).toBe(expected.error.state);
        expect((error as TargetError).diagnostic).toMatchObject(expected.error.diagnostic);
      } else {
        const result = await search(adapter, spec.query, spec.count);
        expect(result.hits).toBe(expected.hits);
        expect(result.records).toHaveLength(expected.records?.length ?? 0);
        expected.records?.forEach((record, i) => expect(result.records[i]).toMatchObject(record));
        expect(result.diagnostics).toHaveLength(expected.diagnostics?.length ?? 0);
        expected.diagnostics?.forEach((d, i) => expect(result.diagnostics[i]).toMatchObject(d));
      }
      expect(requests).toEqual(expected.requests);
      if (expected.ticked) expect(ticked).toEqual(expected.ticked);
    });
  }
});
