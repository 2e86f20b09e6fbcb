/**
 * What a library can do, as its own protocol tells it (an adapter's `probe`) or as its config
 * says: which of our canonical indexes it searches, and the protocol facts found on the way.
 * The gateway skips a library for a search using an index it lacks; a library whose
 * capabilities are unknown (never probed, probe failed) is always asked.
 */
import type { SearchField } from '../query/model.ts';

/** SRU explain (ZeeRex): version answered, record schemas, the server's maximumRecords. */
export interface SruFacts {
  protocol: 'sru';
  version?: string;
  /** Record schemas the server offers (short name or identifier). */
  schemas: string[];
  maximumRecords?: number;
  /** CQL indexes the server lists (`set.name`, lower-cased), as they came. */
  cqlIndexes: string[];
}

/** Z39.50 Init (the option bits the target agreed to) and whether it offers Explain (IR-Explain-1). */
export interface Z3950Facts {
  protocol: 'z3950';
  namedResultSets: boolean;
  scan: boolean;
  sort: boolean;
  charsetNegotiation: boolean;
  explain: boolean;
  implementation?: string;
  /** Bib-1 use attributes probed, each with the answer: supported, or the diagnostic (114). */
  useAttributes: { use: number; supported: boolean; diagnostic?: string }[];
}

/** An HTML/HTTP catalogue: the index options of its search form (value and label as served). */
interface FormFacts {
  protocol: 'form';
  options: { value: string; label: string }[];
}

type ProtocolFacts = SruFacts | Z3950Facts | FormFacts;

export interface Capabilities {
  /** Canonical indexes the library searches. */
  indexes: SearchField[];
  facts?: ProtocolFacts;
  /** How it was learned: the protocol's mechanism (sru-explain, z3950-init+probe, search-form) or config. */
  source: string;
  /** When (ISO time). */
  at: string;
}
