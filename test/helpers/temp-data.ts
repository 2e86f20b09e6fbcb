/** A fresh data directory for a test gateway's ILL draft store (never the repository's data/). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gateway-test-'));
}
