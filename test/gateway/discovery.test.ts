/**
 * Capability discovery end to end on simulated libraries (real sockets): SRU libraries are
 * probed by explain, Z39.50 ones by Init and their Explain database; a search by ISBN skips the
 * libraries without an ISBN index — status skipped, "unsupported: isbn" — and the others answer
 * as before; configured capabilities override what a probe would find. /api/libraries carries
 * the capability record and /metrics the discovery age and probe outcomes.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemo } from '../../src/demo/start.ts';
import type { QueryNode } from '../../src/query/model.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

const isbn: QueryNode = { kind: 'term', field: 'isbn', value: '0521243327', mode: 'words' };
const title: QueryNode = { kind: 'term', field: 'title', value: 'Cambridge history of China', mode: 'words' };

describe('capability discovery in the gateway', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    gw = await startSimulatedGateway([
      { id: 'full' },
      { id: 'noisbn', lacks: ['isbn'] },
      { id: 'zfull', z3950: true },
      { id: 'znoisbn', z3950: true, lacks: ['isbn', 'issn'] },
      // Its server has an ISBN index; its config says otherwise, and the config wins.
      { id: 'conf', capabilities: { indexes: ['title', 'author', 'keyword'] } },
    ]);
    // Start-up began probing in the background; the same promise says when it is done.
    await gw.gateway.startDiscovery();
  }, 20_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('learns each library’s indexes from its own protocol, or takes the configured ones', () => {
    const known = (id: string) => gw.gateway.capabilities.get(id);
    expect(known('full')).toMatchObject({ source: 'sru-explain', indexes: ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year'] });
    expect(known('noisbn')?.indexes).not.toContain('isbn');
    expect(known('zfull')).toMatchObject({ source: 'z3950-explain+init', facts: { protocol: 'z3950', namedResultSets: true, explain: true, explainInfo: { syntax: 'explain', target: { name: 'BALIS Z39.50 library simulator' } } } });
    expect(known('zfull')?.indexes).toContain('isbn');
    const explained = known('zfull')?.facts;
    expect(explained?.protocol === 'z3950' && explained.explainInfo?.databases[0]?.recordCount).toBeGreaterThan(0);
    expect(known('znoisbn')?.indexes).toEqual(['title', 'author', 'publisher', 'subject', 'keyword', 'year']);
    expect(known('conf')).toMatchObject({ source: 'config', indexes: ['title', 'author', 'keyword'] });
  });

  it('an ISBN search skips the libraries without an ISBN index, saying so, and the others answer as before', async () => {
    const { resultSet } = await gw.gateway.search(isbn, gw.gateway.libraries, { fresh: true });
    const status = (id: string) => resultSet.statuses.find((s) => s.library === id)!;
    for (const id of ['noisbn', 'znoisbn', 'conf']) {
      expect(status(id)).toMatchObject({ state: 'skipped', hits: 0, fetched: 0, diagnostic: { source: 'gateway', code: 'unsupported', message: 'unsupported: isbn' }, skip: { code: 'unsupported', indexes: ['isbn'], en: 'unsupported: isbn', zh: '不支持的检索项：ISBN' } });
    }
    for (const id of ['full', 'zfull']) {
      expect(status(id).state).toBe('ok');
      expect(status(id).hits).toBeGreaterThan(0);
    }
    expect(resultSet.records.every((r) => r.library === 'full' || r.library === 'zfull')).toBe(true);
  });

  it('a title search goes to every library', async () => {
    const { resultSet } = await gw.gateway.search(title, gw.gateway.libraries, { fresh: true });
    expect(resultSet.statuses.map((s) => [s.library, s.state])).toEqual([
      ['full', 'ok'],
      ['noisbn', 'ok'],
      ['zfull', 'ok'],
      ['znoisbn', 'ok'],
      ['conf', 'ok'],
    ]);
  });

  it('/api/libraries carries each capability record; /metrics the discovery age and probe outcomes', async () => {
    const answer = (await (await request(`${gw.url}/api/libraries`)).body.json()) as { libraries: { id: string; capabilities: Record<string, unknown> }[] };
    const of = (id: string) => answer.libraries.find((l) => l.id === id)!.capabilities;
    expect(of('full')).toMatchObject({ known: true, configured: false, source: 'sru-explain', facts: { protocol: 'sru', version: '1.2', maximumRecords: 100, schemas: ['marcxml'] }, lastProbe: { outcome: 'ok' } });
    expect(of('znoisbn')).toMatchObject({ known: true, facts: { protocol: 'z3950', useAttributes: expect.arrayContaining([{ use: 7, supported: false, from: 'explain' }, { use: 8, supported: false, from: 'explain' }]) } });
    expect(typeof of('full').nextProbeAt).toBe('string');
    expect(of('conf')).toEqual({ known: true, configured: true, indexes: ['title', 'author', 'keyword'], source: 'config', at: expect.any(String) });

    const metrics = await (await request(`${gw.url}/metrics`, { headers: { 'x-demo-role': 'librarian' } })).body.text();
    expect(metrics).toMatch(/gateway_library_discovery_age_seconds\{library="full"\} \d/);
    expect(metrics).toMatch(/gateway_library_probes_total\{library="zfull",outcome="ok"\} 1/);
    // Configured capabilities are not discovered: no age.
    expect(metrics).not.toMatch(/gateway_library_discovery_age_seconds\{library="conf"\}/);
  });
});
