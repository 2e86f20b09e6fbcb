/**
 * Length limits of the BALIS form ("限240字符", "限100字符", "限50字符").
 *
 * Characters are counted as Unicode code points: one CJK character is one character, as a
 * reader sees it and as a browser's maxlength counts it for every BMP character (all common
 * CJK ideographs, kana, hangul). For characters outside the BMP (CJK Extension B+, emoji) a
 * browser counts two UTF-16 units where we count one; we accept that difference rather than
 * make a rare ideograph cost double. Cuts fall on grapheme-cluster boundaries, so neither a
 * surrogate pair nor a base letter and its combining mark are ever split.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

export interface Limited {
  text: string;
  truncated: boolean;
}

/** At most `max` code points, cut at the last whole grapheme that fits, trailing spaces dropped. */
export function limitText(value: string, max: number): Limited {
  if (codePointLength(value) <= max) return { text: value, truncated: false };
  let used = 0;
  let out = '';
  for (const { segment } of graphemes.segment(value)) {
    const size = codePointLength(segment);
    if (used + size > max) break;
    out += segment;
    used += size;
  }
  return { text: out.trimEnd(), truncated: true };
}

/** Collapses runs of white space (records carry line breaks from 505/327 and double spaces). */
export function squash(value: string | undefined): string {
  return (value ?? '').replace(/\s+/gu, ' ').trim();
}
