/**
 * Match keys of one record. Records that share a key describe the same manifestation,
 * so everything that separates manifestations is inside the key: the carrier (print /
 * electronic) in every key; language, year, edition and volume in the title keys.
 * Keys are computed once per record; clustering only looks keys up (no pairwise comparison).
 */
import { compactIsbn, isValidIsbn, toIsbn13 } from '../identifiers/isbn.ts';
import type { BibRecord, SetLink } from '../records/model.ts';
import { editionKey, splitTitleVolume, volumeKey } from './designations.ts';
import { otherIdKeys, recordIsbns } from './identifiers.ts';
import { statedEdition, subtitleKeys, type Traits } from './traits.ts';
import { authorKeys } from './names.ts';
import { compact, dropLeadingArticle, foldText, scriptLanguage, stripNonSort, twoOrMoreChars } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';
import type { MatchKey, MatchRule } from './types.ts';

export interface KeyOptions {
  /** otherIds schemes that identify a manifestation (lower case). */
  otherIdSchemes?: readonly string[];
}

const DEFAULT_OTHER_ID_SCHEMES: readonly string[] = ['csbn', 'lccn', 'ncid'];

/** What clustering and relations need to know about one record. */
export interface RecordProfile {
  recordId: string;
  electronic: boolean;
  volume: string;
  lang: string;
  keys: MatchKey[];
  /** Valid ISBN-13s of the record itself: two groups with different ones are never joined by title. */
  isbns: string[];
  foreignIsbns: string[];
  /** Identifiers several manifestations may share (统一书号, LCCN, NCID, a set's or another binding's ISBN): they relate clusters. */
  sharedIds: string[];
  /** What vetoes a join by title or by a possibly shared ISBN (traits.ts). */
  traits: Traits;
  year: string;
  /** lang|title|author without year, edition, volume, carrier: finds other editions and forms. */
  workKeys: string[];
  /** lang|title of the set a volume belongs to (or that a set record is). */
  setKey: string;
  setTitle: string;
  /** Compact folded titles, for "translation of" notes to find. */
  titleKeys: string[];
  translationOf: string[];
}

const SERIALS = new Set(['期刊', '报纸']);
const TRANSLATION_NOTE = /^(?:translation of|translated from|traduction de|traduit de|übersetzung von|译自|原书名|原文题名|原题|原名|原書名|原題)\s*[:：]?\s*(.+)$/iu;

/** The title proper: other title information, parallel titles and responsibility cut off (remembered per text). */
const titleProper = memoByText((text: string): string => {
  const nfkc = stripNonSort(text).normalize('NFKC');
  const cut = /\s+[:=/;]\s+|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])\s*[:;=]/u.exec(nfkc);
  return cut && cut.index > 0 ? nfkc.slice(0, cut.index) : nfkc;
});

/** Compact folded title without a leading article: the title part of every title key (remembered per text, like foldText). */
export const titleKey = memoByText(titleKeyUncached);

function titleKeyUncached(text: string): string {
  const proper = titleProper(text);
  const key = compact(dropLeadingArticle(foldText(proper)));
  // "C++", "C#": the symbols are the title.
  return twoOrMoreChars(key) ? key : compact(proper.toLowerCase().replace(/\s+/gu, ''));
}

/** The title key of the original a translation note names ("Translation of: …"); null when the note names none. Remembered per note. */
const translatedFrom = memoByText((note: string): string | null => {
  const m = TRANSLATION_NOTE.exec(note.normalize('NFKC').trim());
  return m ? titleKey((m[1] as string).replace(/\.\s*$/u, '')) : null;
});

/** A title's own volume tail ("… Vol. 7, The Ming dynasty"), remembered per title; shared, hence read-only. */
const ownVolume = memoByText((title: string) => splitTitleVolume(stripNonSort(title).normalize('NFKC')) ?? null);

interface TitleForm {
  rule: MatchRule;
  title: string;
  authors: string[];
  volume: string;
}

function isElectronic(record: BibRecord): boolean {
  return record.materialType === '电子资源';
}

