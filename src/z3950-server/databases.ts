/**
 * Z39.50 database names are the SRU endpoint's (/sru/<db>: src/sru/databases.ts): the union,
 * a library id, a category alias or a configured group. "Default" — yaz-client's and most
 * clients' default — is the union unless the config defines a database of that name.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { DatabaseCatalog } from '../sru/databases.ts';
import { Bib1Error } from './bib1-error.ts';

const MAX_DATABASES = 64;
const UNION_NAMES = new Set(['default', 'union', 'balis']);

export function librariesOf(catalog: DatabaseCatalog, names: readonly string[]): LibraryConfig[] {
  if (names.length === 0) throw new Bib1Error(109, 'no database named');
  if (names.length > MAX_DATABASES) throw new Bib1Error(111, String(MAX_DATABASES));
  const byId = new Map<string, LibraryConfig>();
  for (const name of names) {
    const found = catalog.find(name) ?? (UNION_NAMES.has(name.trim().toLowerCase()) ? catalog.union : undefined);
    if (!found || name.includes('/')) throw new Bib1Error(109, name);
    for (const library of found.libraries) byId.set(library.id, library);
  }
  // Config order, so the same databases in another order are the same search (and cache entry).
  return catalog.union.libraries.filter((l) => byId.has(l.id));
}
