/**
 * Bundles the browser code (src/ui/client) with esbuild's JS API into memory, once per
 * process: no build artefacts to forget, and `npm install && npm start` serves the current
 * source. The build starts when the router is created, so the first page load rarely waits.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const ENTRY_POINTS = { search: 'search-page.ts', librarian: 'librarian-page.ts' } as const;
export type BundleName = keyof typeof ENTRY_POINTS;

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

export async function bundleClient(): Promise<Map<string, string>> {
  const result = await build({
    absWorkingDir: CLIENT_DIR,
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, `./${file}`])),
    bundle: true,
    write: false,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    outdir: 'out',
    minify: true,
    sourcemap: false,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = new Map<string, string>();
  for (const file of result.outputFiles) {
    const name = file.path.split(/[\\/]/).pop() ?? file.path;
    files.set(name, file.text);
  }
  return files;
}

let pending: Promise<Map<string, string>> | undefined;

/** One build per process (tests start many gateways); a failed build is retried on the next request instead of being cached. */
export function cachedBundle(): Promise<Map<string, string>> {
  pending ??= bundleClient().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
