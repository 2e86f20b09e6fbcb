/** The SRU router's own duties: bookkeeping a search hands it runs once the response is sent, and only a search's. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TermIndex } from '../../src/sru/term-index.ts';
import { sruGet } from './http.ts';
import { startFakeSru } from './fake-gateway.ts';
import { fakeUnion } from './fixtures.ts';
import { all, child, req } from './xml.ts';

describe('SRU router', () => {
  let sru: Awaited<ReturnType<typeof startFakeSru>>;
  beforeAll(async () => {
    sru = await startFakeSru(fakeUnion());
  });
  afterAll(async () => {
    await sru.close();
  });

  it("runs a search's deferred bookkeeping (keeping, log line, scan index) in the turn that sent the response", async () => {
    const before = { ...sru.fake.deferred };
    const { xml } = await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=agricultural', maximumRecords: '1' });
    expect(child(xml, 'numberOfRecords')?.text).toBe('1');
    expect(sru.fake.deferred.handed).toBe(before.handed + 1);
    // Ran before the client could read the answer: nothing is left for a later turn.
    expect(sru.fake.deferred.ran).toBe(sru.fake.deferred.handed);
    // The scan index was updated in the same turn: a scan right after finds the title heading.
    const scan = await sruGet(sru.url, { version: '1.2', operation: 'scan', scanClause: 'dc.title=agricultural', maximumTerms: '1' });
    const values = all(req(scan.xml, 'terms'), 'term').map((term) => req(term, 'value').text);
    expect(values).toEqual(['agricultural history of china']);
  });

  it('runs it after a diagnostic too (a record position out of range)', async () => {
    const before = { ...sru.fake.deferred };
    await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=ming', startRecord: '5' });
    expect(sru.fake.deferred.handed).toBe(before.handed + 1);
    expect(sru.fake.deferred.ran).toBe(sru.fake.deferred.handed);
  });

  it("adds a search's records to the scan index once, not again for every page read by resultSetId", async () => {
    const add = vi.spyOn(TermIndex.prototype, 'add');
    try {
      const first = await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=history', maximumRecords: '1' });
      expect(add).toHaveBeenCalledTimes(1);
      const id = req(first.xml, 'resultSetId').text;
      const page = await sruGet(sru.url, { version: '1.2', operation: 'searchRetrieve', query: `cql.resultSetId="${id}"`, startRecord: '2', maximumRecords: '1' });
      expect(child(page.xml, 'numberOfRecords')?.text).toBe(child(first.xml, 'numberOfRecords')?.text);
      expect(add).toHaveBeenCalledTimes(1);
    } finally {
      add.mockRestore();
    }
  });

  it('logs a failure of the bookkeeping after the answer, which the client still got whole, and keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const failing = await startFakeSru(fakeUnion({ failDeferred: true, logger }));
    try {
      const { status, xml } = await sruGet(failing.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=agricultural', maximumRecords: '1' });
      expect(status).toBe(200);
      expect(child(xml, 'numberOfRecords')?.text).toBe('1');
      expect(lines.some((line) => line.includes('SRU bookkeeping after the answer failed') && line.includes('keeping the set failed'))).toBe(true);
      const again = await sruGet(failing.url, { version: '1.2', operation: 'searchRetrieve', query: 'dc.title=ming', maximumRecords: '1' });
      expect(again.status).toBe(200);
    } finally {
      await failing.close();
    }
  });
});

