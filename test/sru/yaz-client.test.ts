/**
 * A real SRU client against the endpoint: yaz-client (Debian package yaz), driven by
 * commands on stdin, over a gateway with simulated SRU libraries. Skipped only when
 * yaz-client is not installed and REQUIRE_PEERS is not "1".
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return dir !== '';
    } catch {
      return false;
    }
  });
}

/** Runs yaz-client with the commands on stdin; resolves with everything it printed once it exits. */
function yazClient(commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('yaz-client', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`yaz-client exited with ${code}:\n${out}`));
    });
    child.stdin.end(`${[...commands, 'quit'].join('\n')}\n`);
  });
}

const available = onPath('yaz-client');
const required = process.env.REQUIRE_PEERS === '1';

describe.skipIf(!available && !required)('yaz-client as an SRU client of the gateway', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    if (!available) throw new Error('REQUIRE_PEERS=1 but yaz-client is not on PATH (apt-get install yaz)');
    gw = await startSimulatedGateway([
      { id: 'pku', category: '理工类' },
      { id: 'shl', category: '医学类', version: '2.0' },
    ]);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('SRU 1.2 GET: find, show a MARCXML record with 852 holdings, scan titles', async () => {
    const out = await yazClient([`open ${gw.url}/sru`, 'sru get 1.2', 'find dc.title=history', 'show 1', 'scan dc.title=cambridge']);
    const hits = /Number of hits: (\d+)/.exec(out);
    expect(Number(hits?.[1])).toBeGreaterThan(0);
    expect(out).toContain('Received SRW SearchRetrieve Response');
    expect(out).toContain('pos=1 schema=info:srw/schema/1/marcxml-v1.1');
    expect(out).toMatch(/<datafield tag="852" ind1=" " ind2=" "><subfield code="a">(pku|shl)<\/subfield>/);
    expect(out).not.toMatch(/SRW diagnostic/);
    expect(out).toContain('Received SRW Scan Response');
    // yaz prints each term as "display: count whereInList value"
    expect(out).toMatch(/^.+: \d+ (first|inner|last|only) .+$/m);
  });

  it('SRU 2.0 POST on a library database: Dublin Core records and a creator scan', async () => {
    const out = await yazClient([`open ${gw.url}/sru/pku`, 'sru post 2.0', 'schema dc', 'find cql.serverChoice=China', 'show 1', 'scan dc.creator=a']);
    expect(Number(/Number of hits: (\d+)/.exec(out)?.[1])).toBeGreaterThan(0);
    expect(out).toContain('schema=info:srw/schema/1/dc-v1.1');
    expect(out).toContain('<srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema"');
    expect(out).toContain('<dc:source>pku图书馆 (pku)</dc:source>');
    expect(out).toContain('Received SRW Scan Response');
  });

  it('reports our diagnostics to the client', async () => {
    const out = await yazClient([`open ${gw.url}/sru`, 'sru get 1.2', 'find dc.format=book', 'find dc.title=history or dc.language=chi']);
    expect(out).toContain('SRW diagnostic info:srw/diagnostic/1/16');
    expect(out).toContain('Details: dc.format');
    expect(out).toContain('SRW diagnostic info:srw/diagnostic/1/48');
  });
});
