/** Fresh temp directories for a test (never the repository's data/), inside the run's own temp root (test/temp-root.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(process.env.GATEWAY_TEST_TMP ?? tmpdir(), prefix));
}

/** A data directory for a test gateway's ILL draft store. */
export function tempDataDir(): string {
  return tempDir('gateway-test-');
}
