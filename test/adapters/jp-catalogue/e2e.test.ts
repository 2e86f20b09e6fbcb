/**
 * End to end through the gateway: the demo config's entries for the Japanese catalogue,
 * the BALIS union catalogue and the Shanghai Library OPAC, served by their demo launchers
 * on loopback, searched through the HTTP API for a Japanese title.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../../adapters/index.ts';
import { simulatorLaunchers } from '../../../adapters/simulators.ts';
import { parseDemoConfig } from '../../../src/demo/simulate-config.ts';
import type { LibraryStatus } from '../../../src/fanout/status.ts';
import type { Holding } from '../../../src/holdings/model.ts';
import { silentLogger } from '../../../src/logging.ts';
import { startDemoGateway, type RunningDemo } from '../../../src/demo/start.ts';
import { tempDataDir } from '../../helpers/temp-data.ts';

const DEMO = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));
const WANTED = ['shl', 'shl-jp', 'balis-union'];

interface RecordView {
  id: string;
  library: string;
  title: string;
  holdings: Holding[];
}

/** Records as a list, or (once results are merged) inside clusters of the same work: lists carry them with marc=1. */
interface SearchAnswer {
  records: RecordView[] | number;
  clusters?: { records: RecordView[] }[];
  libraries: LibraryStatus[];
}

function recordsOf(body: SearchAnswer): RecordView[] {
  return Array.isArray(body.records) ? body.records : (body.clusters ?? []).flatMap((c) => c.records);
}

describe('a Japanese title search through the gateway with the demo launchers', () => {
  let running: RunningDemo;
  beforeAll(async () => {
    const raw = JSON.parse(readFileSync(DEMO, 'utf8')) as { gateway: Record<string, unknown>; libraries: { id: string }[] };
    const libraries = raw.libraries.filter((l) => WANTED.includes(l.id));
    expect(libraries.map((l) => l.id).sort()).toEqual([...WANTED].sort());
    const config = parseDemoConfig({ gateway: { ...raw.gateway, port: 0 }, libraries }, DEMO, adapterRegistry);
    running = await startDemoGateway({ config, registry: adapterRegistry, logger: silentLogger(), simulators: simulatorLaunchers, port: 0, ill: { dataDir: tempDataDir() }, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers 中国の歴史 from the Japanese catalogue and shows BALIS members and their service', async () => {
    expect(running.simulated.sort()).toEqual([...WANTED].sort());
    const response = await fetch(`${running.url}/api/search?title=${encodeURIComponent('中国の歴史')}&limit=100&marc=1`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SearchAnswer;
    const status = (id: string) => body.libraries.find((l) => l.library === id);
    const records = recordsOf(body);

    expect(status('shl-jp')).toMatchObject({ state: 'ok', hits: 13, warnings: [] });
    const japanese = records.filter((r) => r.library === 'shl-jp');
    expect(japanese.map((r) => r.id)).toContain('shl-jp:fxcn-0012');
    expect(japanese.every((r) => r.title.includes('中国の歴史'))).toBe(true);
    const first = japanese.find((r) => r.id === 'shl-jp:fxcn-0012');
    expect(first?.holdings[0]).toMatchObject({ branch: '上海图书馆', statusText: '归还', collectionType: '参考外借资料', ill: { eligible: true } });

    // BALIS finds the books at its members. Its member list marks 上海图书馆 "(暂停服务)": a warning on the
    // union's status, while the copies follow 上海图书馆's own configured service (one verdict per lender;
    // the mark suspends it only with service.followUnion, test/demo/verdicts.test.ts).
    expect(status('balis-union')?.state).toBe('ok');
    expect(status('balis-union')?.warnings).toContainEqual(expect.objectContaining({ code: 'member-suspended', library: 'shl' }));
    const union = records.filter((r) => r.library === 'balis-union');
    expect(union.map((r) => r.id)).toEqual(expect.arrayContaining(['balis-union:fxcn-0012', 'balis-union:fxcn-0013']));
    const copies = union.flatMap((r) => r.holdings);
    const atShl = copies.filter((h) => h.library === 'shl');
    expect(atShl.length).toBeGreaterThan(0);
    expect(atShl.every((h) => !h.ill?.reasons.some((reason) => reason.code === 'lender_suspended'))).toBe(true);
    expect(copies.some((h) => h.library !== 'shl' && h.ill?.eligible)).toBe(true);
  });
});
