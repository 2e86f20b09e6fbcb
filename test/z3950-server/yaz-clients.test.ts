/**
 * The front end against independent, real clients: yaz-client and zoomsh (YAZ), over a gateway of
 * simulated SRU libraries, one of which fails (so partial results must be reported).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';
import { describePeer } from '../peers/availability.ts';
import { yazClient, zoomsh } from '../peers/clients.ts';

describePeer('Z39.50 front end with yaz-client and zoomsh', ['yaz'], () => {
  let running: RunningGateway;
  let target: string;

  beforeAll(async () => {
    running = await startSimulatedGateway(
      [
        { id: 'alpha', category: '理工类' },
        { id: 'beta', category: '医学类' },
        { id: 'broken', category: '其他类', fault: 'http500' },
      ],
      { z3950: { port: 0 } },
    );
    target = `127.0.0.1:${running.z3950!.port}`;
  }, 60_000);

  afterAll(async () => {
    await running?.close();
  });

  it('open, find with several attribute combinations, show in every syntax, scan, sort, close', async () => {
    const run = await yazClient(`${target}/Default`, [
      'find @attr 1=4 china',
      'show 1',
      'format xml',
      'show 2',
      'format opac',
      'show 1',
      'format usmarc',
      'elements B',
      'show 1',
      'elements F',
      'find @attr 1=1003 @attr 4=1 "Fairbank, John King"',
      'find @and @attr 1=4 china @attr 1=31 @attr 2=4 1990',
      'find @attr 1=4 @attr 5=1 cambridg',
      'find @attr 1=4 剑桥中国',
      'format unimarc',
      'show 1',
      'scan @attr 1=4 c',
      'sort 1=31 >',
      'close',
    ]);
    const out = run.output;
    expect(out).toContain('Options: search present scan sort namedResultSets');
    expect(run.hits.length).toBe(5);
    expect(run.hits.every((h) => h > 0)).toBe(true);
    // One library failed: a subset, and the search says so.
    expect(out).toContain('Result Set Status: subset');
    expect(out).toMatch(/Record type: USmarc[\s\S]*852 {4}\$a (alpha|beta)/);
    expect(out).toContain('<record xmlns="http://www.loc.gov/MARC21/slim">');
    expect(out).toMatch(/Record type: OPAC[\s\S]*nucCode: (alpha|beta)[\s\S]*availableNow: [01]/);
    // Brief: no added entries or notes, holdings kept.
    const presents = out.split('Sent presentRequest');
    expect(presents).toHaveLength(6);
    const [full, brief] = [presents[1]!, presents[4]!];
    expect(full).toMatch(/\n700 /);
    expect(brief).toMatch(/\n245 /);
    expect(brief).toMatch(/\n852 /);
    expect(brief).not.toMatch(/\n(651|700|504) /);
    expect(out).toMatch(/Record type: Unimarc|UNIMARC/i);
    expect(out).toMatch(/Received ScanResponse\s+\d+ entries/);
    expect(out).toContain('SortResponse: status=success');
    expect(out).toContain('Reason: finished');
  });

  it('answers unsupported attributes and unknown databases with the Bib-1 diagnostic', async () => {
    const run = await yazClient(`${target}/Default`, [
      'find @attr 1=9999 x',
      'find @attr 2=1 @attr 1=4 x',
      'find @attr 4=104 @attr 1=4 x',
      'find @attr 5=2 @attr 1=4 x',
      'find @attr 3=9 @attr 1=4 x',
      'find @attr 7=1 @attr 1=4 x',
      'base nope',
      'find x',
    ]);
    expect(run.diagnostics.map((d) => d.code)).toEqual([114, 117, 118, 120, 119, 113, 109]);
    expect(run.output).toContain("addinfo 'nope'");
  });

  it('multi-database searches union the libraries; a failed-only database gives diagnostic 2', async () => {
    const run = await yazClient(`${target}/alpha`, ['find @attr 1=4 china', 'base alpha beta', 'find @attr 1=4 china', 'base medicine', 'find @attr 1=4 china', 'base broken', 'find @attr 1=4 china']);
    const [alpha, both, medicine] = run.hits;
    expect(alpha).toBeGreaterThan(0);
    expect(both).toBeGreaterThanOrEqual(alpha!);
    expect(medicine).toBeGreaterThan(0);
    expect(run.output.split('Search was a bloomin').length - 1).toBe(1);
    expect(run.diagnostics.map((d) => d.code)).toEqual([2]);
  });

  it('piggy-backs records when the client asks for them (small-set and medium-set rules)', async () => {
    const run = await yazClient(`${target}/Default`, ['ssub 100', 'lslb 200', 'find @attr 1=4 china', 'ssub 0', 'lslb 100', 'mspn 2', 'find @attr 1=4 china']);
    const returned = [...run.output.matchAll(/records returned: (\d+)/g)].map((m) => Number(m[1]));
    expect(returned[0]).toBe(run.hits[0]);
    expect(returned[1]).toBe(2);
    expect(run.output).toMatch(/Record type: USmarc/);
  });

  it('zoomsh runs the same searches and shows records in USMARC, XML and OPAC', async () => {
    const out = await zoomsh([
      `connect ${target}/Default`,
      'search @attr 1=4 china',
      'show 0 1',
      'search @attr 1=1003 @attr 4=1 "Fairbank, John King"',
      'set preferredRecordSyntax xml',
      'show 0 1',
      'set preferredRecordSyntax opac',
      'show 0 1',
      'search @attr 1=9999 x',
    ]);
    expect(out).toMatch(/Default: \d+ hits/);
    expect(out).toMatch(/syntax=USmarc/);
    expect(out).toContain('<record xmlns="http://www.loc.gov/MARC21/slim">');
    expect(out).toMatch(/syntax=OPAC/);
    expect(out).toMatch(/error:.*114|Unsupported Use attribute/);
  });
});
