/**
 * Relevance of merged clusters to the query (src/query/model.ts). Each term scores by
 * the share of its units found in a field (Latin words; CJK character bigrams, so 万历十五年
 * matches 万历 十五年 in any segmentation), weighted title > author > subject > the rest;
 * an exact title match scores highest. Clusters with an ILL-eligible copy get a
 * configurable boost: the reader can actually borrow those.
 */
import { toIsbn13 } from '../identifiers/isbn.ts';
import { compactIssn } from '../identifiers/issn.ts';
import type { QueryNode, TermNode } from '../query/model.ts';
import { bigrams, compact, dropLeadingArticle, foldText, tokens } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';
import type { Cluster } from './types.ts';

export interface RankOptions {
  weights?: Partial<Record<'title' | 'author' | 'subject' | 'other', number>>;
  /** Added when a title term equals a whole title. */
  exactTitleBonus?: number;
  /** Score multiplied by (1 + illBoost) when some copy is ILL-eligible; 0 turns it off. */
  illBoost?: number;
  /** The search's field indexes, kept between its rankings (RankCache); absent, each call builds its own. */
  cache?: RankCache;
}

const DEFAULT_WEIGHTS = { title: 10, author: 6, subject: 4, other: 2 };
const CJK_RUN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/** Terms that count for relevance: those under NOT are excluded. */
function positiveTerms(node: QueryNode): TermNode[] {
  if (node.kind === 'term') return [node];
  if (node.kind === 'yearRange') return [];
  if (node.kind === 'not') return positiveTerms(node.left);
  return [...positiveTerms(node.left), ...positiveTerms(node.right)];
}

/** A query term folded and cut into units once per ranking, not once per cluster and field. */
interface PreparedTerm {
  term: TermNode;
  folded: string;
  units: { unit: string; prefix: boolean }[];
  /** compact(folded), for phrase matching. */
  phrase: string;
  /** The exact-title key of the term. */
  exact: string;
}

function prepareTerm(term: TermNode): PreparedTerm {
  const folded = foldText(term.value);
  const units: { unit: string; prefix: boolean }[] = [];
  const toks = tokens(folded);
  toks.forEach((token, i) => {
    if (CJK_RUN.test(token)) for (const unit of bigrams(token)) units.push({ unit, prefix: false });
    else units.push({ unit: token, prefix: term.truncation === 'right' && i === toks.length - 1 });
  });
  return { term, folded, units, phrase: compact(folded), exact: compact(dropLeadingArticle(folded)) };
}

/** A title's exact-match key (remembered per text: the same titles come back with every search that finds them). */
const exactKey = memoByText((text: string) => compact(dropLeadingArticle(foldText(text))), 5000);

/** One text's searchable units: words, CJK bigrams and single CJK characters. */
interface TextUnits {
  folded: string;
  units: readonly string[];
  /** The units as a set, made for a long text (notes, contents) when first looked in. */
  unitSet?: Set<string>;
  /** compact(folded), made when a phrase term first needs it. */
  compacted?: string;
}

/**
 * Remembered per text, like foldText: every library holding a work sends the same title, and a
 * query asked again gets the same records, so each field value is cut into units once, not once
 * per cluster per ranking. Units are an array (a few per text): smaller than a Set to keep.
 */
const textUnits = memoByText((value): TextUnits => {
  const folded = foldText(value);
  const units = new Set<string>();
  for (const token of tokens(folded)) {
    if (CJK_RUN.test(token)) {
      for (const unit of bigrams(token)) units.add(unit);
      for (const ch of token) units.add(ch);
    } else units.add(token);
  }
  return { folded, units: [...units] };
}, 5000);

/** Past this many units a text's units are looked up in a set rather than scanned. */
const SCAN_LIMIT = 16;

function hasUnit(part: TextUnits, unit: string): boolean {
  return part.units.length > SCAN_LIMIT ? (part.unitSet ??= new Set(part.units)).has(unit) : part.units.includes(unit);
}

/** A field's searchable units: the union of its distinct texts' units. */
class FieldIndex {
  private readonly parts: TextUnits[] = [];

  constructor(values: readonly (string | undefined)[] = []) {
    for (const value of values) this.add(value);
  }

  add(value: string | undefined): this {
    if (!value) return this;
    const part = textUnits(value);
    if (!this.parts.includes(part)) this.parts.push(part);
    return this;
  }

  private has(unit: string, prefix: boolean): boolean {
    for (const part of this.parts) if (hasUnit(part, unit) || (prefix && part.units.some((u) => u.startsWith(unit)))) return true;
    return false;
  }

  /** Share (0..1) of the term's units present; phrase terms must also occur as a phrase. */
  match(prepared: PreparedTerm): number {
    const { units, term } = prepared;
    if (units.length === 0) return 0;
    let hit = 0;
    for (const { unit, prefix } of units) if (this.has(unit, prefix)) hit++;
    const coverage = hit / units.length;
    if (term.mode === 'phrase' && coverage > 0) return this.parts.some((p) => (p.compacted ??= compact(p.folded)).includes(prepared.phrase)) ? 1 : coverage / 2;
    return coverage;
  }
}

/**
 * A cluster's field indexes, each built when a term first needs it: a title search never
 * folds and tokenizes the subjects, notes and contents of every cluster.
 */
class ClusterFields {
  private titleIndex?: FieldIndex;
  private authorIndex?: FieldIndex;
  private subjectIndex?: FieldIndex;
  private publisherIndex?: FieldIndex;
  private otherIndex?: FieldIndex;
  private exactSet?: Set<string>;
  private isbnSet?: Set<string>;
  private issnSet?: Set<string>;

