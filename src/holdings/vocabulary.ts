/**
 * Holdings vocabulary: free-text 状态 → normalized status (with due date), and
 * 馆藏类型 → may it circulate. Defaults live in config/vocabulary/holdings.json
 * (data, not code); a library's `vocabulary` block merges over them.
 * Unknown texts read as `unknown` and keep their raw text (reference 05 §1).
 */
import { z } from 'zod';
import defaultsJson from '../../config/vocabulary/holdings.json' with { type: 'json' };
import type { LibraryConfig } from '../config/schema.ts';
import { findDate } from './due-date.ts';
import { HOLDING_STATUSES, type HoldingStatus } from './model.ts';
import { cleanText, textKey } from './text-key.ts';

const vocabularyFileSchema = z.object({
  $comment: z.string().optional(),
  statuses: z.partialRecord(z.enum(HOLDING_STATUSES), z.array(z.string().min(1))),
  collectionTypes: z.record(z.string().min(1), z.object({ loanable: z.boolean(), en: z.string().min(1) }).strict()),
});
export type VocabularyFile = z.infer<typeof vocabularyFileSchema>;

/** The shape of `library.vocabulary` (src/config/schema.ts). */
export interface VocabularyOverrides {
  statuses?: Record<string, string>;
  collectionTypes?: Record<string, boolean>;
}

interface StatusReading {
  status: HoldingStatus;
  /** As written, trimmed ('' when the library gave none). */
  text: string;
  /** The status word without its date tail: "借出" of "借出-应还日期：2025-07-10". */
  label: string;
  dueDate?: string;
  /** The vocabulary entry that matched; absent when the status is unknown. */
  matched?: string;
}

interface CollectionTypeReading {
  text: string;
  loanable: boolean;
  /** False when neither the defaults nor the library's overrides list this type. */
  known: boolean;
  /** English description for reasons ("reading-room copy"). */
  en: string;
}

/** Readings are shared between the copies that have the same text: read-only (frozen). */
export interface HoldingsVocabulary {
  readStatus(text: string | undefined): Readonly<StatusReading>;
  readCollectionType(text: string): Readonly<CollectionTypeReading>;
}

