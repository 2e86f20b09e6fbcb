/**
 * The deepest element nesting of an XML text, in one linear pass, for an adapter that hands the
 * text to a parser whose tree building recurses (fast-xml-parser, the Japanese catalogue's
 * envelope): checked first, a deep answer is refused with the limit named instead of
 * overflowing the stack. Streaming readers (saxes) count depth as they go instead.
 */
export function xmlNestingDepth(xml: string, stopAt: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = xml.indexOf('<'); i >= 0 && deepest <= stopAt; i = xml.indexOf('<', i + 1)) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x2f) depth -= 1; // </
    else if (next !== 0x21 && next !== 0x3f) {
      const end = xml.indexOf('>', i);
      if (end < 0) break;
      if (xml.charCodeAt(end - 1) !== 0x2f) deepest = Math.max(deepest, (depth += 1));
    }
  }
  return deepest;
}
