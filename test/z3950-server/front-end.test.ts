/**
 * Front-end behaviour at the protocol level: the project's own Z39.50 client searching the
 * gateway through it (a gateway searching a gateway), Init authentication with librarian API
 * keys, and the limits (result sets per session, PDU size, idle timeout, per-address rate).
 */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger, silentLogger } from '../../src/logging.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { encodeClose } from '../../src/z3950/apdu/close.ts';
import { encodePresentRequest } from '../../src/z3950/apdu/present.ts';
import type { IncomingPdu } from '../../src/z3950/apdu/pdu.ts';
import { tlv } from '../../src/z3950/ber-writer.ts';
import { OID } from '../../src/z3950/oids.ts';
import { TermIndex } from '../../src/sru/term-index.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { RawClient, titleSearch } from './support/raw-client.ts';

function kind(pdu: IncomingPdu | undefined): string {
  return pdu === undefined ? 'closed' : pdu.type;
}

function closeReason(pdu: IncomingPdu | undefined): string | number | undefined {
  return pdu?.type === 'close' ? pdu.pdu.closeReason : undefined;
}

describe('the project’s own Z39.50 client against the front end (a gateway searching a gateway)', () => {
  let inner: RunningGateway;
  let outer: RunningGateway;

  beforeAll(async () => {
    inner = await startSimulatedGateway([{ id: 'alpha' }, { id: 'beta' }], { z3950: { port: 0 } });
    const raw = {
      gateway: { port: 0, deadlineMs: 8000 },
      libraries: [
        {
          id: 'balis-z',
          name: { zh: 'BALIS 联合检索（Z39.50）', en: 'BALIS union over Z39.50' },
          category: '其他类',
          adapter: 'z3950',
          settings: { host: '127.0.0.1', port: inner.z3950!.port, databases: ['Default'], recordSyntax: 'opac', format: 'marc21' },
        },
      ],
    };
    outer = await startGateway({ config: parseConfig(raw, 'outer', adapterRegistry), registry: adapterRegistry, logger: silentLogger(), port: 0, ill: { dataDir: tempDataDir() } });
  }, 60_000);

  afterAll(async () => {
    await outer?.close();
    await inner?.close();
  });

  it('finds the union’s merged works with every inner library’s copies and their circulation status', async () => {
    const direct = await inner.gateway.search({ kind: 'term', field: 'title', value: 'china', mode: 'words' }, inner.gateway.libraries);
    const { resultSet } = await outer.gateway.search({ kind: 'term', field: 'title', value: 'china', mode: 'words' }, outer.gateway.libraries);
    expect(resultSet.statuses.map((s) => s.state)).toEqual(['ok']);
    expect(resultSet.statuses[0]!.hits).toBe(direct.resultSet.clusters.length);
    const withCopies = resultSet.records.find((r) => r.holdings.length > 1);
    expect(withCopies).toBeDefined();
    const libraries = new Set(resultSet.records.flatMap((r) => r.holdings.map((h) => h.branch ?? h.location ?? '')));
    expect(libraries.size).toBeGreaterThan(1);
    expect(withCopies!.holdings.some((h) => h.status === 'available')).toBe(true);
    expect(resultSet.records.map((r) => r.title)).toContain(direct.resultSet.clusters[0]!.merged.title);
  });
});

