/**
 * The gate for tests that need Redis and/or PostgreSQL (peers/services.ts starts them): missing
 * binaries skip with a reason, or fail with REQUIRE_PEERS=1, like the Z39.50 peers.
 */
import { describe, it } from 'vitest';
import { postgresBinDir, redisAvailable } from '../../peers/services.ts';
import { peerGate } from './availability.ts';

export type ServiceKind = 'redis' | 'postgres';

function missingServices(kinds: readonly ServiceKind[]): string[] {
  const missing: string[] = [];
  if (kinds.includes('redis') && !redisAvailable()) missing.push('redis-server');
  if (kinds.includes('postgres') && postgresBinDir() === undefined) missing.push('initdb/pg_ctl (postgresql)');
  return missing;
}

/** describe() for tests that need Redis and/or PostgreSQL. */
export function describeService(name: string, kinds: readonly ServiceKind[], fn: () => void): void {
  const gate = peerGate(missingServices(kinds));
  if (gate.action === 'run') describe(name, fn);
  else if (gate.action === 'fail') {
    describe(name, () => {
      it('has redis-server and postgresql installed', () => {
        throw new Error(`${gate.reason.replace(/\(apt-get[^)]*\)/u, '')}(apt-get install redis-server postgresql)`);
      });
    });
  } else describe.skip(`${name} [skipped: ${gate.reason}]`, fn);
}

