/**
 * Unicode → MARC-8, for search terms sent to MARC-8 targets. The same LoC tables as the
 * decoder, read backwards: ASCII in G0, ANSEL in G1 (always designated, no escape needed),
 * other sets designated into G0 by escape (ESC ( F; ESC g / b / p for Greek symbols,
 * subscripts, superscripts; ESC $ 1 for EACC), and G0 returned to ASCII at the end.
 * A letter with diacritics is written as its combining marks FIRST, then the base letter,
 * unless a set has the precomposed letter itself (Cyrillic й).
 */
import { eacc, singleByteSets } from './marc8.ts';
import { MARC8_C1 } from './marc8-tables.ts';

const ESC = 0x1b;

interface Place {
  /** 'B' ASCII, 'E' ANSEL (G1), a single-byte final, '1' EACC, 'C1' a control in 0x80-0x9F. */
  set: string;
  /** One byte (7-bit) or the EACC 24-bit code; the byte itself for C1. */
  code: number;
}

/** Which set wins when several have the character: the ones needing no escape, then by script. */
const PREFERENCE = ['E', 'S', 'N', 'Q', '2', '3', '4', 'g', 'b', 'p'];

let bases: Map<string, Place> | undefined;
let marks: Map<string, Place> | undefined;

function tables(): { bases: Map<string, Place>; marks: Map<string, Place> } {
  if (bases && marks) return { bases, marks };
  bases = new Map();
  marks = new Map();
  for (let code = 0x20; code <= 0x7e; code++) bases.set(String.fromCharCode(code), { set: 'B', code });
  for (const [byte, ch] of Object.entries(MARC8_C1)) if (ch !== '') bases.set(ch, { set: 'C1', code: Number(byte) });
  const sets = singleByteSets();
  for (const set of PREFERENCE) {
    const table = sets.get(set);
    if (!table) continue;
    table.chars.forEach((ch, i) => {
      if (ch === '') return;
      const target = table.combining.has(0x21 + i) ? marks : bases;
      if (!target?.has(ch)) target?.set(ch, { set, code: 0x21 + i });
    });
  }
  // Several EACC codes can map to one character (variants); the lowest code is written.
  for (const [key, ch] of eacc()) if (!bases.has(ch)) bases.set(ch, { set: '1', code: key });
  return { bases, marks };
}

/** ANSEL double diacritics: first half (U+0361 / U+0360) before the first letter, second half before the next. */
const SECOND_HALF: Record<string, number> = { '\u0361': 0xec, '\u0360': 0xfb };

export type Marc8Encoding = { ok: true; bytes: Buffer } | { ok: false; character: string };

export function encodeMarc8(text: string): Marc8Encoding {
  const { bases: baseTable, marks: markTable } = tables();
  const out: number[] = [];
  let g0 = 'B';
  let pendingSecondHalf: number | undefined;
  const select = (set: string): void => {
    if (set === 'E' || set === 'C1' || set === g0) return;
    if (set === 'B') out.push(...(g0 === 'g' || g0 === 'b' || g0 === 'p' ? [ESC, 0x73] : [ESC, 0x28, 0x42]));
    else if (set === 'g' || set === 'b' || set === 'p') out.push(ESC, set.charCodeAt(0));
    else if (set === '1') out.push(ESC, 0x24, 0x31);
    else out.push(ESC, 0x28, set.charCodeAt(0));
    g0 = set;
  };
  const write = (place: Place): void => {
    if (place.set === '1') {
      select('1');
      out.push(place.code >> 16, (place.code >> 8) & 0xff, place.code & 0xff);
    } else if (place.set === 'E') out.push(place.code | 0x80);
    else if (place.set === 'C1') out.push(place.code);
    else {
      select(place.set);
      out.push(place.code);
    }
  };

  for (const cluster of clusters(text.normalize('NFC'))) {
    const first = cluster.charCodeAt(0);
    if (cluster.length === 1 && first < 0x20) {
      // Field and subfield delimiters end a run: G0 goes back to ASCII before them, as YAZ writes it.
      if (pendingSecondHalf !== undefined) out.push(pendingSecondHalf);
      pendingSecondHalf = undefined;
      select('B');
      out.push(first);
      continue;
    }
    const split = splitCluster(cluster, baseTable);
    if (!split) return { ok: false, character: [...cluster][0] as string };
    const placedMarks: Place[] = [];
    // Unicode marks LoC counts as spacing (Arabic U+0670) follow their letter as in Unicode.
    const after: Place[] = [];
    for (const mark of split.marks) {
      const place = markTable.get(mark) ?? baseTable.get(mark);
      if (!place) return { ok: false, character: mark };
      (markTable.has(mark) ? placedMarks : after).push(place);
    }
    // A space or control keeps the current G0 (it is outside every 94-character set).
    const isSpace = split.base?.set === 'B' && split.base.code === 0x20;
    if (pendingSecondHalf !== undefined && !isSpace) {
      out.push(pendingSecondHalf);
      pendingSecondHalf = undefined;
    }
    for (const place of placedMarks) write(place);
    if (isSpace) out.push(0x20);
    else if (split.base) write(split.base);
    for (const place of after) write(place);
    for (const mark of split.marks) if (SECOND_HALF[mark] !== undefined) pendingSecondHalf = SECOND_HALF[mark];
  }
  if (pendingSecondHalf !== undefined) out.push(pendingSecondHalf);
  select('B');
  return { ok: true, bytes: Buffer.from(out) };
}

/** A base character with the marks after it (a lone leading mark is its own cluster). */
function clusters(text: string): string[] {
  return text.match(/\P{M}\p{M}*|\p{M}+/gu) ?? [];
}

/**
 * The base's place and the marks to write before it: the precomposed character when a set
 * has it, else its canonical decomposition (letter + marks).
 */
function splitCluster(cluster: string, baseTable: Map<string, Place>): { base: Place | undefined; marks: string[] } | undefined {
  const chars = [...cluster];
  const first = chars[0] as string;
  if (/\p{M}/u.test(first)) {
    // Marks with no base (a term that starts with one): written alone.
    return { base: undefined, marks: chars };
  }
  const direct = baseTable.get(first);
  if (direct) return { base: direct, marks: chars.slice(1) };
  const decomposed = [...first.normalize('NFD')];
  const base = baseTable.get(decomposed[0] as string);
  if (!base || decomposed.length === 1) return undefined;
  return { base, marks: [...decomposed.slice(1), ...chars.slice(1)] };
}
