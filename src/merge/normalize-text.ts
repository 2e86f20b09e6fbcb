/**
 * Text folding for match keys, sort keys and ranking. Folding is for comparison only:
 * NFKC (full-width → half-width, compatibility ideographs), case, Latin/Greek/Cyrillic
 * diacritics, Traditional → Simplified, punctuation → space, UNIMARC non-sort parts.
 */
import { memoByText } from './text-memo.ts';
import { toSimplified } from './trad-simp.ts';

/** NSB/NSE (ISO 5426 0x88/0x89, or the ISO 6429 pair 0x98/0x9C) as decoded. */
const NON_SORT_SPAN = /[\u0088\u0098][^\u0089\u009c]*[\u0089\u009c]/gu;
const MARKERS = /[\u0088\u0089\u0098\u009c]/gu;
/** Marks are removed only after letters of these scripts: kana voicing marks (が) and Hangul stay. */
const LATIN_MARKS = /(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ı: 'i', þ: 'th' };
const LIGATURE_RE = /[ßæœøđðłıþ]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The span between non-sort markers removed ("\x88The \x89Times" → "Times"); bare markers dropped. */
export function stripNonSort(text: string): string {
  return text.replace(NON_SORT_SPAN, '').replace(MARKERS, '');
}

/**
 * Folded words separated by single spaces: "Ｔｈｅ  Café—萬曆" → "the cafe 万历".
 * Non-sort markers are dropped but the words between them are kept (a search for "the" works).
 * Remembered per text (text-memo.ts): every library holding a book sends the same strings.
 */
export const foldText = memoByText(foldUncached);

function foldUncached(text: string): string {
  let s = text.replace(MARKERS, '').normalize('NFKC').toLowerCase();
  s = s.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
  s = s.replace(LIGATURE_RE, (ch) => LIGATURES[ch] ?? ch);
  s = toSimplified(s);
  // Apostrophes inside words (Wade-Giles "Ch'ing", "l'histoire") split words like other punctuation.
  return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const ARTICLES = new Set(['the', 'a', 'an', 'le', 'la', 'les', 'l', 'un', 'une', 'der', 'die', 'das', 'ein', 'eine', 'el', 'los', 'las', 'il', 'lo', 'gli', 'o', 'os', 'as']);

/** One leading article dropped from folded words, unless it is the only word. */
export function dropLeadingArticle(folded: string): string {
  const space = folded.indexOf(' ');
  if (space < 0) return folded;
  return ARTICLES.has(folded.slice(0, space)) ? folded.slice(space + 1) : folded;
}

/** Folded text with spaces removed: word division differs between catalogues ("Wanli" / "Wan li"). */
export function compact(folded: string): string {
  return folded.replace(/ /gu, '');
}

/** At least two characters (code points), without spreading the string. */
export function twoOrMoreChars(text: string): boolean {
  if (text.length !== 2) return text.length > 2;
  const high = text.charCodeAt(0);
  const low = text.charCodeAt(1);
  return !(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff);
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Kana means Japanese even when the record gives no language. */
export function scriptLanguage(text: string): string | undefined {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'jpn';
  if (/\p{Script=Hangul}/u.test(text)) return 'kor';
  if (/\p{Script=Han}/u.test(text)) return 'chi';
  return undefined;
}

/** Runs of CJK characters and of other letters/digits, folded: "万历15年 history" → ["万历", "15", "年", "history"]. */
export function tokens(folded: string): string[] {
  return folded.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu) ?? [];
}

/** Character bigrams of a CJK run (a single character is its own unit). */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}