describe('front-end sessions and limits', () => {
  let running: RunningGateway;
  const clients: RawClient[] = [];
  const open = async (): Promise<RawClient> => {
    const c = await RawClient.open(running.z3950!.port);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    running = await startSimulatedGateway([{ id: 'alpha' }], {
      z3950: { port: 0, maxResultSetsPerSession: 2, maxPduBytes: 8192, idleTimeoutSeconds: 1, sessionsPerIpPerMinute: 1000 },
    });
  }, 60_000);

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await running?.close();
  });

  it('keeps several named result sets per session, up to the limit (Bib-1 112), and presents from each', async () => {
    const c = await open();
    const init = await c.init();
    expect(init?.type === 'initResponse' && init.pdu.result).toBe(true);
    const a = await c.request(titleSearch('china', 'a'));
    const b = await c.request(titleSearch('history', 'b'));
    const third = await c.request(titleSearch('ming', 'c'));
    expect(a?.type === 'searchResponse' && Number(a.pdu.resultCount)).toBeGreaterThan(0);
    expect(b?.type === 'searchResponse' && b.pdu.searchStatus).toBe(true);
    expect(third?.type === 'searchResponse' && third.pdu.records?.kind === 'diagnostics' && third.pdu.records.diagnostics[0]!.condition).toBe(112);
    const fromA = await c.request(encodePresentRequest({ resultSetId: 'a', start: 1, count: 1, preferredRecordSyntax: OID.USMARC }));
    expect(fromA?.type === 'presentResponse' && fromA.pdu.numberOfRecordsReturned).toBe(1);
    const missing = await c.request(encodePresentRequest({ resultSetId: 'zz', start: 1, count: 1 }));
    expect(missing?.type === 'presentResponse' && missing.pdu.records?.kind === 'diagnostics' && missing.pdu.records.diagnostics[0]!.condition).toBe(30);
    // Replacing an existing name is allowed at the limit.
    const again = await c.request(titleSearch('ming', 'a'));
    expect(again?.type === 'searchResponse' && again.pdu.searchStatus).toBe(true);
  });

  it('a new set’s first page, encoded ahead in the last Present’s format, is that set’s records, the same as a session presenting it cold', async () => {
    const recordsOf = (pdu: IncomingPdu | undefined): string[] =>
      pdu?.type === 'presentResponse' && pdu.pdu.records?.kind === 'records'
        ? pdu.pdu.records.records.map((r) => (r.record.kind === 'retrieval' && r.record.external.encoding.kind === 'octet-aligned' ? r.record.external.encoding.bytes.toString('utf8') : `${r.record.kind}`))
        : [];
    const warm = await open();
    await warm.init();
    await warm.request(titleSearch('china'));
    const first = recordsOf(await warm.request(encodePresentRequest({ resultSetId: 'default', start: 1, count: 3, preferredRecordSyntax: OID.XML_TEXT })));
    expect(first.length).toBeGreaterThan(0);
    // Replaces "default": its first page is encoded ahead in XML, three records.
    await warm.request(titleSearch('history'));
    const ahead = recordsOf(await warm.request(encodePresentRequest({ resultSetId: 'default', start: 1, count: 3, preferredRecordSyntax: OID.XML_TEXT })));
    // Another format than the one encoded ahead is made on demand.
    const marc = recordsOf(await warm.request(encodePresentRequest({ resultSetId: 'default', start: 1, count: 3, preferredRecordSyntax: OID.USMARC })));
    const cold = await open();
    await cold.init();
    await cold.request(titleSearch('history'));
    expect(ahead).toEqual(recordsOf(await cold.request(encodePresentRequest({ resultSetId: 'default', start: 1, count: 3, preferredRecordSyntax: OID.XML_TEXT }))));
    expect(marc).toEqual(recordsOf(await cold.request(encodePresentRequest({ resultSetId: 'default', start: 1, count: 3, preferredRecordSyntax: OID.USMARC }))));
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((xml) => xml.includes('<record'))).toBe(true);
    expect(ahead).not.toEqual(first);
  });

  it('closes only the offending session on an oversized or malformed PDU; another session keeps being served', async () => {
    const good = await open();
    await good.init();
    const big = await open();
    await big.init();
    const reply = await big.request(tlv('context', true, 22, Buffer.alloc(20_000)));
    expect(closeReason(reply)).toBe('protocolError');
    expect(await big.next()).toBeUndefined();
    const bad = await open();
    await bad.init();
    expect(closeReason(await bad.request(Buffer.from([0xb6, 0x03, 0x01, 0x02, 0x03])))).toBe('protocolError');
    const answer = await good.request(titleSearch('china'));
    expect(answer?.type === 'searchResponse' && answer.pdu.searchStatus).toBe(true);
  });

  it('refuses requests before Init and answers Close with Close', async () => {
    const early = await open();
    expect(closeReason(await early.request(titleSearch('china')))).toBe('protocolError');
    const polite = await open();
    await polite.init();
    expect(closeReason(await polite.request(encodeClose({ closeReason: 'finished' })))).toBe('finished');
    expect(kind(await polite.next())).toBe('closed');
  });

  it('ends an idle session with Close "lackOfActivity"', async () => {
    const idle = await open();
    await idle.init();
    // Nothing sent: the next thing the client hears is the server's Close.
    expect(closeReason(await idle.next())).toBe('lackOfActivity');
  });
});

