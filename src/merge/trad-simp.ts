/**
 * Traditional → Simplified folding for matching: 萬曆十五年 and 万历十五年 must give the
 * same key. Display text is never converted; only keys and ranking use this.
 */
import { TRAD_SIMP_PAIRS } from './trad-simp-data.ts';

let table: Map<string, string> | undefined;

function pairs(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (const chunk of TRAD_SIMP_PAIRS) {
    const chars = [...chunk];
    for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i] as string, chars[i + 1] as string);
  }
  return table;
}

/** Number of Traditional characters the table folds (reported by tests and docs). */
export function tradSimpSize(): number {
  return pairs().size;
}

/** Every Traditional character of the table replaced by its Simplified form; others kept. */
export function toSimplified(text: string): string {
  // Fast path: the table holds only CJK ideographs (U+3400 and above).
  if (!/[\u3400-\u9fff\uf900-\ufaff]/u.test(text)) return text;
  const map = pairs();
  let out = '';
  for (const ch of text) out += map.get(ch) ?? ch;
  return out;
}