/** The volume designation and the title it belongs to: part fields, then the title's tail, then a set link. */
function volumeAndTitle(record: BibRecord): { title: string; volume: string; setLink?: { title: string; volume: string; isbn?: string } } {
  const base = record.sortTitle?.trim() ? record.sortTitle : record.title;
  if (record.partNumber || record.partName) {
    // A part without a number ("Supplement", "索引") is still a part of its own.
    const volume = volumeKey(record.partNumber, record.partName) || compact(foldText(`${record.partNumber ?? ''} ${record.partName ?? ''}`));
    if (volume) return { title: base, volume };
  }
  // iPac puts the part after the subtitle: "Title : subtitle. v.7: Part name".
  const split = ownVolume(base);
  if (split) return split;
  const link = setOrHostLink(record.links) ?? setOrHostLink(record.series);
  const linkVolume = link ? volumeKey(link.volume) : '';
  if (link && linkVolume) return { title: base, volume: linkVolume, setLink: { title: link.title, volume: linkVolume, ...(link.isbn ? { isbn: link.isbn } : {}) } };
  return { title: base, volume: '' };
}

/** The first set or host link with a volume (no spread list: every record is asked). */
function setOrHostLink(links: readonly SetLink[]): SetLink | undefined {
  for (const l of links) if ((l.kind === 'set' || l.kind === 'host') && l.volume) return l;
  return undefined;
}

/** Adds a key unless its text is there already (a record has a dozen keys at most). */
function pushKey(keys: MatchKey[], rule: MatchRule, value: string, key: string): void {
  for (const k of keys) if (k.key === key) return;
  keys.push({ rule, value, key });
}

/**
 * A key's parts joined by "|". Joined, not a template literal: a template of eight parts is
 * a chain of cons strings, which the maps keyed by it flatten into a copy again.
 */
function matchKey(parts: string[]): string {
  return parts.join('|');
}

/** What a form without authors iterates: one empty author. Read-only. */
const NO_AUTHOR: readonly string[] = [''];

