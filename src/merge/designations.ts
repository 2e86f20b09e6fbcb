/**
 * Volume and edition designations normalized for keys: "v. 7", "Vol. VII", "第七卷" → "7";
 * "v.7, pt. 1" → "7.1"; "2nd ed.", "第2版", "Second edition" → "2"; no edition → "1".
 * Years in part names ("The Ming Dynasty, 1368-1644") are not volume numbers: a number
 * counts only after a volume word or before a CJK volume character.
 */
import { foldText } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  premiere: 1, deuxieme: 2, erste: 1, zweite: 2, dritte: 3,
};

/** 七 → 7, 十二 → 12, 二十 → 20, 一百零五 → 105; undefined when not a Chinese numeral. */
function chineseNumber(text: string): number | undefined {
  if (!/^[〇零一二两三四五六七八九十百]+$/u.test(text)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = CN_DIGITS[ch] ?? 0;
  }
  return total + current;
}

/** Well-formed roman numerals only, so words like "civil" or "ill" are not read as numbers. */
const ROMAN_FORM = /^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/u;

function romanNumber(text: string): number | undefined {
  if (!ROMAN_FORM.test(text)) return undefined;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const value = ROMAN[text[i] as string] ?? 0;
    const next = ROMAN[text[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total > 0 ? total : undefined;
}

function numberOf(text: string): number | undefined {
  if (/^\d+$/u.test(text)) return Number(text);
  return chineseNumber(text) ?? romanNumber(text);
}

const LATIN_VOLUME = /\b(?:v|vol|vols|volume|volumes|t|tome|bd|band|pt|part|teil|book|bk|no|fasc|heft)\s*(\d+|[ivxlc]+)\b/gu;
const CJK_VOLUME = /第?\s*(\d+|[〇零一二两三四五六七八九十百]+)\s*(?:卷|册|辑|集|部|编|分册|篇|期)/gu;
const UPPER_LOWER = /([上中下])\s*(?:册|卷|编|部|集)/gu;
// Romanized 245 $n of a CJK book (ALA-LC pinyin): "Di 1 juan", "1 ce", "Shang ce".
const PINYIN_VOLUME = /\b(?:di\s*)?(\d+)\s*(?:juan|ce|ji|bian|fen ce|kan|hen)\b/gu;
const PINYIN_UPPER_LOWER = /\b(shang|zhong|xia)\s*(?:ce|juan|bian)\b/gu;
const PINYIN_POSITION: Record<string, string> = { shang: 'a', zhong: 'b', xia: 'c' };
const POSITION: Record<string, string> = { 上: 'a', 中: 'b', 下: 'c' };

/**
 * The volume designation of a part statement as "7", "7.1", "c" (下册); "" when it names none.
 * A bare number ("7") is a volume too, since it comes from a part-number field.
 */
export function volumeKey(...parts: (string | undefined)[]): string {
  return volumeOfFolded(foldText(parts.filter(Boolean).join(' ')));
}

/** Remembered per text (text-memo.ts): every library holding a volume sends the same part statement. */
const volumeOfFolded = memoByText((text: string): string => {
  if (text === '') return '';
  if (/^\d+$/u.test(text)) return String(Number(text));
  const found: { at: number; value: string }[] = [];
  for (const m of text.matchAll(LATIN_VOLUME)) {
    const n = numberOf(m[1] as string);
    if (n !== undefined) found.push({ at: m.index, value: String(n) });
  }
  for (const m of text.matchAll(CJK_VOLUME)) {
    const n = numberOf(m[1] as string);
    if (n !== undefined) found.push({ at: m.index, value: String(n) });
  }
  for (const m of text.matchAll(UPPER_LOWER)) found.push({ at: m.index, value: POSITION[m[1] as string] ?? '' });
  for (const m of text.matchAll(PINYIN_VOLUME)) found.push({ at: m.index, value: String(Number(m[1])) });
  for (const m of text.matchAll(PINYIN_UPPER_LOWER)) found.push({ at: m.index, value: PINYIN_POSITION[m[1] as string] ?? '' });
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.value)
    .join('.');
});

/** Two volume keys name the same volume when one refines the other ("7" and "7.1"). */
export function sameVolume(a: string, b: string): boolean {
  if (a === b) return true;
  if (a === '' || b === '') return false;
  return a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** A title that ends with its own volume designation: "The Cambridge history of China. Vol. 7, The Ming..." */
export function splitTitleVolume(title: string): Readonly<{ title: string; volume: string }> | undefined {
  return splitTitle(title) ?? undefined;
}

/** Remembered per title (null: no volume in it), like volumeKey; the answer is shared, hence read-only. */
const splitTitle = memoByText((title: string): Readonly<{ title: string; volume: string }> | null => {
  const latin = /^(.{2,}?)[\s.,;:]+((?:v|vol|volume|pt|part|t|tome|bd)\.?\s*(?:\d+|[IVXLC]+)\b.*)$/iu.exec(title);
  const cjk = /^(.{2,}?)[\s.,;:：·]*((?:第\s*)?(?:\d+|[〇零一二两三四五六七八九十百]+)\s*(?:卷|册|冊|辑|輯|集|部|编|編|分册)(?:[\s:：].*)?)$/u.exec(title);
  const hit = latin ?? cjk;
  if (!hit) return null;
  const volume = volumeKey(hit[2]);
  return volume ? { title: hit[1] as string, volume } : null;
});

const PRINTING = /\b\d+(?:st|nd|rd|th)?\s*(?:print|printing|impr|impression)\b|第?\s*[\d一二三四五六七八九十]+\s*次印刷|印次/gu;

/** Edition statement → "1", "2", "r" (revised), "r2", or folded text when unreadable. No statement = first edition. */
export function editionKey(edition: string | undefined): string {
  return edition ? editionKeyOf(edition) : '1';
}

/** Remembered per statement (text-memo.ts): every record's edition is keyed on every merge, some twice. */
const editionKeyOf = memoByText((edition: string): string => {
  const text = foldText(edition.replace(PRINTING, ' ')).replace(PRINTING, ' ').trim();
  if (text === '') return '1';
  const revised = /\b(?:rev|revised|neubearb|augm)|修订|增订|修订本|增订本/u.test(text) ? 'r' : '';
  const cjk = /(新)?\s*第?\s*(\d+|[〇零一二两三四五六七八九十百]+)\s*版/u.exec(text);
  if (cjk) {
    const n = numberOf(cjk[2] as string);
    if (n !== undefined) return `${cjk[1] ? 'n' : ''}${revised}${n === 1 && revised ? '' : n}`;
  }
  if (/初版|第一版/u.test(text)) return '1';
  const latin = /\b(\d+)(?:st|nd|rd|th|e|er|re|eme|te)?\b/u.exec(text);
  if (latin && /\b(?:ed|edition|edn|aufl|auflage|ausg|ban|han)\b/u.test(text)) return `${revised}${Number(latin[1])}`;
  for (const [word, n] of Object.entries(ORDINAL_WORDS)) if (new RegExp(`\\b${word}\\b`, 'u').test(text)) return `${revised}${n}`;
  if (revised) return 'r';
  if (/^(?:1|new|neue)?\s*(?:ed|edition)$/u.test(text)) return '1';
  return text.replace(/ /gu, '');
});
