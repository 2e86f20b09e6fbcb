/**
 * The production UI: the files `npm run build` wrote to dist/ui, listed in dist/ui/manifest.json
 * (logical name → hashed name). Read once; nothing is bundled at start.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { UiAssets, UiFile } from './assets.ts';

const manifestSchema = z.record(z.string().regex(/^[a-z]+\.(js|css)$/), z.string().regex(/^[a-z]+-[0-9a-f]{8,64}\.(js|css)$/));

export function builtUiAssets(dir: URL): UiAssets {
  let pending: Promise<ReadonlyMap<string, UiFile>> | undefined;
  const read = async () => {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(new URL('manifest.json', dir), 'utf8')));
    const files = new Map<string, UiFile>();
    for (const [logical, file] of Object.entries(manifest)) files.set(logical, { file, body: await readFile(new URL(file, dir), 'utf8') });
    return files;
  };
  return {
    hashed: true,
    load: () => {
      pending ??= read().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
}
