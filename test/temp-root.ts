/**
 * vitest globalSetup: one temp directory for the whole run, under which the tests' temp
 * directories go (test/helpers/temp-data.ts), removed when the run ends: each test file runs
 * in a process of its own that vitest stops with a signal, so a file cannot clean up on exit.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'gateway-tests-'));
  // Readable by the peers' own users (nginx workers, postgres) like any temp directory.
  chmodSync(root, 0o755);
  process.env.GATEWAY_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
