/**
 * Text clean-up shared by the MARC 21 and UNIMARC mappers: ISBD punctuation that
 * cataloguers type at subfield ends (MARC 21 keeps it in the data; ISBD §0.3),
 * and the non-sorting markers of UNIMARC / ISO 6630 (NSB 0x88 … NSE 0x89; some systems
 * use the ISO 6429 pair 0x98 … 0x9C instead).
 */

const NON_SORT_START = /[\u0088\u0098]/u;
const NON_SORT_SPAN = /[\u0088\u0098][^\u0089\u009C]*[\u0089\u009C]/gu;
const MARKERS = /[\u0088\u0089\u0098\u009C]/gu;
const HAS_MARKER = /[\u0088\u0089\u0098\u009C]/;

/** The text for display: non-sort markers removed, the words between them kept. */
export function stripMarkers(text: string): string {
  // Nearly no value has a marker: a plain test is cheaper than a global Unicode replace on each.
  return HAS_MARKER.test(text) ? text.replace(MARKERS, '') : text;
}

/** The text for sorting: the span between NSB and NSE removed ("\x88The \x89Times" → "Times"). */
export function withoutNonSortSpan(text: string): string {
  return NON_SORT_START.test(text) ? stripMarkers(text.replace(NON_SORT_SPAN, '')).trimStart() : text;
}

const LETTER = /^\p{L}$/u;
const SPACE = /\s/u;
const UPPER_CASE = /\p{Lu}/u;
const FULL_STOP = 0x2e;

/** Letters (\p{L}) and full stops: what the last word before a final stop is made of. */
function isWordChar(text: string, at: number, width: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return code === FULL_STOP || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return LETTER.test(text.slice(at, at + width));
}

/**
 * The word before the final full stop of `text` (which ends in one), as
 * /(^|[\s(.])([\p{L}.]+)\.$/u finds it (group 2), or undefined when it finds none. Read
 * backwards from the stop: that expression, unanchored, was tried at every position of the text.
 * `length`: read `text` as if it ended there (trimIsbd's text before what it has trimmed).
 */
export function lastWordBeforeStop(text: string, length = text.length): string | undefined {
  const end = length - 1;
  // Start of the run of letters and stops that ends at the final stop (whole code points).
  let start = end;
  while (start > 0) {
    const code = text.charCodeAt(start - 1);
    const pair = code >= 0xdc00 && code <= 0xdfff && start > 1 && text.charCodeAt(start - 2) >= 0xd800 && text.charCodeAt(start - 2) <= 0xdbff;
    const at = pair ? start - 2 : start - 1;
    if (!isWordChar(text, at, pair ? 2 : 1)) break;
    start = at;
  }
  if (start === end) return undefined;
  if (start === 0) return text.slice(0, end);
  const before = text[start - 1] as string;
  if (before === '(' || SPACE.test(before)) return text.slice(start, end);
  // Otherwise the word starts after the run's first stop, when a letter or stop follows it.
  const stop = text.indexOf('.', start);
  return stop < end - 1 ? text.slice(stop + 1, end) : undefined;
}

/** Words whose full stop is part of the word, not ISBD punctuation. */
const ABBREVIATIONS = new Set(['ed', 'eds', 'cm', 'mm', 'v', 'vol', 'vols', 'pt', 'no', 'etc', 'inc', 'co', 'ltd', 'jr', 'sr', 'dr', 'st', 'ill', 'p', 'pp', 'col', 'b.c', 'a.d', 'n.d']);

/** " /", " :", " ;", " =", ",": separators that go with the spaces before them. */
function isIsbdSeparator(code: number): boolean {
  return code === 0x2f || code === 0x3a || code === 0x3b || code === 0x3d || code === 0x2c;
}

/** What String.prototype.trim removes (WhiteSpace and LineTerminator, ECMA-262 §12.2, §12.3). */
function isTrimmed(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The length of text[0, end) without the whitespace it ends in. */
function trimmedEnd(text: string, end: number): number {
  while (end > 0 && isTrimmed(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Trailing ISBD punctuation removed: " /", " :", " ;", " =", ",", and a final full stop
 * unless it ends an initial ("Mote, Frederick W.") or an abbreviation ("24 cm.").
 */
export function trimIsbd(text: string): string {
  const out = stripMarkers(text).trim();
  // Most values end in a letter or digit: nothing to trim. The rest is trimmed by moving the
  // end back (one slice at the end, not one slice and one trim per character removed).
  let end = out.length;
  for (;;) {
    const before = end;
    // What /\s*[\/:;=,]$/ replaced: the separator, then the spaces before it.
    if (isIsbdSeparator(out.charCodeAt(end - 1))) end = trimmedEnd(out, end - 1);
    if (out.charCodeAt(end - 1) === FULL_STOP && !(end >= 3 && out.charCodeAt(end - 2) === FULL_STOP && out.charCodeAt(end - 3) === FULL_STOP)) {
      const last = lastWordBeforeStop(out, end) ?? '';
      const word = last.toLowerCase();
      const isInitial = word.length === 1 && UPPER_CASE.test(last);
      if (!isInitial && !ABBREVIATIONS.has(word)) end = trimmedEnd(out, end - 1);
    }
    if (end === before) return end === out.length ? out : out.slice(0, end);
  }
}

/** Cleaned text or undefined when nothing is left. */
export function clean(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const out = trimIsbd(text);
  return out === '' ? undefined : out;
}

/** `text` with `part` after `separator` (`part` alone when there is no text yet); unchanged when `part` is absent or empty. */
export function appendPresent(text: string | undefined, part: string | undefined, separator: string): string | undefined {
  if (part === undefined || part === '') return text;
  return text === undefined ? part : text + separator + part;
}

/** Present values joined; undefined when none. */
export function joinPresent(parts: readonly (string | undefined)[], separator: string): string | undefined {
  let out: string | undefined;
  for (const part of parts) out = appendPresent(out, part, separator);
  return out;
}

/** Printable ASCII (and tab, line ends): text that is its own NFKC form. */
const PLAIN_ASCII = /^[ -~\t\n\r]*$/;

const YEAR = /(?<!\d)(1\d{3}|20\d{2})(?!\d)/u;

/** The first year (1000-2099) in a date statement: "1978-<1991 >" → 1978, "c1999." → 1999, "2007年" → 2007. */
export function firstYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // NFKC folds full-width digits ("２００７"); ASCII text is its own NFKC form.
  const match = YEAR.exec(PLAIN_ASCII.test(text) ? text : text.normalize('NFKC'));
  return match ? Number(match[1]) : undefined;
}

/** Lists up to this long are checked against the keys seen so far, without a Set. */
const SHORT_LIST = 8;

/** Duplicates removed, first occurrence kept. */
export function unique<T>(values: readonly T[], key: (value: T) => string = String): T[] {
  // A record's lists are nearly all of none to three values: a Set per list was a tenth of the
  // mapping's allocation, and a search of a few keys costs less than hashing them.
  const n = values.length;
  if (n < 2) return values.slice();
  const out: T[] = [];
  if (n <= SHORT_LIST) {
    const keys: string[] = [];
    for (const value of values) {
      const k = key(value);
      if (keys.includes(k)) continue;
      keys.push(k);
      out.push(value);
    }
    return out;
  }
  const seen = new Set<string>();
  for (const value of values) {
    const k = key(value);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(value);
  }
  return out;
}
