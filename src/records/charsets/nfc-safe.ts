/**
 * Characters after which text needs no NFC pass: NFC_Quick_Check = Yes and canonical
 * combining class 0, so a string made only of them is already NFC (UAX #15 §9). Lets the
 * MARC-in-JSON writer copy a UTF-8 record's bytes as they are when every character is one of
 * these (nearly all records), instead of decoding, normalizing and encoding them again.
 *
 * Decided by the runtime's own normalizer, a 256-code-point block at a time on first use:
 * safe = normalizes to itself, not a mark (every character with a non-zero combining class
 * or NFC_QC = Maybe is gc M, except the Hangul jamo, excluded as a block).
 */

/** Per BMP code point: 0 = block not computed, 1 = safe, 2 = not safe. */
const verdicts = new Uint8Array(0x10000);
const MARK = /\p{M}/u;

function computeBlock(cp: number): number {
  const first = cp & 0xff00;
  for (let c = first; c < first + 0x100; c++) {
    const ch = String.fromCharCode(c);
    const jamo = c >= 0x1100 && c <= 0x11ff;
    const surrogate = c >= 0xd800 && c <= 0xdfff;
    verdicts[c] = !jamo && !surrogate && !MARK.test(ch) && ch.normalize('NFC') === ch ? 1 : 2;
  }
  return verdicts[cp] as number;
}

/** A code point that leaves text NFC wherever it stands. */
export function isNfcSafe(cp: number): boolean {
  // Latin-1, Latin Extended-A/B, IPA, spacing modifiers; CJK ideographs (extension A, unified).
  if (cp < 0x300 || (cp >= 0x3400 && cp <= 0x9fff)) return true;
  if (cp > 0xffff) return cp >= 0x20000 && cp < 0x2f800; // CJK extensions B-F (not the compatibility supplement)
  const verdict = verdicts[cp] as number;
  return (verdict === 0 ? computeBlock(cp) : verdict) === 1;
}
