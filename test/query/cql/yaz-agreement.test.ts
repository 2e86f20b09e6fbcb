/**
 * Our parser against a real implementation: YAZ's CQL parser (libyaz, as used
 * by yaz-ztest and Zebra). yaz 5.34 ships no cql2xcql binary, so a small probe
 * (yaz-cql-probe.c) is compiled against libyaz-dev; it prints YAZ's tree in
 * printCql's form, or converts CQL to PQF with YAZ's stock pqf.properties.
 * Skipped (with the reason in the suite name) only when gcc/libyaz-dev are
 * missing and REQUIRE_PEERS is not "1".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCql } from '../../../src/query/cql/parser.ts';
import { printCql } from '../../../src/query/cql/print.ts';
import { serializeCql } from '../../../src/query/cql/serialize.ts';
import { and, type QueryNode } from '../../../src/query/model.ts';
import { INVALID_CQL_CASES, VALID_CQL_CASES } from './parser-cases.ts';

const PROBE_SOURCE = fileURLToPath(new URL('./yaz-cql-probe.c', import.meta.url));
const YAZ_HEADER = '/usr/include/yaz/cql.h';
const STOCK_PQF_PROPERTIES = '/usr/share/yaz/etc/pqf.properties';

/** Builds the probe; returns its path, or why it cannot be built. */
function buildProbe(): { path: string } | { reason: string } {
  if (!existsSync(YAZ_HEADER)) return { reason: `${YAZ_HEADER} missing (install libyaz-dev)` };
  const dir = mkdtempSync(join(tmpdir(), 'yaz-cql-probe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'yaz-cql-probe');
  try {
    execFileSync('gcc', ['-O1', '-o', path, PROBE_SOURCE, '-lyaz'], { stdio: 'pipe' });
    return { path };
  } catch (error) {
    return { reason: `cannot compile the YAZ probe: ${(error as Error).message.split('\n')[0]}` };
  }
}

const probe = buildProbe();
if ('reason' in probe && process.env.REQUIRE_PEERS === '1') {
  throw new Error(`REQUIRE_PEERS=1 but ${probe.reason}`);
}
const probePath = 'path' in probe ? probe.path : undefined;
const skipReason = 'reason' in probe ? ` (skipped: ${probe.reason})` : '';

/** Runs the probe over the queries (one per line), returns one output line per query. */
function runProbe(queries: readonly string[], args: string[] = []): string[] {
  if (probePath === undefined) throw new Error('probe not built');
  const output = execFileSync(probePath, args, { input: `${queries.join('\n')}\n`, encoding: 'utf8' });
  const lines = output.split('\n').slice(0, queries.length).map((line) => line.trimEnd());
  expect(lines).toHaveLength(queries.length);
  return lines;
}

/**
 * Where YAZ is more lenient than CQL 1.2 (we follow the grammar): it closes
 * unterminated quotes at the end, accepts a dangling backslash, and has
 * extensions for `index rel (query)`, term lists and chained relations.
 */
const YAZ_ACCEPTS_WE_REJECT = ['"abc', '"abc\\"', 'abc\\', 'x="', 'dc.title = (a)', '"a" "b"', 'a=b=c'];

describe.skipIf(probePath === undefined)(`agreement with YAZ's CQL parser${skipReason}`, () => {
  it(`builds the same tree for all ${VALID_CQL_CASES.length} valid table queries`, () => {
    const queries = VALID_CQL_CASES.map(([query]) => query);
    const yaz = runProbe(queries);
    const ours = queries.map((query) => printCql(parseCql(query)));
    expect(ours.map((tree, i) => `${queries[i]} → ${tree}`)).toEqual(yaz.map((tree, i) => `${queries[i]} → ${tree}`));
  });

  it('rejects the same invalid queries', () => {
    const queries = INVALID_CQL_CASES.map(([query]) => query).filter((query) => !YAZ_ACCEPTS_WE_REJECT.includes(query));
    expect(queries.length).toBeGreaterThanOrEqual(25);
    expect(runProbe(queries).map((line, i) => `${queries[i]} → ${line}`)).toEqual(queries.map((query) => `${query} → ERROR`));
  });

  it('still differs only where documented (YAZ accepts, we reject)', () => {
    const yaz = runProbe(YAZ_ACCEPTS_WE_REJECT);
    expect(yaz.filter((line) => line === 'ERROR')).toEqual([]);
    for (const query of YAZ_ACCEPTS_WE_REJECT) expect(() => parseCql(query)).toThrow();
  });
});

describe.skipIf(probePath === undefined || !existsSync(STOCK_PQF_PROPERTIES))(
  `serialized CQL is accepted by YAZ's stock CQL→PQF mapping${skipReason}`,
  () => {
    const term = (field: 'title' | 'author' | 'publisher' | 'subject' | 'keyword' | 'isbn' | 'issn', value: string, phrase = false): QueryNode =>
      ({ kind: 'term', field, value, mode: phrase ? 'phrase' : 'words' });
    const queries: QueryNode[] = [
      term('title', '红楼梦'),
      term('title', 'dream of the red chamber'),
      term('title', '中国の歴史', true),
      { kind: 'term', field: 'title', value: 'cambridg', mode: 'words', truncation: 'right' },
      term('author', '曹雪芹'),
      term('publisher', '中华书局', true),
      term('subject', 'history'),
      term('keyword', '万历十五年'),
      term('isbn', '9787101003048'),
      term('issn', '0317-8471'),
      term('title', 'say "hi" \\ *?^'),
      { kind: 'yearRange', from: 1988, to: 1988 },
      { kind: 'yearRange', from: 1980, to: 1990 },
      { kind: 'or', left: and(term('title', 'a'), term('author', 'b')), right: { kind: 'not', left: term('keyword', 'c'), right: term('title', 'd', true) } },
    ];

    it('maps every default serialization to PQF (words → 4=2 last, phrase → 4=1)', () => {
      const cql = queries.map((query) => serializeCql(query));
      const pqf = runProbe(cql, ['--pqf', STOCK_PQF_PROPERTIES]);
      expect(pqf.filter((line) => line.startsWith('DIAG') || line === 'ERROR')).toEqual([]);
      expect(pqf[0]).toMatch(/@attr 4=6 @attr 4=2 .*@attr 1=4 "红楼梦"/);
      expect(pqf[2]).toMatch(/@attr 2=3 @attr 4=1 .*@attr 1=4 "中国の歴史"/);
      expect(pqf[3]).toMatch(/@attr 5=1 @attr 1=4 "cambridg"/);
    });

    it('refuses adj and within (why they are opt-in)', () => {
      expect(runProbe(['dc.title adj "a b"', 'dc.date within "1980 1990"'], ['--pqf', STOCK_PQF_PROPERTIES])).toEqual([
        'DIAG 19 adj',
        'DIAG 19 within',
      ]);
    });
  },
);
