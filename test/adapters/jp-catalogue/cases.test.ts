/**
 * Fixture-driven cases (fixtures/jp-catalogue/cases/<case>/): each folder holds the recorded
 * answers (search envelope, ISO 2709 export, HTTP status and labels) and the expected
 * outcome; a regression test is a new folder. Served through undici's MockAgent.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';
import { makeAdapter, rejection, search } from './support.ts';

const CASES = fileURLToPath(new URL('../../../fixtures/jp-catalogue/cases/', import.meta.url));
const ORIGIN = 'http://catalog.example.sh.cn:8080';

interface Answer {
  status: number;
  contentType: string;
  retryAfter?: string;
  file: string;
}

interface Case {
  description: string;
  settings?: Record<string, unknown>;
  query: QueryNode;
  count: number;
  search: Answer;
  export?: Answer;
}

interface Expected {
  requests: string[];
  hits?: number;
  records?: Record<string, unknown>[];
  diagnostics?: Record<string, unknown>[];
  error?: { state: string; diagnostic: Record<string, unknown>; messageContains?: string };
}

const read = (name: string, file: string) => readFileSync(join(CASES, name, file));
const json = <T,>(name: string, file: string) => JSON.parse(read(name, file).toString('utf8')) as T;

describe('Japanese catalogue fixture cases', () => {
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
      const pool = agent.get(ORIGIN);
      const reply = (answer: Answer, kind: string) => () => {
        requests.push(kind);
        const headers: Record<string, string> = { 'content-type': answer.contentType };
        if (answer.retryAfter) headers['retry-after'] = answer.retryAfter;
        return { statusCode: answer.status, data: read(name, answer.file), responseOptions: { headers } };
      };
      pool.intercept({ path: (p) => p.startsWith('/jpcat/search?') }).reply(reply(spec.search, 'search')).persist();
      if (spec.export) pool.intercept({ path: (p) => p.startsWith('/jpcat/export?') }).reply(reply(spec.export, 'export')).persist();

      const adapter = makeAdapter({ url: `${ORIGIN}/jpcat/`, ...spec.settings }, agent);
      if (expected.error) {
        const error = await rejection(search(adapter, spec.query, spec.count));
        expect(error).toBeInstanceOf(TargetError);
        const targetError = error as TargetError;
        expect(targetError.state).toBe(expected.error.state);
        expect(targetError.diagnostic).toMatchObject(expected.error.diagnostic);
        if (expected.error.messageContains) expect(targetError.message).toContain(expected.error.messageContains);
      } else {
        const result = await search(adapter, spec.query, spec.count);
        expect(result.hits).toBe(expected.hits);
        expect(result.records).toHaveLength(expected.records?.length ?? 0);
        expected.records?.forEach((record, i) => expect(result.records[i]).toMatchObject(record));
        expect(result.diagnostics).toHaveLength(expected.diagnostics?.length ?? 0);
        expected.diagnostics?.forEach((d, i) => expect(result.diagnostics[i]).toMatchObject(d));
      }
      expect(requests).toEqual(expected.requests);
    });
  }
});
