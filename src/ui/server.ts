/**
 * Serves the web UI: `/` (union search), `/librarian`, the stylesheet and the bundled
 * browser code under `/ui/`. Pages are static shells; all data comes from the JSON API, and a
 * strict Content-Security-Policy (scripts and styles from this origin only, nothing inline)
 * backs up the client's rule of building the DOM with textContent. Hashed assets (the
 * production build) are cached for a year; the pages themselves are always revalidated.
 */
import express, { type Router } from 'express';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging.ts';
import { pageHeaders } from '../http/security-headers.ts';
import { UI_CONTENT_TYPES, type UiAssets, type UiFile } from './assets.ts';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const LONG_CACHE = 'public, max-age=31536000, immutable';

function readStatic(name: string): string {
  return readFileSync(`${STATIC_DIR}${name}`, 'utf8');
}

/** Points the page's `/ui/<logical>` references at the served (hashed) names. */
function linkAssets(html: string, files: ReadonlyMap<string, UiFile>): string {
  return html.replace(/(["'])\/ui\/([a-z]+\.(?:js|css))\1/g, (whole, quote: string, logical: string) => {
    const file = files.get(logical);
    return file ? `${quote}/ui/${file.file}${quote}` : whole;
  });
}

export function uiRouter({ logger, assets }: { logger: Logger; assets: UiAssets }): Router {
  const router = express.Router();
  const pages = { '/': readStatic('index.html'), '/librarian': readStatic('librarian.html'), '/requests': readStatic('requests.html') };
  const loaded = () => assets.load();
  loaded().catch((error: unknown) => logger.error({ err: error }, 'web UI assets failed to load'));

  router.use((_req, res, next) => {
    res.set(pageHeaders(CSP));
    next();
  });

  for (const [path, html] of Object.entries(pages)) {
    router.get(path, async (_req, res) => {
      let files: ReadonlyMap<string, UiFile>;
      try {
        files = await loaded();
      } catch {
        return void res.status(500).type('text/plain').send('the web UI could not be loaded; see the gateway log');
      }
      res.set('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(linkAssets(html, files));
    });
  }

  router.get('/ui/:file', async (req, res) => {
    const name = String(req.params.file);
    let files: ReadonlyMap<string, UiFile>;
    try {
      files = await loaded();
    } catch (error) {
      logger.error({ err: error }, 'web UI assets failed to load');
      return void res.status(500).type('text/plain').send('the web UI could not be built; see the gateway log');
    }
    const file = [...files.values()].find((f) => f.file === name);
    if (!file) return void res.status(404).type('text/plain').send('no such file');
    const type = UI_CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    res.set('Cache-Control', assets.hashed ? LONG_CACHE : 'no-cache').type(type).send(file.body);
  });

  return router;
}
