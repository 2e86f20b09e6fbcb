import { describe, expect, it } from 'vitest';
import { missingBinaries, onPath, peerGate, peersAvailable } from './availability.ts';

describe('peer availability gate', () => {
  it('runs when nothing is missing, whatever REQUIRE_PEERS says', () => {
    expect(peerGate([], {})).toEqual({ action: 'run' });
    expect(peerGate([], { REQUIRE_PEERS: '1' })).toEqual({ action: 'run' });
  });

  it('skips with the missing binaries named when REQUIRE_PEERS is not 1', () => {
    const gate = peerGate(['zebrasrv', 'zebraidx'], {});
    expect(gate.action).toBe('skip');
    expect(gate).toMatchObject({ reason: expect.stringContaining('zebrasrv, zebraidx') });
    expect(peerGate(['yaz-ztest'], { REQUIRE_PEERS: 'yes' }).action).toBe('skip');
  });

  it('fails instead of skipping when REQUIRE_PEERS=1', () => {
    const gate = peerGate(['yaz-ztest'], { REQUIRE_PEERS: '1' });
    expect(gate).toEqual({ action: 'fail', reason: expect.stringContaining('REQUIRE_PEERS=1 but not on PATH: yaz-ztest') });
  });

  it('looks binaries up on the given PATH only', () => {
    expect(onPath('sh', '/bin:/usr/bin')).toBe(true);
    expect(onPath('zebrasrv', '/nonexistent')).toBe(false);
    expect(missingBinaries(['zebra', 'yaz'], '/nonexistent')).toEqual(['zebrasrv', 'zebraidx', 'yaz-marcdump', 'yaz-ztest', 'yaz-client', 'zoomsh']);
    expect(peersAvailable('/nonexistent')).toEqual({ zebra: false, yaz: false });
  });
});
