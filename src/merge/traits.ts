/**
 * What tells two manifestations apart when a shared key says they might be one: their own
 * ISBNs, volume, subtitle, binding and stated edition. A title key or an ISBN that may be
 * a set's joins two groups only when none of these disagree (cluster.ts); the same facts
 * name the reason when the groups stay apart and are shown as related (relations.ts).
 */
import type { BibRecord } from '../records/model.ts';
import { editionKey, sameVolume, splitTitleVolume } from './designations.ts';
import { compact, dropLeadingArticle, foldText, hasCjk, stripNonSort, twoOrMoreChars } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';

export interface Traits {
  /** Valid ISBN-13s that are the record's own (and a serial's ISSNs, as "issn 1000-4254"). */
  isbns: readonly string[];
  volume: string;
  /** Remainder-of-title keys tagged by script: "l:completereference", "c:明代卷". */
  subtitles: readonly string[];
  /** "hard" / "soft" / "". */
  binding: string;
  /** Edition key when the record states one ("2", "r"); "" when it states none. */
  edition: string;
}

/** The union of the traits of every record in one group. */
export interface GroupTraits {
  isbns: Set<string>;
  volumes: Set<string>;
  subtitles: Set<string>;
  bindings: Set<string>;
  editions: Set<string>;
}

export type ConflictCode = 'isbn' | 'volume' | 'subtitle' | 'binding' | 'edition';

const CJK_LANGS = new Set(['chi', 'jpn', 'kor']);

/** Other title information in one string: cut at the responsibility, a parallel title, or a volume tail. */
function subtitleText(text: string): string {
  let s = text.normalize('NFKC');
  const cut = /\s+[/=]\s+/u.exec(s);
  if (cut) s = s.slice(0, cut.index);
  const split = splitTitleVolume(s);
  return split ? split.title : s;
}

/**
 * The part after the first " : " of a title that carries its own subtitle (iPac, 880 $a : $b);
 * null when none. Remembered per title (text-memo.ts), like the key below: every record's titles are read on every merge.
 */
const afterColon = memoByText((title: string): string | null => {
  const m = /\s*[:：]\s*(.+)$/u.exec(stripNonSort(title).normalize('NFKC'));
  return m ? (m[1] as string) : null;
});

const subtitleKey = memoByText((text: string): string => compact(dropLeadingArticle(foldText(subtitleText(text)))));

/**
 * 245 $b / 200 $e (or the title's own " : " part), and the vernacular title's. A romanized
 * subtitle of a CJK book is not compared: romanization differs between catalogues.
 */
export function subtitleKeys(record: BibRecord, lang: string): string[] {
  const out: string[] = [];
  const cjkLang = CJK_LANGS.has(lang);
  const own = record.subtitle ?? (record.partNumber || record.partName ? undefined : afterColon(record.title));
  if (own) addTags(out, subtitleTags(own), cjkLang);
  if (record.vernacularTitle) {
    const v = afterColon(record.vernacularTitle);
    if (v) addTags(out, subtitleTags(v), cjkLang);
  }
  return out;
}

/** One subtitle's script-tagged keys: for a record in a CJK language, and for any other. Shared, hence read-only. */
interface SubtitleTags {
  cjkLang: readonly string[];
  otherLang: readonly string[];
}

const NO_TAGS: SubtitleTags = { cjkLang: [], otherLang: [] };

/** Remembered per subtitle text, like its key: the same subtitle comes from every library holding the book. */
const subtitleTags = memoByText((text: string): SubtitleTags => {
  const key = subtitleKey(text);
  if (!twoOrMoreChars(key)) return NO_TAGS;
  // Dates and numbers ("1840-1919") read the same in every script.
  if (!/\p{L}/u.test(key)) {
    const both = [`c:${key}`, `l:${key}`];
    return { cjkLang: both, otherLang: both };
  }
  if (hasCjk(text)) {
    const cjk = [`c:${key}`];
    return { cjkLang: cjk, otherLang: cjk };
  }
  return { cjkLang: [], otherLang: [`l:${key}`] };
});

function addTags(out: string[], tags: SubtitleTags, cjkLang: boolean): void {
  for (const tag of cjkLang ? tags.cjkLang : tags.otherLang) if (!out.includes(tag)) out.push(tag);
}

export function statedEdition(record: BibRecord): string {
  return record.edition ? editionKey(record.edition) : '';
}

export function emptyGroupTraits(): GroupTraits {
  return { isbns: new Set(), volumes: new Set(), subtitles: new Set(), bindings: new Set(), editions: new Set() };
}

export function addTraits(group: GroupTraits, t: Traits): void {
  for (const isbn of t.isbns) group.isbns.add(isbn);
  if (t.volume) group.volumes.add(t.volume);
  for (const s of t.subtitles) group.subtitles.add(s);
  if (t.binding) group.bindings.add(t.binding);
  if (t.edition) group.editions.add(t.edition);
}

function equal(x: string, y: string): boolean {
  return x === y;
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>, same: (x: string, y: string) => boolean = equal): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of a) for (const y of b) if (same(x, y)) return false;
  return true;
}

/** One subtitle may be cut short in one catalogue: a prefix of the other is the same subtitle. */
function sameSubtitle(x: string, y: string): boolean {
  return x === y || x.startsWith(y) || y.startsWith(x);
}

/** Both groups have subtitles in this script and none of them is the same (compared in place: this runs for every pair of groups in a bucket). */
function scriptDisagrees(a: ReadonlySet<string>, b: ReadonlySet<string>, script: string): boolean {
  let inA = false;
  let inB = false;
  for (const x of a) {
    if (!x.startsWith(script)) continue;
    inA = true;
    for (const y of b) {
      if (!y.startsWith(script)) continue;
      inB = true;
      if (sameSubtitle(x, y)) return false;
    }
  }
  return inA && inB;
}

function subtitlesDisagree(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return scriptDisagrees(a, b, 'l:') || scriptDisagrees(a, b, 'c:');
}

/** Why two groups cannot be one manifestation; undefined when nothing disagrees. */
export function traitsConflict(a: GroupTraits, b: GroupTraits): ConflictCode | undefined {
  if (disjoint(a.isbns, b.isbns)) return 'isbn';
  if (disjoint(a.volumes, b.volumes, sameVolume)) return 'volume';
  if (disjoint(a.editions, b.editions)) return 'edition';
  if (disjoint(a.bindings, b.bindings)) return 'binding';
  if (subtitlesDisagree(a.subtitles, b.subtitles)) return 'subtitle';
  return undefined;
}
