/**
 * Comparison keys for holdings texts (状态, 馆藏类型, 馆址). Libraries write the same word
 * in Simplified or Traditional characters, with full-width or ASCII punctuation and
 * stray spaces (reference 05 §1 "parsing tips"), so texts are compared by key, never raw.
 */

/**
 * Traditional (and Japanese shinjitai) → Simplified, only for the characters that occur
 * in the holdings vocabulary: enough to fold 歸還, 預約, 遺失, 借出-應還日期, 參考外借資料,
 * 僅供閱覽 onto their Simplified entries without shipping a conversion library.
 * Keys and inputs are folded alike, so a Japanese entry (館内のみ) still matches itself.
 */
const TRADITIONAL_PAIRS =
  '歸归還还館馆書书應应預预約约閱阅閲阅覽览調调撥拨運运轉转編编訂订購购驗验裝装丟丢遺遗處处' +
  '賠赔無无損损補补復复汙污銷销舊旧報报廢废僅仅參参資资兒儿圖图類类註注內内際际間间體体';

const FOLD = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
  FOLD.set(TRADITIONAL_PAIRS[i] as string, TRADITIONAL_PAIRS[i + 1] as string);
}

/** Replace the Traditional characters of the table by their Simplified forms. */
function foldTraditional(text: string): string {
  let out = '';
  for (const ch of text) out += FOLD.get(ch) ?? ch;
  return out;
}

/**
 * The comparison key: NFKC (full-width → ASCII, U+3000 → space), Traditional folded,
 * dashes unified, lower-cased, every space removed, trailing full stops dropped.
 * "借出－應還日期：2025-07-10" → "借出-应还日期:2025-07-10"; "Checked In" → "checkedin".
 */
export function textKey(text: string): string {
  return foldTraditional(text.normalize('NFKC'))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[.。]+$/u, '');
}

/**
 * Whether a character is surely not trimmed: printable ASCII other than the space, or between
 * U+3000 and U+FEFF (CJK; no white space there: JS \s has U+3000 and U+FEFF, not what lies between).
 */
function plainEnd(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || (c > 0x3000 && c < 0xfeff);
}

const EDGE_SPACES = /^[\s\u3000]+|[\s\u3000]+$/g;

/** Trimmed text, or undefined for empty / whitespace-only (ASCII or U+3000) input. */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Most texts start and end with a letter, digit or CJK character: nothing to trim, no regular expression run.
  if (text !== '' && plainEnd(text.charCodeAt(0)) && plainEnd(text.charCodeAt(text.length - 1))) return text;
  const trimmed = text.replace(EDGE_SPACES, '');
  return trimmed === '' ? undefined : trimmed;
}
