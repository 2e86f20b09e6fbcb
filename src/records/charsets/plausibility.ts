/**
 * How much decoded text looks like catalogue text, for choosing among charsets that all
 * decode the bytes without error (GBK decodes Shift_JIS bytes "validly" into 柧戙偺奀嬛惌).
 * The per-character score is about +1 for what real records are made of (the frequent
 * hanzi/kanji, kana, accented Latin, Greek/Cyrillic/Hebrew/Arabic letters) and negative for
 * what mis-decoding produces (rare ideographs, half-width katakana, symbols, controls,
 * marks without a letter, replacement characters).
 *
 * "Frequent" ideographs are the first levels of the national standards, which are ordered
 * by frequency: GB 2312 level 1 (3,755 hanzi), Big5 level 1 (5,401 常用字), JIS X 0208
 * level 1 (2,965 kanji). They are read out of Node's own decoders at first use: no data file.
 */
import { TextDecoder } from 'node:util';

let chinese: Set<number> | undefined;
let japanese: Set<number> | undefined;

function addRange(set: Set<number>, label: string, leads: [number, number], trails: [number, number][], last?: number): void {
  const decoder = new TextDecoder(label);
  for (let lead = leads[0]; lead <= leads[1]; lead++)
    for (const [from, to] of trails)
      for (let trail = from; trail <= to; trail++) {
        if (last !== undefined && ((lead << 8) | trail) > last) return;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        const cp = ch.codePointAt(0) as number;
        if (ch.length === 1 && cp >= 0x3400) set.add(cp);
      }
}

/** Text with kana is judged by the frequent Japanese kanji, other text by the frequent hanzi (both scripts). */
function frequentIdeographs(kana: boolean): Set<number> {
  if (kana) {
    if (!japanese) addRange((japanese = new Set()), 'euc-jp', [0xb0, 0xcf], [[0xa1, 0xfe]], 0xcfd3);
    return japanese;
  }
  if (!chinese) {
    chinese = new Set();
    addRange(chinese, 'gbk', [0xb0, 0xd7], [[0xa1, 0xfe]], 0xd7f9);
    addRange(chinese, 'big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e);
  }
  return chinese;
}

const isLetterBefore = (prev: number): boolean => /\p{L}/u.test(String.fromCodePoint(prev));

const isAsciiLetter = (cp: number): boolean => (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);

/**
 * Score of one character (non-ASCII), given its neighbours. An ideograph or kana glued to
 * a Latin letter ("M鑥ller", "Sat蚩") is what a two-byte charset makes of a MARC-8 or
 * Latin-1 diacritic: real records put a space or punctuation between scripts.
 */
function charScore(cp: number, prev: number, next: number, frequent: Set<number>): number {
  if (cp === 0xfffd) return -10;
  const cjk = (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3040 && cp <= 0x30ff);
  if (cjk && (isAsciiLetter(prev) || isAsciiLetter(next))) return -1;
  if (cp >= 0x4e00 && cp <= 0x9fff) return frequent.has(cp) ? 1 : -1;
  if (cp >= 0x3040 && cp <= 0x30ff) return 1; // hiragana, katakana
  if (cp >= 0x3000 && cp <= 0x303f) return 0.5; // CJK punctuation, ideographic space
  if (cp >= 0xff01 && cp <= 0xff5e) return 0.3; // full-width ASCII
  if (cp >= 0xff61 && cp <= 0xff9f) return -2; // half-width katakana: what GBK bytes become in Shift_JIS
  if (cp >= 0xac00 && cp <= 0xd7a3) return 0.5; // hangul
  if (cp === 0x98 || cp === 0x9c) return 0; // MARC non-sort marks
  if (cp < 0xa0) return -5; // C1 controls
  if (cp >= 0xe000 && cp <= 0xf8ff) return -3; // private use
  if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || cp >= 0x20000) return -2; // rare ideographs
  const ch = String.fromCodePoint(cp);
  if (/\p{M}/u.test(ch)) return isLetterBefore(prev) ? 1 : -3;
  if (/\p{L}/u.test(ch)) return cp < 0x2000 ? 1 : -0.5; // Latin, Greek, Cyrillic, Hebrew, Arabic letters
  if (cp >= 0xa0 && cp <= 0xbf) return -0.5; // Latin-1 symbols
  return -1; // other symbols and punctuation: box drawing, ①, ※ …
}

/**
 * Average score per non-ASCII character of decoded text, in [-10, 1]; 1 when there is none.
 * Text is taken in NFD so that a letter's marks count as marks on a letter.
 */
export function plausibility(text: string): number {
  let sum = 0;
  let count = 0;
  let prev = 0x20;
  const kana = text.match(/[\u3041-\u30fa]/g)?.length ?? 0;
  const ideographs = text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  const frequent = frequentIdeographs(kana >= 2 && kana * 10 >= ideographs);
  const chars = [...text.normalize('NFD')];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x80) {
      const score = charScore(cp, prev, chars[i + 1]?.codePointAt(0) ?? 0x20, frequent);
      sum += score;
      count++;
      // A mark continues its letter: the next mark sees the letter, not the mark.
      if (score < 0 || !/\p{M}/u.test(ch)) prev = cp;
    } else prev = cp;
  }
  return count === 0 ? 1 : sum / count;
}
