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

/** What the target's Explain database said (Z39.50 Explain, IR-Explain-1), when it offers one. */
export interface Z3950ExplainFacts {
  /** The form its records came in: the Explain record syntax, or the server's XML rendering of it (none read: absent). */
  syntax?: 'explain' | 'xml';
  /** TargetInfo. */
  target?: {
    name: string;
    namedResultSets?: boolean;
    multipleDatabaseSearch?: boolean;
    maxResultSets?: number;
    maxResultSize?: number;
    timeoutInterval?: { value: number; unit?: string };
  };
  /** DatabaseInfo of the library's databases. */
  databases: { name: string; recordCount?: number; approximate?: boolean; title?: string }[];
  /** Distinct Bib-1 use attributes AttributeDetails list over the library's databases. */
  listedUseAttributes: number;
  /** Records that came but could not be read, or how the Explain database failed. */
  problems?: string[];
}

/** Z39.50 Init (the option bits the target agreed to) and whether it offers Explain (IR-Explain-1). */
export interface Z3950Facts {
  protocol: 'z3950';
  namedResultSets: boolean;
  scan: boolean;
  sort: boolean;
  charsetNegotiation: boolean;
  explain: boolean;
  explainInfo?: Z3950ExplainFacts;
  implementation?: string;
  /** The Bib-1 use attribute of each index, with the answer: settled by Explain's AttributeDetails, or by a probe search (114 = unsupported). */
  useAttributes: { use: number; supported: boolean; from: 'explain' | 'probe'; diagnostic?: string }[];
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
  /** How it was learned: the protocol's mechanism (sru-explain; z3950-init+probe, z3950-explain+init, z3950-explain+init+probe; search-form) or config. */
  source: string;
  /** When (ISO time). */
  at: string;
}
