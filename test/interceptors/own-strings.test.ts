/** src/interceptors/own-strings.ts: an answer kept keeps none of the response text its strings were read from. */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { SearchResult, TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { ownAnswerStrings, ownStrings } from '../../src/interceptors/own-strings.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { estimateBytes } from '../../src/resultsets/estimate-size.ts';
import { testLibrary } from '../helpers/libraries.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const catalogue = readFileSync(new URL('../../fixtures/catalogue/marc21.xml', import.meta.url), 'utf8');
const library = testLibrary('fx');

/** An answer as a text reader makes it: every record read out of one response text, unique to this answer. */
function answerText(serial: number): string {
  // Padding, as a response's envelope and records not kept are: text the records do not need.
  return catalogue.replaceAll('fx21-', `fx21-${serial}-`) + `<!--${'x'.repeat(200_000)}-->`;
}
function answerFrom(serial: number): SearchResult {
  return { hits: 30, records: readMarcXml(answerText(serial)).map((marc) => toBibRecord(marc, { library, format: 'marc21' })), diagnostics: [] };
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap kept by 40 answers, the store's estimate of them, and the length of the texts they were read from. */
async function kept(adapterFor: (answer: () => SearchResult) => TargetAdapter): Promise<{ heap: number; estimate: number; texts: number }> {
  const answers: SearchResult[] = [];
  const before = heapUsed();
  for (let i = 0; i < 40; i += 1) answers.push(await adapterFor(() => answerFrom(i)).search({} as never));
  const heap = heapUsed() - before;
  return { heap, estimate: estimateBytes(answers.map((a) => a.records)), texts: 40 * answerText(0).length };
}

const plain = (answer: () => SearchResult): TargetAdapter => ({ search: () => Promise.resolve(answer()), close: () => Promise.resolve() });

describe('own strings', () => {
  it('keeps no response text: answers kept cost about what the store estimates them at, where views held each whole response', async () => {
    const views = await kept(plain);
    const owned = await kept((answer) => compose(plain(answer), [ownAnswerStrings()]));
    // Views hold every response text whole (two bytes a character here: the catalogue has CJK).
    expect(views.heap - owned.heap).toBeGreaterThan(0.8 * views.texts);
    // Owned strings cost no more than the store estimates.
    expect(owned.heap).toBeLessThan(1.2 * owned.estimate);
  });

  it('changes no value: the same answer, shared objects still shared, cycles and typed arrays and frozen objects left as they are', () => {
    const shared = { note: 'a note shared by two holdings' };
    const frozen = Object.freeze({ text: 'a constant of the program' });
    const bytes = new Uint8Array([1, 2, 3]);
    const cyclic: { self?: unknown; name: string } = { name: 'a record that refers to itself' };
    cyclic.self = cyclic;
    const answer = { records: [{ title: 'The Cambridge history of China', holdings: [shared, shared], frozen, bytes, cyclic, tags: ['short', 'a tag long enough to be a view'] }] };
    const before = JSON.stringify({ ...answer, records: answer.records.map(({ cyclic: _c, ...rest }) => rest) });
    ownStrings(answer);
    expect(JSON.stringify({ ...answer, records: answer.records.map(({ cyclic: _c, ...rest }) => rest) })).toBe(before);
    const [record] = answer.records;
    expect(record?.holdings[0]).toBe(record?.holdings[1]);
    expect(record?.frozen).toBe(frozen);
    expect(record?.bytes).toBe(bytes);
    expect(record?.cyclic.self).toBe(record?.cyclic);
  });

  it('ends on a graph that shares its parts over and over: 40 diamonds in a row are 2^40 paths, walked once each part', () => {
    type Rung = { left?: Rung; right?: Rung; text: string };
    let bottom: Rung = { text: 'the bottom rung of the ladder' };
    const rungs = [bottom];
    for (let i = 0; i < 40; i += 1) {
      bottom = { left: bottom, right: bottom, text: `rung ${i} of a ladder of diamonds` };
      rungs.push(bottom);
    }
    ownStrings({ records: [bottom] });
    // Every rung still shares its one child, and its text is the same text.
    for (let i = 1; i < rungs.length; i += 1) {
      expect(rungs[i]?.left).toBe(rungs[i - 1]);
      expect(rungs[i]?.right).toBe(rungs[i - 1]);
      expect(rungs[i]?.text).toBe(`rung ${i - 1} of a ladder of diamonds`);
    }
  });

  it('passes a failing library\'s error through, the same error with the same words', async () => {
    const failure = new TargetError({ source: 'srw', code: '4', message: 'Unsupported operation: a message read from the response' });
    const failing: TargetAdapter = { search: () => Promise.reject(failure), close: () => Promise.resolve() };
    const outcome = await compose(failing, [ownAnswerStrings()])
      .search({} as never)
      .catch((e: unknown) => e);
    expect(outcome).toBe(failure);
    expect((outcome as TargetError).message).toBe(failure.message);
    const aborted = await compose({ search: () => Promise.reject(new DOMException('This operation was aborted', 'AbortError')), close: () => Promise.resolve() }, [ownAnswerStrings()])
      .search({} as never)
      .catch((e: unknown) => e);
    expect((aborted as DOMException).name).toBe('AbortError');
  });
});
