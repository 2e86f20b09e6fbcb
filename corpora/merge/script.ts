/** Simplified → Traditional for fixtures: the inverse of the merge's own folding table. */
import { TRAD_SIMP_PAIRS } from '../../src/merge/trad-simp-data.ts';

const SIMP_TO_TRAD = new Map<string, string>();
for (const chunk of TRAD_SIMP_PAIRS) {
  const chars = [...chunk];
  for (let i = 0; i + 1 < chars.length; i += 2) if (!SIMP_TO_TRAD.has(chars[i + 1] as string)) SIMP_TO_TRAD.set(chars[i + 1] as string, chars[i] as string);
}

export function traditional(text: string): string {
  return [...text].map((ch) => SIMP_TO_TRAD.get(ch) ?? ch).join('');
}
