/**
 * Shape of text the fast scanner has read and dropped: length, line breaks and column, as
 * saxes counts them. On a fallback mid-stream, saxes reads blank filler of the same shape
 * instead, so the line, column and offset of its errors are those of the original text.
 */

/** Two UTF-16 units, one column for saxes: evens out columns of lines with astral characters. */
import { latin1Utf8Counts } from './latin1-utf8.ts';

const ASTRAL = '\u{10000}';
const PIECE = 1 << 20;

export class LineCount {
  /** UTF-16 units. */
  length = 0;
  private breaks = 0;
  /** Units and code points after the last line break (the current column). */
  private tailUnits = 0;
  private tailColumns = 0;

  /**
   * Counts s[from, to); callers never cut between `\r` and `\n`. `saved` is given when s holds
   * UTF-8 bytes as Latin-1 characters: how many units shorter than its bytes the text is.
   * `cr`: the text may hold a `\r` (false when the caller knows it holds none: looking for one
   * here searched back through the whole string, a chunk at a time).
   */
  add(s: string, from: number, to: number, saved?: number, cr = true): void {
    const latin1Utf8 = saved !== undefined;
    this.length += to - from - (saved ?? 0);
    let lineStart = -1;
    if (cr && s.lastIndexOf('\r', to - 1) >= from) {
      // saxes counts \r\n and a lone \r as one line break each, like \n.
      for (let i = from; i < to; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x0a || c === 0x0d) {
          if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++;
          this.breaks++;
          lineStart = i + 1;
        }
      }
    } else {
      for (let nl = s.indexOf('\n', from); nl >= 0 && nl < to; nl = s.indexOf('\n', nl + 1)) {
        this.breaks++;
        lineStart = nl + 1;
      }
    }
    const start = lineStart < 0 ? from : lineStart;
    let units = to - start;
    let columns = units;
    if (latin1Utf8) {
      ({ units, codePoints: columns } = latin1Utf8Counts(s, start, to));
    } else {
      for (let i = start; i < to; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) columns--;
      }
    }
    if (lineStart < 0) {
      this.tailUnits += units;
      this.tailColumns += columns;
    } else {
      this.tailUnits = units;
      this.tailColumns = columns;
    }
  }

  /** Whitespace (and astral filler) with the same length, line breaks and final column. */
  *filler(): Generator<string> {
    const lead = this.length - this.tailUnits - this.breaks;
    for (let n = 0; n < lead; n += PIECE) yield ' '.repeat(Math.min(PIECE, lead - n));
    for (let n = 0; n < this.breaks; n += PIECE) yield '\n'.repeat(Math.min(PIECE, this.breaks - n));
    const astral = this.tailUnits - this.tailColumns;
    yield ASTRAL.repeat(astral) + ' '.repeat(this.tailColumns - astral);
  }
}
