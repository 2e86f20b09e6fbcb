/**
 * The Zebra peer over real sockets: Z39.50 through yaz-client / zoomsh, SRU
 * through undici. Hit counts are derived from fixtures/catalogue (see its
 * README); a changed count means the catalogue or the index config changed.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePeer } from './availability.ts';
import { asArray, marcControl, marcLeader, marcSubfields, sruSearch, yazClient, zoomsh } from './clients.ts';
import { isRunning } from '../../peers/proc.ts';
import { daemonPid, startZebra, type ZebraPeer } from '../../peers/zebra.ts';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describePeer('Zebra peer: fixture catalogue over Z39.50 and SRU', ['zebra', 'yaz'], () => {
  let zebra: ZebraPeer;

  beforeAll(async () => {
    zebra = await startZebra();
  });

  afterAll(async () => {
    if (!zebra) return;
    await zebra.stop();
    // The daemon must be gone (a lingering zombie counts as gone) and its temp dir removed.
    expect(isRunning(zebra.pid)).toBe(false);
    expect(existsSync(zebra.dir)).toBe(false);
  });

  async function z3950Hits(db: string, query: string): Promise<number> {
    const run = await yazClient(zebra.z3950Target(db), [`find ${query}`]);
    expect(run.diagnostics, run.output).toEqual([]);
    expect(run.hits).toHaveLength(1);
    return run.hits[0] ?? -1;
  }

  it('indexes every record of both fixture files', async () => {
    expect(zebra.recordCounts).toEqual({ marc21: 30, cnmarc: 30 });
    for (const db of ['marc21', 'cnmarc']) {
      const all = await sruSearch(zebra.sruUrl(db), 'cql.allRecords=1', { maximumRecords: '0' });
      expect(all.numberOfRecords).toBe(30);
    }
  });

  describe('Bib-1 searches over Z39.50', () => {
    it.each([
      ['title phrase', '@attr 1=4 "cambridge history of china"', 6],
      ['title word list (and)', '@attr 1=4 @attr 4=6 "cambridge history china"', 7],
      ['title right truncation', '@attr 1=4 @attr 5=1 camb', 7],
      ['title, complete field', '@attr 1=4 @attr 6=3 "the cambridge history of china"', 1],
      ['author', '@attr 1=1003 twitchett', 4],
      ['author', '@attr 1=1003 fairbank', 4],
      ['ISBN-10 (set record lists volume ISBNs)', '@attr 1=7 0521243327', 2],
      ['ISBN-13', '@attr 1=7 9780521243322', 1],
      ['ISBN with check digit X', '@attr 1=7 052105799X', 1],
      ['ISSN', '@attr 1=8 0021-9118', 1],
      ['publisher', '@attr 1=1018 "cambridge university press"', 7],
      ['subject', '@attr 1=21 ming', 8],
      ['any', '@attr 1=1016 ming', 9],
      ['date range (numeric register)', '@attr 1=31 @attr 2=4 @attr 4=109 2000', 6],
      ['romanized title', '@attr 1=4 "wan li shi wu nian"', 2],
      ['CJK title from 880', '@attr 1=4 万历', 2],
      ['CJK author from 880', '@attr 1=1003 黄仁宇', 2],
      ['CJK publisher from 880', '@attr 1=1018 中华书局', 3],
      ['holding institution', '@attr 1=56 SHL', 12],
    ])('marc21: %s %s → %i', async (_label, query, expected) => {
      expect(await z3950Hits('marc21', query)).toBe(expected);
    });

    it.each([
      ['title phrase (English book and 500 uniform titles)', '@attr 1=4 "cambridge history of china"', 4],
      ['CJK title prefix', '@attr 1=4 万历', 3],
      ['CJK full title', '@attr 1=4 万历十五年', 3],
      ['CJK author incl. Japanese translation', '@attr 1=1003 黄仁宇', 5],
      ['CJK any', '@attr 1=1016 黄仁宇', 5],
      ['pinyin in $9', '@attr 1=4 "wan li shi wu nian"', 3],
      ['hyphenated ISBN as catalogued', '@attr 1=7 7-108-00999-4', 1],
      ['compact ISBN-13', '@attr 1=7 9787115163622', 1],
      ['ISBN-10 of an English book', '@attr 1=7 0521243327', 1],
      ['ISSN', '@attr 1=8 0459-1909', 1],
      ['CJK publisher', '@attr 1=1018 中华书局', 4],
      ['Japanese title (kana)', '@attr 1=4 中国の歴史', 2],
      ['simplified 史记 only', '@attr 1=4 史记', 1],
      ['Japanese 史記 only (no folding)', '@attr 1=4 史記', 1],
      ['language jpn', '@attr 1=54 jpn', 5],
      ['CLC class (CNMARC only index)', '@attr 1=20 K248.09', 5],
      ['date range (numeric register)', '@attr 1=31 @attr 2=4 @attr 4=109 2000', 8],
      ['holding institution', '@attr 1=56 SHL', 18],
    ])('cnmarc: %s %s → %i', async (_label, query, expected) => {
      expect(await z3950Hits('cnmarc', query)).toBe(expected);
    });

    it('searches both databases at once', async () => {
      const run = await yazClient(zebra.z3950Target('marc21'), [
        'base marc21 cnmarc',
        'find @attr 1=7 7108009994',
        'find @attr 1=4 "cambridge history of china"',
        'find @attr 1=1003 黄仁宇',
      ]);
      expect(run.hits).toEqual([2, 10, 7]);
    });

    it('answers an unknown database with diagnostic 109', async () => {
      const run = await yazClient(zebra.z3950Target('nosuchdb'), ['find ming']);
      expect(run.hits).toEqual([0]);
      expect(run.diagnostics).toEqual([{ code: 109, addinfo: 'nosuchdb' }]);
    });

    it('reports an index with no terms in a database as unsupported (114), per database', async () => {
      const run = await yazClient(zebra.z3950Target('marc21'), ['find @attr 1=20 K248.09']);
      expect(run.diagnostics).toEqual([{ code: 114, addinfo: '20' }]);
    });

    it('returns ISO 2709 with CJK intact (zoomsh, UNIMARC syntax)', async () => {
      const out = await zoomsh([
        `connect ${zebra.z3950Target('cnmarc')}`,
        'set preferredRecordSyntax unimarc',
        'search @attr 1=7 9787115163622',
        'show 0 1',
      ]);
      expect(out).toMatch(/: 1 hits/);
      expect(out).toContain('200 1  $a 修改代码的艺术 $9 xiu gai dai ma de yi shu');
      expect(out).toContain('100    $a 20071015d2007    em y0chiy50      ea');
    });
  });

  describe('OPAC records (holdings) over Z39.50', () => {
    it('builds one holding per 852 from a MARC 21 record', async () => {
      const run = await yazClient(zebra.z3950Target('marc21'), ['format opac', 'find @attr 1=12 fx21-0001', 'show 1']);
      expect(run.hits).toEqual([1]);
      expect(run.output).toContain('Record type: OPAC');
      expect(run.output.match(/^Data holdings \d+$/gm)).toHaveLength(5);
      // The seed's Shanghai Library copy of v.7: on shelf and of the ILL-lendable type.
      expect(run.output).toContain(
        ['nucCode: SHL', 'localLocation: 综合阅览室-1楼', 'callNumber: K20/C178/v.7/', 'publicNote: 归还', 'enumAndChron: v.7', 'circulation 0', ' availableNow: 1', ' restrictions: 参考外借资料', ' itemId: 54122100517423'].join('\n'),
      );
      // A loaned copy: due date lifted out of the status text (yaz-client prints the ASN.1 member's spelling).
      expect(run.output).toContain('publicNote: Checked out, due 2026-12-10');
      expect(run.output).toContain(' availableNow: 0\n availabiltyDate: 2026-12-10');
    });

    it('builds one holding per 905 from a CNMARC record', async () => {
      const run = await yazClient(zebra.z3950Target('cnmarc'), ['format opac', 'find @attr 1=12 fxcn-0002', 'show 1']);
      expect(run.hits).toEqual([1]);
      expect(run.output.match(/^Data holdings \d+$/gm)).toHaveLength(4);
      expect(run.output).toContain('200 1  $a 万历十五年');
      expect(run.output).toContain(['nucCode: SHL', 'localLocation: 中文书库', 'callNumber: K248.09/4-2/', 'publicNote: 归还'].join('\n'));
      expect(run.output).toContain(' availableNow: 1\n restrictions: 参考外借资料\n itemId: 54122100712345');
      // ASCII-colon variant of the 汇文 due-date status.
      expect(run.output).toContain('publicNote: 借出-应还日期:2026-11-30');
      expect(run.output).toContain(' availableNow: 0\n availabiltyDate: 2026-11-30\n restrictions: 普通外借资料');
    });
  });

  describe('SRU', () => {
    it('finds by CQL title, author and CJK terms', async () => {
      const cases: [string, string, number][] = [
        ['marc21', 'dc.title="cambridge history of china"', 6],
        ['marc21', 'dc.title all "cambridge history china"', 7],
        ['marc21', 'dc.creator=twitchett', 4],
        ['marc21', 'dc.date>=2000', 6],
        ['cnmarc', 'dc.title=万历', 3],
        ['cnmarc', 'dc.creator=黄仁宇', 5],
        ['cnmarc', 'bath.issn=1001-8867', 1],
        ['cnmarc', 'ming', 5],
      ];
      for (const [db, query, expected] of cases) {
        const result = await sruSearch(zebra.sruUrl(db), query, { maximumRecords: '0' });
        expect({ db, query, hits: result.numberOfRecords, diagnostics: result.diagnostics }).toEqual({ db, query, hits: expected, diagnostics: [] });
      }
    });

    it('returns MARCXML records, up to maximumRecords', async () => {
      const result = await sruSearch(zebra.sruUrl('marc21'), 'dc.title="cambridge history of china"', { maximumRecords: '5' });
      expect(result.status).toBe(200);
      expect(result.numberOfRecords).toBe(6);
      expect(result.records).toHaveLength(5);
      expect(result.recordSchemas).toEqual(Array(5).fill('info:srw/schema/1/marcxml-v1.1'));
      const titles = result.records.map((r) => marcSubfields(asArray(r.record)[0], '245', 'a')[0]);
      for (const title of titles) expect(title).toMatch(/^The Cambridge history of China/);
    });

    it('keeps the CNMARC leader and the UTF-8 charset in 100 $a', async () => {
      const result = await sruSearch(zebra.sruUrl('cnmarc'), 'bath.isbn=9787115163622');
      expect(result.numberOfRecords).toBe(1);
      const record = asArray(result.records[0]?.record)[0];
      expect(marcControl(record, '001')).toBe('fxcn-0009');
      expect(marcSubfields(record, '200', 'a')).toEqual(['修改代码的艺术']);
      expect(marcSubfields(record, '010', 'a')).toEqual(['978-7-115-16362-2']);
      const f100 = marcSubfields(record, '100', 'a')[0] ?? '';
      expect(f100.slice(26, 30)).toBe('50  ');
      expect(marcLeader(record).slice(5, 10)).toBe('nam0 ');
    });

    it('returns no records when maximumRecords is not given (SRU default 0)', async () => {
      const result = await sruSearch(zebra.sruUrl('cnmarc'), 'dc.title=万历', { maximumRecords: '' });
      expect(result.numberOfRecords).toBe(3);
      expect(result.records).toEqual([]);
    });

    it('serves OPAC-XML with holdings for recordSchema=opac', async () => {
      const result = await sruSearch(zebra.sruUrl('cnmarc'), 'rec.id=fxcn-0002', { recordSchema: 'opac' });
      expect(result.numberOfRecords).toBe(1);
      expect(result.recordSchemas).toEqual(['opac']);
      const opac = result.records[0]?.opacRecord as Record<string, unknown>;
      const bib = asArray((opac.bibliographicRecord as Record<string, unknown>).record)[0];
      expect(marcSubfields(bib, '200', 'a')).toEqual(['万历十五年']);
      const holdings = asArray((opac.holdings as Record<string, unknown>).holding);
      expect(holdings.map((h) => h.nucCode)).toEqual(['SHL', 'SHL', 'BUPT', 'BNU']);
      const circulation = holdings.map((h) => asArray((h.circulations as Record<string, unknown>).circulation)[0] ?? {});
      expect(circulation.map((c) => (c.availableNow as Record<string, unknown>)['@_value'])).toEqual(['1', '0', '1', '0']);
      expect(circulation.map((c) => c.restrictions)).toEqual(['参考外借资料', '普通外借资料', '普通外借资料', '普通外借资料']);
      expect(circulation.map((c) => c.availabilityDate)).toEqual([undefined, '2026-12-10', undefined, '2026-11-30']);
      expect(holdings[0]).toMatchObject({ localLocation: '中文书库', callNumber: 'K248.09/4-2/', publicNote: '归还' });
    });

    it('serves Dublin Core for recordSchema=dc', async () => {
      const result = await sruSearch(zebra.sruUrl('marc21'), 'bath.isbn=0300025181', { recordSchema: 'dc' });
      expect(result.recordSchemas).toEqual(['info:srw/schema/1/dc-v1.1']);
      const dc = result.records[0]?.dc as Record<string, unknown>;
      expect(dc.title).toEqual(['1587, a year of no significance : the Ming dynasty in decline /']);
      expect(dc.creator).toBe('Huang, Ray.');
      expect(dc.identifier).toContain('urn:isbn:0300025181');
    });

    it('answers an unknown database with HTTP 404 (HTML, not an SRU diagnostic)', async () => {
      const result = await sruSearch(zebra.sruUrl('nosuchdb'), 'ming');
      expect(result.status).toBe(404);
      expect(result.contentType).toContain('text/html');
      expect(result.numberOfRecords).toBeUndefined();
    });
  });
});

describePeer('Zebra peer lifecycle', ['zebra'], () => {
  // How fast it starts is not asserted (wall-clock time on shared cores varies several-fold); that it
  // starts, answers and goes away again is. bench:z3950 prints Zebra's start-up time.
  it('starts cold and stop() removes the process and temp dir', async () => {
    const peer = await startZebra();
    try {
      expect(isRunning(peer.pid)).toBe(true);
      expect(await refused(peer.port)).toBe(false);
    } finally {
      await peer.stop();
    }
    expect(isRunning(peer.pid)).toBe(false);
    expect(existsSync(peer.dir)).toBe(false);
    expect(await refused(peer.port)).toBe(true);
    // stop() is idempotent.
    await expect(peer.stop()).resolves.toBeUndefined();
  });

  it('runs two peers side by side on different ports', async () => {
    const [a, b] = await Promise.all([startZebra(), startZebra()]);
    try {
      expect(a.port).not.toBe(b.port);
      const [ra, rb] = await Promise.all([
        sruSearch(a.sruUrl('marc21'), 'bath.isbn=0521243327', { maximumRecords: '0' }),
        sruSearch(b.sruUrl('cnmarc'), 'bath.isbn=0521243327', { maximumRecords: '0' }),
      ]);
      expect([ra.numberOfRecords, rb.numberOfRecords]).toEqual([2, 1]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect([isRunning(a.pid), isRunning(b.pid)]).toEqual([false, false]);
  });
});

// zebrasrv -D returns before its child writes the pid file (YAZ's daemon releases the parent first).
describe('daemonPid', () => {
  it('waits for a pid file written after the daemon returned, and gives up on one that never names a running process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daemon-pid-'));
    try {
      const file = join(dir, 'zebrasrv.pid');
      writeFileSync(file, '');
      const waiting = daemonPid(file);
      setTimeout(() => writeFileSync(file, `${process.pid}\n`), 50);
      expect(await waiting).toBe(process.pid);
      writeFileSync(file, '');
      expect(await daemonPid(file, 100)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
