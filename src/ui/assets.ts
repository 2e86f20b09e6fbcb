/**
 * Where the web UI's scripts and stylesheet come from. The demo bundles the browser code in
 * memory (src/ui/bundle.ts, esbuild, a devDependency); production serves what `npm run build`
 * wrote to dist/ui with content-hashed names (src/ui/built-assets.ts). The pages name each file
 * by its logical name (`/ui/search.js`); the router rewrites those to the served names.
 */
export interface UiFile {
  /** The name it is served under: the logical name, or `search-3f2a…js` when hashed. */
  file: string;
  body: string;
}

export interface UiAssets {
  /** Logical name (`search.js`, `librarian.js`, `app.css`) → the file. */
  load(): Promise<ReadonlyMap<string, UiFile>>;
  /** Content-hashed names: cache for a year, immutable. Otherwise revalidate every time. */
  hashed: boolean;
}

export const UI_CONTENT_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
