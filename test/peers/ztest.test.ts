/**
 * yaz-ztest's fault behaviours over real sockets (reference 09-test-peers.md):
 * the hit count follows the term, SlowN delays, unknown database, present
 * beyond the hits, a Scan that drops the session.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePeer } from './availability.ts';
import { sruSearch, yazClient, zoomsh } from './clients.ts';
import { isRunning } from '../../peers/proc.ts';
import { startYazZtest, type YazZtestPeer } from './ztest.ts';

/** Live (non-zombie) pids whose process group is `pgid`. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // The process exited while we were reading.
    }
  }
  return pids;
}

describePeer('yaz-ztest peer: fault behaviours', ['yaz'], () => {
  let ztest: YazZtestPeer;

  beforeAll(async () => {
    ztest = await startYazZtest();
  });

  afterAll(async () => {
    if (!ztest) return;
    await ztest.stop();
    expect(isRunning(ztest.pid)).toBe(false);
    expect(groupMembers(ztest.pid)).toEqual([]);
  });

  it('gives as many hits as the leading digits of the term', async () => {
    const run = await yazClient(ztest.z3950Target('Default'), ['find 12', 'find 3']);
    expect(run.hits).toEqual([12, 3]);
    const sru = await sruSearch(ztest.sruUrl('Default'), '12', { maximumRecords: '1' });
    expect(sru.numberOfRecords).toBe(12);
    expect(sru.records).toHaveLength(1);
  });

  it('answers a present beyond the hits with diagnostic 13 (and SRU 61)', async () => {
    const run = await yazClient(ztest.z3950Target('Default'), ['find 12', 'show 13']);
    expect(run.hits).toEqual([12]);
    expect(run.diagnostics).toEqual([{ code: 13, addinfo: '13' }]);
    const sru = await sruSearch(ztest.sruUrl('Default'), '12', { startRecord: '13', maximumRecords: '1' });
    expect(sru.diagnostics).toEqual(['info:srw/diagnostic/1/61']);
  });

  it('answers an unknown database with 109 over Z39.50 and HTTP 404 over SRU', async () => {
    const run = await yazClient(ztest.z3950Target('nosuch'), ['find 5']);
    expect(run.diagnostics).toEqual([{ code: 109, addinfo: 'nosuch' }]);
    const sru = await sruSearch(ztest.sruUrl('nosuch'), '5');
    expect(sru.status).toBe(404);
  });

  it('refuses two databases at once with diagnostic 23', async () => {
    const run = await yazClient(ztest.z3950Target('Default'), ['base db1 db2', 'find 5']);
    expect(run.diagnostics.map((d) => d.code)).toEqual([23]);
  });

  it('delays SlowN searches by N seconds; SRU adds diagnostic 59', async () => {
    const run = await yazClient(ztest.z3950Target('Slow1'), ['find 5']);
    expect(run.hits).toEqual([5]);
    // yaz-client's "Elapsed" lines: init, then the search. Lower bounds only: they check the peer's own
    // delay (what makes SlowN a slow target), and a loaded machine can only lengthen it, never flake it.
    expect(run.elapsed[1]).toBeGreaterThanOrEqual(1);
    const started = performance.now();
    const sru = await sruSearch(ztest.sruUrl('Slow1'), '7', { maximumRecords: '1' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(sru.numberOfRecords).toBe(7);
    expect(sru.diagnostics).toEqual(['info:srw/diagnostic/1/59']);
  });

  it('gives per-record diagnostics for GRS-1 (14) and SRU dc (63)', async () => {
    const run = await yazClient(ztest.z3950Target('Default'), ['find 3', 'format grs-1', 'show 1']);
    expect(run.diagnostics.map((d) => d.code)).toEqual([14]);
    const sru = await sruSearch(ztest.sruUrl('Default'), '3', { recordSchema: 'dc', maximumRecords: '1' });
    expect(sru.recordSchemas).toEqual(['info:srw/schema/1/diagnostics-v1.1']);
    expect(sru.body).toContain('info:srw/diagnostic/1/63');
  });

  it('rejects an unknown database option with 1025', async () => {
    const run = await yazClient(ztest.z3950Target('Default?nosuchoption=1'), ['find 3']);
    expect(run.diagnostics).toEqual([{ code: 1025, addinfo: 'nosuchoption' }]);
  });

  it('returns an OPAC record with one holding', async () => {
    const out = await zoomsh([`connect ${ztest.z3950Target('Default')}`, 'set preferredRecordSyntax opac', 'search 7', 'show 0 1']);
    expect(out).toMatch(/: 7 hits/);
    expect(out).toContain('syntax=OPAC');
    expect(out.match(/<holding>/g)).toHaveLength(1);
    expect(out).toContain('<callNumber>MLCM 89/00602 (N)</callNumber>');
    expect(out).toContain('<availableNow value="1"/>');
  });

  it('drops the session on Scan (a ready "peer closed the connection" case)', async () => {
    const run = await yazClient(ztest.z3950Target('Default'), ['find 3', 'scan ming', 'find 4']);
    expect(run.hits).toEqual([3]);
    expect(run.output).toContain('Target closed connection');
    expect(run.output).toContain('Not connected yet');
  });

  it('stop() also ends forked session processes', async () => {
    const peer = await startYazZtest();
    // A client that keeps its session open: yaz-client waits on stdin.
    const client = spawn('yaz-client', [peer.z3950Target('Default')], { stdio: ['pipe', 'pipe', 'ignore'] });
    try {
      client.stdin.write('find 5\n');
      let seen = '';
      for await (const chunk of client.stdout) {
        seen += String(chunk);
        if (seen.includes('Number of hits: 5')) break;
      }
      // Daemon plus the forked session process.
      expect(groupMembers(peer.pid).length).toBeGreaterThanOrEqual(2);
      await peer.stop();
      expect(groupMembers(peer.pid)).toEqual([]);
    } finally {
      client.stdin.end('quit\n');
      // Ended by a signal (SIGPIPE: its stdout was closed by the loop above), exitCode stays null and 'exit' has been emitted.
      if (client.exitCode === null && client.signalCode === null) await once(client, 'exit');
      await peer.stop();
    }
  });
});
