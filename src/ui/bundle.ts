/**
 * Bundles the browser code (src/ui/client) with esbuild's JS API into memory. The demo does it
 * once per process (`npm start` serves the current source); `npm run build` writes the same
 * bundle to dist/ui with hashed names. esbuild is a devDependency: production never imports this.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { UiAssets, UiFile } from './assets.ts';

const ENTRY_POINTS = { search: 'search-page.ts', librarian: 'librarian-page.ts', requests: 'requests-page.ts' } as const;

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));
export const STYLESHEET = fileURLToPath(new URL('./static/app.css', import.meta.url));

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
function cachedBundle(): Promise<Map<string, string>> {
  pending ??= bundleClient().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** The demo's assets: bundled in memory, served under their logical names, revalidated on every load. */
export function inMemoryUiAssets(): UiAssets {
  return {
    hashed: false,
    load: async () => {
      const files = new Map<string, UiFile>([...(await cachedBundle())].map(([name, body]) => [name, { file: name, body }]));
      files.set('app.css', { file: 'app.css', body: readFileSync(STYLESHEET, 'utf8') });
      return files;
    },
  };
}
