/**
 * extraResponseData of searchRetrieve: one element per member library saying how it
 * answered (hits, records fetched, time) and, for a library that timed out or failed,
 * its diagnostic as an SRU diagnostic (the library's own URI when it sent one) plus the
 * gateway's source/code, so a portal can tell its users which libraries are missing.
 */
import type { LibraryStatus } from '../gateway/index.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { escapeXml } from '../records/marcxml/write.ts';
import type { ResultSet } from '../resultsets/store.ts';
import { filtersKey, type PostFilter } from './filters.ts';
import { diagnosticXml, type SruDiagnosticOut, type SruVersion } from './write.ts';

export const FEDERATION_NS = 'info:srw/extension/x/balis-federation-v1';

/** States in which a library's records are missing from the set. */
export function failed(status: LibraryStatus): boolean {
  return status.state === 'timeout' || status.state === 'error' || status.state === 'skipped';
}

/** The SRU form of a library's problem: its own SRU diagnostic when it sent one, else 2 (unavailable) or 1. */
function libraryDiagnostic(status: LibraryStatus): SruDiagnosticOut {
  const d = status.diagnostic;
  const fromUri = d?.uri ? /^info:srw\/diagnostic\/1\/(\d+)$/.exec(d.uri) : null;
  const unavailable = status.state === 'timeout' || status.state === 'skipped' || d?.source === 'http';
  const code = fromUri ? Number(fromUri[1]) : unavailable ? 2 : 1;
  const cause = d ? `${d.source} ${d.code}${d.addinfo ? `: ${d.addinfo}` : ''}` : status.state;
  return { code, details: `${status.library}: ${cause}`, message: d?.message ?? `library ${status.state}` };
}

function attrs(a: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export function federationXml(
  set: ResultSet | undefined,
  libraries: ReadonlyMap<string, LibraryConfig>,
  options: { fromCache: boolean; filters: readonly PostFilter[]; version: SruVersion; served: number },
): string {
  const head = attrs({
    resultSet: set?.id,
    createdAt: set?.createdAt,
    fromCache: options.fromCache,
    elapsedMs: set?.elapsedMs,
    postFilters: options.filters.length > 0 ? filtersKey(options.filters) : undefined,
    served: options.served,
  });
  const parts = [`<fed:federation xmlns:fed="${FEDERATION_NS}"${head}>`];
  for (const status of set?.statuses ?? []) {
    const library = libraries.get(status.library);
    const d = status.diagnostic;
    parts.push(
      `<fed:library${attrs({ id: status.library, state: status.state, hits: status.hits, fetched: status.fetched, elapsedMs: status.elapsedMs, source: d?.source, code: d?.code })}>`,
    );
    if (library) parts.push(`<fed:name xml:lang="zh">${escapeXml(library.name.zh)}</fed:name><fed:name xml:lang="en">${escapeXml(library.name.en)}</fed:name>`);
    if (status.state !== 'ok' && status.state !== 'suspended' && d) {
      parts.push(`<fed:diagnostic>${diagnosticXml(libraryDiagnostic(status), options.version, '')}</fed:diagnostic>`);
    }
    if (status.state === 'suspended' && d) parts.push(`<fed:notice>${escapeXml(d.message)}</fed:notice>`);
    parts.push('</fed:library>');
  }
  parts.push('</fed:federation>');
  return parts.join('');
}