export function profileRecord(record: BibRecord, options: KeyOptions = {}): RecordProfile {
  const electronic = isElectronic(record);
  const carrier = electronic ? 'e' : 'p';
  const { title, volume, setLink } = volumeAndTitle(record);
  const primaryTitle = titleKey(title);
  const lang = record.languages[0] ?? scriptLanguage(record.title) ?? 'eng';
  const year = record.year === undefined ? '' : String(record.year);
  const edition = editionKey(record.edition);
  const names = authorKeys(record, 'name');
  const vernacularNames = authorKeys(record, 'vernacular');

  const forms: TitleForm[] = [{ rule: 'title-author-year', title: primaryTitle, authors: names, volume }];
  if (record.vernacularTitle) {
    forms.push({ rule: 'vernacular', title: titleKey(record.vernacularTitle), authors: vernacularNames.length > 0 ? vernacularNames : names, volume });
  }
  if (setLink) forms.push({ rule: 'set-volume', title: titleKey(setLink.title), authors: names, volume: setLink.volume });

  const keys: MatchKey[] = [];
  const isbns = recordIsbns(record, volume, electronic);
  const binding = isbns.binding;
  // "7" and "7.1" (v. 7, pt. 1) are one volume to a key; the traits' check compares the refinement.
  const dot = volume.indexOf('.');
  const topVolume = dot < 0 ? volume : volume.slice(0, dot);
  for (const isbn of isbns.identity) {
    pushKey(keys, 'isbn', isbn, matchKey(['isbn', isbn, carrier]));
    // Also offered to records of the same volume that give this ISBN without saying whose it is.
    if (volume !== '') pushKey(keys, 'volume-isbn', `${isbn} v. ${volume}`, matchKey(['iw', isbn, topVolume, carrier]));
  }
  // Never to a record without a volume: that may be the set the ISBN belongs to.
  for (const isbn of isbns.ambiguous) pushKey(keys, 'volume-isbn', `${isbn} v. ${volume}`, matchKey(['iw', isbn, topVolume, carrier]));
  // A 461 / 773 link's ISBN is the set's.
  const linkIsbn = setLink?.isbn ? compactIsbn(setLink.isbn) : undefined;
  if (linkIsbn && isValidIsbn(linkIsbn)) {
    const isbn13 = toIsbn13(linkIsbn);
    if (isbn13 && !isbns.set.includes(isbn13)) isbns.set.push(isbn13);
  }
  // The set's identifier and the volume designation name one volume; the set's ISBN alone never does.
  if (volume !== '') {
    for (const isbn of isbns.set) pushKey(keys, 'set-volume', `ISBN ${isbn} v. ${volume}`, matchKey(['sv', isbn, topVolume, edition, year, carrier]));
    for (const isbn of isbns.ambiguous) pushKey(keys, 'set-volume', `ISBN ${isbn} v. ${volume}`, matchKey(['sv', isbn, topVolume, edition, year, carrier]));
  }
  const sharedIds: string[] = [...isbns.set, ...isbns.foreign];
  for (const id of otherIdKeys(record, options.otherIdSchemes ?? DEFAULT_OTHER_ID_SCHEMES)) {
    // 统一书号, LCCN and NCID outlive an edition, a printing and a binding (and a set shares
    // one with its volumes): they join records only when these agree too.
    const shared = `${id.scheme} ${id.value}`;
    pushKey(keys, 'other-id', shared, matchKey(['id', id.scheme, id.value, volume, edition, year, binding, carrier]));
    sharedIds.push(shared);
  }
  if (SERIALS.has(record.materialType)) for (const issn of record.issns) pushKey(keys, 'issn', issn, matchKey(['issn', issn, carrier]));
  // A misprinted ISBN is shared by every copy of that printing, but so may be a typo made
  // twice: it joins records only when the title also starts the same way.
  for (const raw of isbns.invalid) {
    for (const form of forms) if (form.title.length >= 2) pushKey(keys, 'isbn-invalid', raw, `isbnx|${raw}|${[...form.title].slice(0, 3).join('')}|${carrier}`);
  }
  for (const form of forms) {
    if (!twoOrMoreChars(form.title)) continue;
    for (const author of form.authors.length > 0 ? form.authors : NO_AUTHOR) {
      // Title alone ("Annual report") is too weak: an author or a year must come with it.
      if (author === '' && year === '') continue;
      pushKey(keys, form.rule, form.title, matchKey(['t', lang, form.title, author, year, edition, form.volume, carrier]));
    }
  }

  const workKeys: string[] = [];
  for (const form of forms) {
    if (form.title.length < 2) continue;
    for (const author of form.authors.length > 0 ? form.authors : NO_AUTHOR) {
      const work = matchKey([lang, form.title, author]);
      if (!workKeys.includes(work)) workKeys.push(work);
    }
  }
  const setSource = setLink ? setLink.title : title;
  const titleKeys: string[] = [];
  for (const form of forms) if (form.title.length >= 2) titleKeys.push(form.title);
  const translationOf: string[] = [];
  for (const note of record.notes) {
    const original = translatedFrom(note);
    if (original !== null && original.length >= 2) translationOf.push(original);
  }
  return {
    recordId: record.id,
    electronic,
    volume,
    lang,
    keys,
    isbns: isbns.identity,
    foreignIsbns: [...isbns.foreign, ...isbns.set, ...isbns.ambiguous],
    sharedIds,
    traits: { isbns: SERIALS.has(record.materialType) ? [...isbns.identity, ...record.issns.map((issn) => `issn ${issn}`)] : isbns.identity, volume: volume || (isbns.isSet ? 'set' : ''), subtitles: subtitleKeys(record, lang), binding, edition: statedEdition(record) },
    year,
    workKeys,
    setKey: `${lang}|${titleKey(setSource)}`,
    setTitle: titleProper(stripNonSort(setSource)).trim(),
    titleKeys,
    translationOf,
  };
}

/** Strength of each rule, strongest first; a vernacular title key is as strong as the title key. */
const RULE_RANK: Record<MatchRule, number> = { isbn: 0, 'other-id': 1, issn: 2, 'isbn-invalid': 3, 'volume-isbn': 4, 'set-volume': 5, 'title-author-year': 6, vernacular: 6 };

/** Strongest first; ties broken by the key text so the choice never depends on arrival order. */
export function compareKeys(a: MatchKey, b: MatchKey): number {
  return RULE_RANK[a.rule] - RULE_RANK[b.rule] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The strongest of some keys (what sorting them by compareKeys would put first), without sorting. */
export function strongestKey(keys: Iterable<MatchKey>): MatchKey | undefined {
  let best: MatchKey | undefined;
  for (const key of keys) if (best === undefined || compareKeys(key, best) < 0) best = key;
  return best;
}
