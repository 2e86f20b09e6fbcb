/**
 * queryCharset / recordCharset against a real Zebra that reads terms in UTF-8 (zebra.cfg
 * `encoding: utf-8`) while its YAZ front end converts records on the way out
 * (peers/zebra/yazgfs-split-charset.xml): GBK over Z39.50 and SRU, MARC-8 over Z39.50.
 * (YAZ 5.34 writes malformed MARCXML in MARC-8 — attribute values lose their last
 * character — so a MARC-8 Zebra cannot serve SRU; see the README.)
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sruAdapter } from '../../adapters/sru/index.ts';
import { z3950Adapter } from '../../adapters/z3950/index.ts';
import type { TargetAdapter } from '../../src/adapter-api/contract.ts';
import { silentLogger } from '../../src/logging.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { testLibrary } from '../helpers/libraries.ts';
import { describePeer } from '../peers/availability.ts';
import { ZEBRA_CONFIG_DIR, startZebra, type ZebraPeer } from '../../peers/zebra.ts';

const author = (value: string): QueryNode => ({ kind: 'term', field: 'author', value, mode: 'words' });
const title = (value: string): QueryNode => ({ kind: 'term', field: 'title', value, mode: 'words' });

function frontEnd(charset: string): string {
  return readFileSync(`${ZEBRA_CONFIG_DIR}yazgfs-split-charset.xml`, 'utf8').replaceAll('RECORD_CHARSET', charset);
}

/** The CJK title of 万历十五年 as the record carries it (880 linked to 245). */
const cjkTitles = (records: BibRecord[]): string[] => records.map((r) => r.vernacularTitle ?? '');
const allText = (records: BibRecord[]): string => JSON.stringify(records);

for (const [charset, label, protocols] of [
  ['gbk', 'gbk', ['z3950', 'sru']],
  ['marc8', 'marc-8', ['z3950']],
] as const) {
  describePeer(`Zebra reading UTF-8 terms, sending ${label} records`, ['zebra'], () => {
    let zebra: ZebraPeer;
    let agent: Agent;
    const open: TargetAdapter[] = [];

    beforeAll(async () => {
      zebra = await startZebra({ configFiles: { 'yazgfs.xml': frontEnd(charset) } });
      agent = new Agent({ connect: { timeout: 2000 } });
    });
    afterAll(async () => {
      await Promise.all(open.map((a) => a.close()));
      await agent?.close();
      await zebra?.stop();
    });

    function adapter(protocol: 'z3950' | 'sru', charsets: Record<string, string>): TargetAdapter {
      const library = testLibrary(`zebra-${label}`, { adapter: protocol });
      const context = { library, logger: silentLogger(), env: {}, httpDispatcher: () => agent };
      const made =
        protocol === 'z3950'
          ? z3950Adapter.create(z3950Adapter.settingsSchema.parse({ host: '127.0.0.1', port: zebra.port, databases: ['marc21'], recordSyntax: 'usmarc', format: 'marc21', ...charsets }), context)
          : sruAdapter.create(sruAdapter.settingsSchema.parse({ url: zebra.sruUrl('marc21'), recordSchema: 'marcxml', recordPacking: 'string', format: 'marc21', ...charsets }), context);
      open.push(made);
      return made;
    }
    const search = (a: TargetAdapter, query: QueryNode) => a.search({ query, start: 1, count: 10, signal: AbortSignal.timeout(10_000) });

    describe.each(protocols)('over %s', (protocol) => {
      it(`finds 黄仁宇 by a UTF-8 term and reads the ${label} records (queryCharset utf-8, recordCharset ${label})`, async () => {
        const result = await search(adapter(protocol, { queryCharset: 'utf-8', recordCharset: label }), author('黄仁宇'));
        expect(result.hits).toBe(2);
        expect(cjkTitles(result.records)).toContain('万历十五年');
        expect(result.records.every((r) => !r.charsetMismatch)).toBe(true);
        expect(allText(result.records)).not.toMatch(/\ufffd/);
      });

      it('finds Latin and CJK alike (the term goes out as UTF-8 whatever the records are)', async () => {
        const result = await search(adapter(protocol, { queryCharset: 'utf-8', recordCharset: label }), title('万历'));
        expect(result.hits).toBe(2);
      });

      if (protocol === 'z3950')
        it(`with one charset (${label}) for both directions the CJK term is lost on the UTF-8 index`, async () => {
          // The term goes out in the record charset: Zebra refuses GBK bytes as not UTF-8 and finds no key for MARC-8 — the reason for two settings.
          const outcome = await search(adapter(protocol, { charset: label }), author('黄仁宇')).then(
            (r) => `${r.hits} hits`,
            (e: unknown) => (e instanceof Error ? e.message : String(e)),
          );
          expect(outcome).toBe(label === 'gbk' ? 'Query term includes characters that do not translate into the target character set' : '0 hits');
        });
    });
  });
}