describe('Init authentication and the per-address rate', () => {
  let running: RunningGateway;
  const key = 'cataloguer-key-0123456789abcdef';

  beforeAll(async () => {
    process.env.Z3950_TEST_LIBRARIAN_KEY = key;
    running = await startSimulatedGateway([{ id: 'alpha' }], {
      auth: { apiKeys: [{ name: 'cataloguing', env: 'Z3950_TEST_LIBRARIAN_KEY' }] },
      z3950: { port: 0, auth: 'librarian-keys', sessionsPerIpPerMinute: 3 },
    });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    delete process.env.Z3950_TEST_LIBRARIAN_KEY;
  });

  it('accepts a librarian API key as idPass, refuses a wrong one (1011), then rate-limits the address (1018)', async () => {
    const port = running.z3950!.port;
    const ok = await RawClient.open(port);
    const accepted = await ok.init({ idAuthentication: { kind: 'idPass', userId: 'cataloguing', password: key } });
    expect(accepted?.type === 'initResponse' && accepted.pdu.result).toBe(true);
    const search = await ok.request(titleSearch('china'));
    expect(search?.type === 'searchResponse' && search.pdu.searchStatus).toBe(true);
    ok.close();

    const wrong = await RawClient.open(port);
    const refused = await wrong.init({ idAuthentication: { kind: 'idPass', userId: 'cataloguing', password: 'guess' } });
    expect(refused?.type === 'initResponse' && refused.pdu.result).toBe(false);
    expect(refused?.type === 'initResponse' && refused.pdu.diagnostics[0]?.condition).toBe(1011);
    expect(await wrong.next()).toBeUndefined();

    const anonymous = await RawClient.open(port);
    const noAuth = await anonymous.init();
    expect(noAuth?.type === 'initResponse' && noAuth.pdu.result).toBe(false);
    anonymous.close();

    const fourth = await RawClient.open(port);
    const limited = await fourth.init({ idAuthentication: { kind: 'idPass', userId: 'cataloguing', password: key } });
    expect(limited?.type === 'initResponse' && limited.pdu.result).toBe(false);
    expect(limited?.type === 'initResponse' && limited.pdu.diagnostics[0]?.condition).toBe(1018);
    fourth.close();
  });
});

describe('a busy gateway', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    // One search at a time and no queue: a search while the slot is held is refused.
    running = await startSimulatedGateway([{ id: 'slow' }], {
      z3950: { port: 0, sessionsPerIpPerMinute: 1000 },
      admission: { maxInFlight: 1, maxQueue: 0, adaptive: false },
    });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  it('refuses a search with Bib-1 2 (temporary system error), as SRU says diagnostic 2 and the API 503', async () => {
    // Another client's search holds the only slot for as long as the test needs it (no race against a slow library).
    const held = await running.gateway.admission.acquire('portal', 3000);
    expect(running.gateway.admission.stats.running).toBe(1);
    const c = await RawClient.open(running.z3950!.port);
    try {
      await c.init();
      const reply = await c.request(titleSearch('history'));
      expect(reply?.type).toBe('searchResponse');
      const diagnostics = reply?.type === 'searchResponse' && reply.pdu.records?.kind === 'diagnostics' ? reply.pdu.records.diagnostics : [];
      expect(diagnostics[0]?.condition).toBe(2);
      expect(diagnostics[0]?.addinfo).toMatch(/busy.*retry in \d+ s/);
      expect(reply?.type === 'searchResponse' && reply.pdu.searchStatus).toBe(false);
    } finally {
      c.close();
      held.release();
    }
    expect(running.gateway.admission.stats).toMatchObject({ running: 0, queued: 0 });
    // The slot free again, the same front end searches.
    const again = await RawClient.open(running.z3950!.port);
    try {
      await again.init();
      const reply = await again.request(titleSearch('history'));
      expect(reply?.type === 'searchResponse' && reply.pdu.searchStatus).toBe(true);
    } finally {
      again.close();
    }
  });
});

describe('bookkeeping after a Search response (the scan index, the kept set, metrics)', () => {
  let running: RunningGateway;
  const lines: { msg?: string; err?: { message?: string } }[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    });
    running = await startSimulatedGateway([{ id: 'alpha' }], { z3950: { port: 0 } }, createLogger({ level: 'info', destination }));
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  it('a step that fails after the response went out is logged; the session goes on answering', async () => {
    const add = vi.spyOn(TermIndex.prototype, 'add').mockImplementation(() => {
      throw new Error('scan index full of surprises');
    });
    const c = await RawClient.open(running.z3950!.port);
    try {
      await c.init();
      const first = await c.request(titleSearch('history'));
      expect(first?.type === 'searchResponse' && first.pdu.searchStatus).toBe(true);
      const second = await c.request(titleSearch('china'));
      expect(second?.type === 'searchResponse' && second.pdu.searchStatus).toBe(true);
    } finally {
      c.close();
      add.mockRestore();
    }
    const failures = lines.filter((l) => l.msg === 'Z39.50 front end: bookkeeping after the search answered failed');
    expect(failures.map((l) => l.err?.message)).toEqual(['scan index full of surprises', 'scan index full of surprises']);
  });
});
