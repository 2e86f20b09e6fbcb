/**
 * An SRU server's capabilities from its explain record: a canonical index is supported when
 * the CQL index this adapter sends for it (the library's `cql.indexes`, else the dc/bath
 * defaults) is one the server lists. Names compare by context-set identifier, so `bath.isbn`
 * matches a server that calls the Bath set by another prefix. cql.serverChoice needs no
 * listing: CQL gives every server one.
 */
import type { Capabilities, SruFacts } from '../../src/adapter-api/capabilities.ts';
import { DEFAULT_CONTEXT_SETS } from '../../src/query/cql/context-sets.ts';
import { targetIndex, type CqlTargetProfile } from '../../src/query/cql/serialize.ts';
import { SEARCH_FIELDS, type SearchField } from '../../src/query/model.ts';
import type { SruExplain } from './explain.ts';

const SERVER_CHOICE = `${DEFAULT_CONTEXT_SETS.cql}|serverchoice`;

/** `identifier|index` for a set name and index name, both lower-cased; the set resolved through `sets`, then the well-known ones. */
function key(set: string | undefined, name: string, sets: Record<string, string>, defaultSet: string): string {
  const short = (set ?? defaultSet).toLowerCase();
  const identifier = sets[short] ?? DEFAULT_CONTEXT_SETS[short] ?? short;
  return `${identifier}|${name.toLowerCase()}`;
}

export function sruCapabilities(explain: SruExplain, profile: CqlTargetProfile, at: Date): Capabilities {
  const defaultSet = explain.defaultSet ?? 'cql';
  const listed = new Set(explain.indexes.map((i) => key(i.set, i.name, explain.sets, defaultSet)));
  const indexes = SEARCH_FIELDS.filter((field: SearchField) => {
    const sent = targetIndex(field, profile);
    if (sent === null) return false;
    const dot = sent.indexOf('.');
    // Our own (unprefixed) names go out in the server's default set.
    const wanted = dot < 0 ? key(undefined, sent, explain.sets, defaultSet) : key(sent.slice(0, dot), sent.slice(dot + 1), explain.sets, defaultSet);
    return wanted === SERVER_CHOICE || listed.has(wanted);
  });
  const facts: SruFacts = {
    protocol: 'sru',
    schemas: explain.schemas,
    cqlIndexes: explain.indexes.map((i) => (i.set ? `${i.set}.${i.name}` : i.name).toLowerCase()),
    ...(explain.version === undefined ? {} : { version: explain.version }),
    ...(explain.maximumRecords === undefined ? {} : { maximumRecords: explain.maximumRecords }),
  };
  return { indexes, facts, source: 'sru-explain', at: at.toISOString() };
}
