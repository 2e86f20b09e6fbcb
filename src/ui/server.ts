/**
 * Serves the web UI: `/` (union search), `/librarian`, the stylesheet and the bundled
 * browser code under `/ui/`. Pages are static shells; all data comes from the JSON API, and a
 * strict Content-Security-Policy (scripts and styles from this origin only, nothing inline)
 * backs up the client's rule of building the DOM with textContent.
 */
import express, { type Router } from 'express';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging.ts';
import { cachedBundle, ENTRY_POINTS } from './bundle.ts';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function readStatic(name: string): string {
  return readFileSync(`${STATIC_DIR}${name}`, 'utf8');
}

export function uiRouter({ logger }: { logger: Logger }): Router {
  const router = express.Router();
  const pages = { '/': readStatic('index.html'), '/librarian': readStatic('librarian.html') };
  const css = readStatic('app.css');
  const bundle = cachedBundle;
  bundle().catch((error: unknown) => logger.error({ err: error }, 'web UI bundle failed'));

  router.use((_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
    next();
  });

  for (const [path, html] of Object.entries(pages)) {
    router.get(path, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(html);
    });
  }

  router.get('/ui/app.css', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/css; charset=utf-8').send(css);
  });

  router.get('/ui/:name.js', async (req, res) => {
    const name = String(req.params.name);
    if (!Object.hasOwn(ENTRY_POINTS, name)) return void res.status(404).type('text/plain').send('no such script');
    try {
      const files = await bundle();
      const code = files.get(`${name}.js`);
      if (code === undefined) throw new Error(`bundle has no ${name}.js`);
      res.set('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(code);
    } catch (error) {
      logger.error({ err: error }, 'web UI bundle failed');
      res.status(500).type('text/plain').send('the web UI could not be built; see the gateway log');
    }
  });

  return router;
}
