/**
 * Our encoder against the real thing: yaz-client parses the PQF we print and sends a
 * SearchRequest to a fake target, which captures it; the query must equal ours
 * (compared with definite lengths and sorted AttributeLists — yaz-client reverses PQF order).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QueryNode } from '../../../src/query/model.ts';
import { decodeBer, findContext } from '../../../src/z3950/ber-reader.ts';
import { textCodec } from '../../../src/adapter-api/text-codec.ts';
import { encodeInitResponse } from '../../../src/z3950/apdu/init.ts';
import { encodeQuery } from '../../../src/z3950/apdu/query.ts';
import { encodeSearchResponse } from '../../../src/z3950/apdu/search.ts';
import { toPqf } from '../../../adapters/z3950/pqf.ts';
import { toRpn } from '../../../adapters/z3950/rpn.ts';
import { canonical } from '../../z3950/support/canonical.ts';
import { startFakeTarget, type FakeTarget } from './support/fake-target.ts';
import { describePeer } from '../../peers/availability.ts';

const QUERIES: [string, QueryNode][] = [
  ['title words', { kind: 'term', field: 'title', value: 'computer', mode: 'words' }],
  ['phrase with quotes', { kind: 'term', field: 'title', value: 'the "art" of programming', mode: 'phrase' }],
  ['CJK title, truncated', { kind: 'term', field: 'title', value: '计算机', mode: 'words', truncation: 'right' }],
  ['isbn OR', { kind: 'or', left: { kind: 'term', field: 'isbn', value: '7-115-16362-4', mode: 'words' }, right: { kind: 'term', field: 'isbn', value: '9787115163622', mode: 'words' } }],
  ['NOT with year range', { kind: 'not', left: { kind: 'term', field: 'author', value: '鲁迅', mode: 'words' }, right: { kind: 'yearRange', from: 1930, to: 1936 } }],
];

describePeer('PQF printed by us, sent by yaz-client', ['yaz'], () => {
  let target: FakeTarget;
  const captured: Buffer[] = [];

  beforeAll(async () => {
    target = await startFakeTarget(async (conn) => {
      await conn.next(); // InitializeRequest
      conn.socket.write(encodeInitResponse({ versions: [1, 2, 3], options: ['search', 'present'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true }));
      captured.push(await conn.next());
      conn.socket.write(encodeSearchResponse({ resultCount: 0, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }));
      await conn.closed;
    });
  });
  afterAll(() => target.stop());

  it.each(QUERIES)('%s', async (_name, query) => {
    const rpn = toRpn(query, { codec: textCodec('utf-8') });
    const before = captured.length;
    const client = spawn('yaz-client', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    client.stdin.end(`open tcp:127.0.0.1:${target.port}/Default\nfind ${toPqf(rpn)}\nquit\n`);
    await new Promise((resolve) => client.once('exit', resolve));
    expect(captured.length).toBe(before + 1);
    const search = decodeBer(captured[before]!);
    const theirs = findContext(search, 21)!.children[0]!;
    expect(canonical(decodeBer(encodeQuery(rpn))).toString('hex')).toBe(canonical(theirs).toString('hex'));
  });
});