/** Where a status word ends and its date / note tail begins ("借出-应还…", "貸出中(返却…"). */
const TAIL_START = /[-:(（[【〔「,，;；/|]/u;
/** A tail may also start without punctuation: "借出应还日期2025-07-10", "due 2026-12-01". */
const TAIL_WORDS = /^(?:\d|应还|到期|返却|due|until|至)/u;
/** Types whose wording says "not lent" even when the vocabulary does not list them. */
const NOT_LENT_WORDS = /阅览|保存|不外借|仅供|禁帯出|馆内|閲覧|reference|notforloan|libraryuse/u;

function isStatus(value: string): value is HoldingStatus {
  return (HOLDING_STATUSES as readonly string[]).includes(value);
}

class Vocabulary implements HoldingsVocabulary {
  private readonly statuses = new Map<string, { status: HoldingStatus; entry: string }>();
  private readonly types = new Map<string, { loanable: boolean; en: string }>();
  /** Keys longest first, for the prefix step. */
  private readonly prefixes: string[];

  constructor(file: VocabularyFile, overrides: VocabularyOverrides | undefined) {
    for (const status of HOLDING_STATUSES) {
      for (const entry of file.statuses[status] ?? []) this.statuses.set(textKey(entry), { status, entry });
    }
    for (const [entry, status] of Object.entries(overrides?.statuses ?? {})) {
      if (!isStatus(status)) throw new Error(`vocabulary.statuses["${entry}"]: "${status}" is not one of ${HOLDING_STATUSES.join(', ')}`);
      this.statuses.set(textKey(entry), { status, entry });
    }
    for (const [entry, value] of Object.entries(file.collectionTypes)) this.types.set(textKey(entry), value);
    for (const [entry, loanable] of Object.entries(overrides?.collectionTypes ?? {})) {
      const known = this.types.get(textKey(entry));
      this.types.set(textKey(entry), { loanable, en: known?.loanable === loanable ? known.en : loanable ? 'lending copy' : 'non-lending copy' });
    }
    this.prefixes = [...this.statuses.keys()].filter((k) => k.length >= 2).sort((a, b) => b.length - a.length);
  }

  /**
   * Readings by raw text: a library writes a handful of status and type texts over and over, and
   * each reading normalizes, folds and searches. Bounded; callers share the frozen reading (a
   * copy for every call was two objects per copy of every record).
   */
  private readonly statusReadings = new Map<string, Readonly<StatusReading>>();
  private readonly typeReadings = new Map<string, Readonly<CollectionTypeReading>>();

  readStatus(raw: string | undefined): Readonly<StatusReading> {
    const key = raw ?? '';
    let reading = this.statusReadings.get(key);
    if (!reading) {
      reading = Object.freeze(this.readStatusUncached(raw));
      remember(this.statusReadings, key, reading);
    }
    return reading;
  }

  readCollectionType(raw: string): Readonly<CollectionTypeReading> {
    let reading = this.typeReadings.get(raw);
    if (!reading) {
      reading = Object.freeze(this.readCollectionTypeUncached(raw));
      remember(this.typeReadings, raw, reading);
    }
    return reading;
  }

  private readStatusUncached(raw: string | undefined): StatusReading {
    const text = cleanText(raw) ?? '';
    const key = textKey(text);
    const date = findDate(key);
    const base: StatusReading = { status: 'unknown', text, label: text };
    if (date) base.dueDate = date.iso;
    if (key === '') return base;

    const exact = this.statuses.get(key);
    if (exact) return { ...base, status: exact.status, matched: exact.entry };

    const dateless = date ? key.slice(0, date.index) + key.slice(date.index + date.text.length) : key;
    const head = dateless.split(TAIL_START)[0] ?? '';
    for (const candidate of [dateless.replace(/[-:(（[【〔「,，;；/|)）\]】〕」]+$/u, ''), head]) {
      const hit = candidate === '' ? undefined : this.statuses.get(candidate);
      if (hit) return { ...base, status: hit.status, matched: hit.entry, label: labelOf(text) };
    }
    for (const prefix of this.prefixes) {
      if (key.startsWith(prefix) && TAIL_WORDS.test(key.slice(prefix.length))) {
        const hit = this.statuses.get(prefix);
        if (hit) return { ...base, status: hit.status, matched: hit.entry, label: labelOf(text) };
      }
    }
    return base;
  }

  private readCollectionTypeUncached(raw: string): CollectionTypeReading {
    const text = cleanText(raw) ?? '';
    const hit = this.types.get(textKey(text));
    if (hit) return { text, loanable: hit.loanable, known: true, en: hit.en };
    // Unlisted type: trust its wording only to say "not lent"; otherwise let the status decide.
    const notLent = NOT_LENT_WORDS.test(textKey(text));
    return { text, loanable: !notLent, known: false, en: notLent ? 'non-lending copy' : 'collection type' };
  }
}

const MAX_REMEMBERED = 1024;

/** Keeps at most MAX_REMEMBERED readings: a flood of distinct texts (dates in statuses) starts over. */
function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size >= MAX_REMEMBERED) memo.clear();
  memo.set(key, value);
}

/** "借出-应还日期：2025-07-10" → "借出"; "貸出中（返却予定日 2026/12/01）" → "貸出中". */
function labelOf(text: string): string {
  const folded = text.normalize('NFKC');
  const cut = folded.search(/[-:([【〔「,，;；/|\d]/u);
  const label = (cut > 0 ? folded.slice(0, cut) : folded).trim();
  return label === '' ? text : label;
}

const DEFAULT_FILE: VocabularyFile = vocabularyFileSchema.parse(defaultsJson);
const DEFAULT_VOCABULARY = new Vocabulary(DEFAULT_FILE, undefined);
const perLibrary = new WeakMap<VocabularyOverrides, HoldingsVocabulary>();

/** The defaults merged with overrides (no caching; for tests and config checks). */
export function buildVocabulary(overrides?: VocabularyOverrides, file: VocabularyFile = DEFAULT_FILE): HoldingsVocabulary {
  return new Vocabulary(file, overrides);
}

export function defaultVocabulary(): HoldingsVocabulary {
  return DEFAULT_VOCABULARY;
}

/** The vocabulary of one library, built once per config object. */
export function vocabularyFor(library: Pick<LibraryConfig, 'vocabulary'>): HoldingsVocabulary {
  const overrides = library.vocabulary;
  if (!overrides) return DEFAULT_VOCABULARY;
  let vocabulary = perLibrary.get(overrides);
  if (!vocabulary) {
    vocabulary = new Vocabulary(DEFAULT_FILE, overrides);
    perLibrary.set(overrides, vocabulary);
  }
  return vocabulary;
}
