/** What every session shares: the gateway, the tables derived from the config, the credentials. */
import type { LibraryConfig, Z3950ServerSettings } from '../config/schema.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Logger } from '../logging.ts';
import { DatabaseCatalog, sruSettings } from '../sru/databases.ts';
import type { RenderContext } from '../sru/schemas/registry.ts';
import { TermIndex } from '../sru/term-index.ts';
import type { CredentialCheck } from './credentials.ts';

export interface FrontEndService {
  gateway: Gateway;
  settings: Z3950ServerSettings;
  catalog: DatabaseCatalog;
  render: RenderContext;
  /** Scan browses the records this front end served (the SRU endpoint's rule, its own index). */
  terms: TermIndex;
  /** Scan's cap on terms per request (the SRU endpoint's maxTerms). */
  maxTerms: number;
  credentials: CredentialCheck;
  logger?: Logger;
}

export function frontEndService(gateway: Gateway, settings: Z3950ServerSettings, credentials: CredentialCheck, logger?: Logger): FrontEndService {
  const sru = sruSettings(gateway.config);
  const libraries = new Map<string, LibraryConfig>(gateway.libraries.map((l) => [l.id, l]));
  return {
    gateway,
    settings,
    catalog: new DatabaseCatalog(gateway.libraries, sru),
    render: { libraries, withholdMarc: new Set(sru.withholdMarc) },
    terms: new TermIndex(),
    maxTerms: sru.maxTerms,
    credentials,
    ...(logger ? { logger } : {}),
  };
}
