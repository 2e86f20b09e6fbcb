/**
 * A production build for the tests that run `node dist/main.js`: built once per source state
 * into the temp dir (keyed by a hash of everything the build reads) and shared by the test files,
 * with the repository's node_modules linked in so the built server resolves its packages.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from '../../tools/build.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = ['src', 'adapters', 'tools', 'config/vocabulary', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
  } else {
    hash.update(path).update(readFileSync(path));
  }
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) hashTree(hash, join(ROOT, input));
  return hash.digest('hex').slice(0, 16);
}

/** Builds into a fresh directory (node_modules linked); the caller removes it. */
export async function freshBuild(prefix = 'gateway-dist-'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await buildDist(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The shared build for the current sources. Concurrent first callers may both build; one rename wins. */
export async function sharedBuild(): Promise<string> {
  const target = join(tmpdir(), `gateway-dist-${sourceHash()}`);
  if (existsSync(join(target, 'main.js'))) return target;
  const dir = await freshBuild('gateway-dist-tmp-');
  try {
    renameSync(dir, target);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
  return target;
}
