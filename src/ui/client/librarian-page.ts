/** The librarian's page at `/librarian`: holdings status lookup, member health, ILL drafts. */
import { api } from './api.ts';
import { setUpChrome } from './chrome.ts';
import { byId } from './dom.ts';
import { onLangChange } from './i18n.ts';
import { createLookup } from './librarian-lookup.ts';
import { loaders, refreshable } from './librarian-tables.ts';

async function main(): Promise<void> {
  setUpChrome();
  const app = byId('app');
  const libraries = new Map((await api.libraries()).map((l) => [l.id, l]));
  const lookup = createLookup(libraries);
  const health = refreshable('lib.heading', 'health-heading', loaders.health);
  const drafts = refreshable('drafts.heading', 'drafts-heading', loaders.drafts);
  app.append(lookup.element, health.element, drafts.element);
  await Promise.all([health.refresh(), drafts.refresh()]);
  onLangChange(() => {
    lookup.rerender();
    void health.refresh();
    void drafts.refresh();
  });
}

void main();