  constructor(private readonly cluster: Cluster) {}

  // Title and author texts are added one by one: these two are built for most clusters of every search.
  get title(): FieldIndex {
    if (this.titleIndex) return this.titleIndex;
    const m = this.cluster.merged;
    const index = new FieldIndex([m.title, m.subtitle, m.partNumber, m.partName, m.vernacularTitle]);
    for (const r of this.cluster.records) index.add(r.title).add(r.subtitle).add(r.partName).add(r.vernacularTitle);
    return (this.titleIndex = index);
  }

  get author(): FieldIndex {
    if (this.authorIndex) return this.authorIndex;
    const index = new FieldIndex();
    for (const a of this.cluster.merged.authors) index.add(a.name).add(a.vernacular);
    index.add(this.cluster.merged.responsibility);
    for (const r of this.cluster.records) for (const a of r.authors) index.add(a.name);
    return (this.authorIndex = index);
  }

  get subject(): FieldIndex {
    const m = this.cluster.merged;
    return (this.subjectIndex ??= new FieldIndex([...m.subjects, ...m.classifications.map((c) => c.value)]));
  }

  get publisher(): FieldIndex {
    return (this.publisherIndex ??= new FieldIndex([this.cluster.merged.publisher, ...this.cluster.records.map((r) => r.publisher)]));
  }

  get other(): FieldIndex {
    const m = this.cluster.merged;
    return (this.otherIndex ??= new FieldIndex([m.publisher, m.place, ...m.series.map((s) => s.title), ...m.notes, ...m.contents]));
  }

  get exactTitles(): Set<string> {
    if (this.exactSet) return this.exactSet;
    // Each text keyed through exactKey's memory, not once per member record.
    const exact = new Set<string>();
    const add = (t: string | undefined) => {
      if (t) exact.add(exactKey(t));
    };
    for (const r of [this.cluster.merged, ...this.cluster.records]) {
      add(r.title);
      add(r.sortTitle);
      add(r.vernacularTitle);
      if (r.subtitle) add(`${r.title} ${r.subtitle}`);
    }
    return (this.exactSet = exact);
  }

  get isbns(): Set<string> {
    return (this.isbnSet ??= new Set(this.cluster.merged.isbns.map((i) => i.isbn13).filter((v): v is string => v !== undefined)));
  }

  get issns(): Set<string> {
    return (this.issnSet ??= new Set(this.cluster.merged.issns.map((i) => compactIssn(i)).filter((v): v is string => v !== undefined)));
  }
}

/**
 * A cluster's field indexes, kept for one search while its merged record and records are the same
 * objects (the merger rebuilds both when members change): the stream ranks every update and then
 * the whole set again, and most clusters are unchanged between those calls. One per search, dropped
 * with it: a module-wide WeakMap keyed by every search's merged records made each young-generation
 * collection walk its entries (in process, 30,000 merges and rankings of bench:z3950-server's
 * searches spent 12.6 s in scavenges with it, 2.2 s without).
 */
export class RankCache {
  private readonly fields = new Map<Cluster['merged'], { records: Cluster['records']; fields: ClusterFields }>();

  of(cluster: Cluster): ClusterFields {
    const cached = this.fields.get(cluster.merged);
    if (cached && cached.records === cluster.records) return cached.fields;
    const fields = new ClusterFields(cluster);
    this.fields.set(cluster.merged, { records: cluster.records, fields });
    return fields;
  }
}

function termScore(prepared: PreparedTerm, f: ClusterFields, w: typeof DEFAULT_WEIGHTS, exactBonus: number, year: number | undefined): number {
  const term = prepared.term;
  switch (term.field) {
    case 'title': {
      const exact = f.exactTitles.has(prepared.exact) ? exactBonus : 0;
      return w.title * f.title.match(prepared) + exact;
    }
    case 'author':
      return w.author * f.author.match(prepared);
    case 'subject':
      return w.subject * f.subject.match(prepared);
    case 'publisher':
      return w.other * f.publisher.match(prepared);
    case 'isbn': {
      const isbn = toIsbn13(term.value);
      return isbn && f.isbns.has(isbn) ? exactBonus : 0;
    }
    case 'issn': {
      const issn = compactIssn(term.value);
      return issn && f.issns.has(issn) ? exactBonus : 0;
    }
    case 'year':
      return year !== undefined && String(year) === term.value.trim() ? w.other : 0;
    case 'keyword': {
      const exact = f.exactTitles.has(prepared.exact) ? exactBonus : 0;
      return w.title * f.title.match(prepared) + w.author * f.author.match(prepared) + w.subject * f.subject.match(prepared) + w.other * f.other.match(prepared) + exact;
    }
  }
}

/** Clusters with `score` set, best first (ties: cluster id). */
export function rankClusters(clusters: readonly Cluster[], query: QueryNode, options: RankOptions = {}): Cluster[] {
  const w = { ...DEFAULT_WEIGHTS, ...options.weights };
  const exactBonus = options.exactTitleBonus ?? 2 * w.title;
  const illBoost = options.illBoost ?? 0.2;
  const terms = positiveTerms(query).map(prepareTerm);
  return clusters
    .map((cluster) => {
      const fields = options.cache ? options.cache.of(cluster) : new ClusterFields(cluster);
      let score = 0;
      for (const term of terms) score += termScore(term, fields, w, exactBonus, cluster.merged.year);
      if (cluster.eligibleLibraries.length > 0) score *= 1 + illBoost;
      return { ...cluster, score: Math.round(score * 1000) / 1000 };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
