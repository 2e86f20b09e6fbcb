/**
 * Whether the real peers can run here, and the gate every peer test goes
 * through: run when the binaries are on PATH; otherwise skip with a reason,
 * unless REQUIRE_PEERS=1 (CI), where missing binaries must fail the run.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export type PeerKind = 'zebra' | 'yaz';

/** Binaries each peer needs (Zebra's start-up converts the catalogue with yaz-marcdump). */
const PEER_BINARIES: Record<PeerKind, readonly string[]> = {
  zebra: ['zebrasrv', 'zebraidx', 'yaz-marcdump'],
  yaz: ['yaz-ztest', 'yaz-client', 'zoomsh'],
};

export function onPath(binary: string, pathEnv = process.env.PATH ?? ''): boolean {
  return pathEnv.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function missingBinaries(kinds: readonly PeerKind[], pathEnv?: string): string[] {
  return kinds.flatMap((kind) => PEER_BINARIES[kind]).filter((binary, i, all) => all.indexOf(binary) === i && !onPath(binary, pathEnv));
}

export function peersAvailable(pathEnv?: string): Record<PeerKind, boolean> {
  return { zebra: missingBinaries(['zebra'], pathEnv).length === 0, yaz: missingBinaries(['yaz'], pathEnv).length === 0 };
}

export type PeerGate = { action: 'run' } | { action: 'skip' | 'fail'; reason: string };

export function peerGate(missing: readonly string[], env: NodeJS.ProcessEnv = process.env): PeerGate {
  if (missing.length === 0) return { action: 'run' };
  const list = missing.join(', ');
  if (env.REQUIRE_PEERS === '1') {
    return { action: 'fail', reason: `REQUIRE_PEERS=1 but not on PATH: ${list} (apt-get install yaz idzebra-2.0 libidzebra-2.0-mod-dom)` };
  }
  return { action: 'skip', reason: `not on PATH: ${list}; install yaz and idzebra-2.0, or set REQUIRE_PEERS=1 to fail instead of skipping` };
}

/** describe() for tests that need real peers; see peerGate for the rules. */
export function describePeer(name: string, kinds: readonly PeerKind[], fn: () => void): void {
  const gate = peerGate(missingBinaries(kinds));
  if (gate.action === 'run') {
    describe(name, fn);
  } else if (gate.action === 'fail') {
    describe(name, () => {
      it('has the peer binaries installed', () => {
        throw new Error(gate.reason);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${gate.reason}]`, fn);
  }
}
