/**
 * Directory → field byte spans. The directory is trusted only when every entry is numeric,
 * inside the record and ends exactly on a 0x1E; otherwise the data area is split on 0x1E
 * and the directory supplies only the tags (lengths in Chinese records are often counted
 * before a GBK↔UTF-8 conversion, reference 03 §1).
 */
import type { MarcWarning } from '../errors.ts';
import { DIRECTORY_ENTRY_LENGTH, FT, LEADER_LENGTH } from './leader.ts';

export interface FieldSpans {
  tags: string[];
  /**
   * Byte offsets in the record; ends exclude the 0x1E. Plain arrays of small integers: a
   * record's two Int32Arrays cost more to allocate than the rest of its directory (profiled).
   */
  starts: number[];
  ends: number[];
  /** Fields follow each other in directory order without gaps (enables whole-area decoding). */
  contiguous: boolean;
}

export type SpansResult = { ok: true; spans: FieldSpans; warning?: Omit<MarcWarning, 'offset'> } | { ok: false; message: string };

function isTagByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * Tags are few and repeat in every record: intern them instead of allocating per entry.
 * Numeric tags (nearly all) by their number, the others by their bytes.
 */
const numericTags: (string | undefined)[] = new Array<string | undefined>(1000).fill(undefined);
const tagCache = new Map<number, string>();
function tagAt(bytes: Buffer, at: number): string | undefined {
  const a = bytes[at] as number;
  const b = bytes[at + 1] as number;
  const c = bytes[at + 2] as number;
  const number = (a - 0x30) * 100 + (b - 0x30) * 10 + (c - 0x30);
  if (a >= 0x30 && a <= 0x39 && b >= 0x30 && b <= 0x39 && c >= 0x30 && c <= 0x39) {
    return (numericTags[number] ??= String.fromCharCode(a, b, c));
  }
  if (!isTagByte(a) || !isTagByte(b) || !isTagByte(c)) return undefined;
  const key = (a << 16) | (b << 8) | c;
  let tag = tagCache.get(key);
  if (tag === undefined) {
    tag = String.fromCharCode(a, b, c);
    tagCache.set(key, tag);
  }
  return tag;
}

/**
 * numberAt (leader.ts) for the directory's two numbers, unrolled: a byte that is not a digit
 * makes its term fall outside 0-9, caught by one test of them all. Entries lie before the
 * directory's 0x1E, so every byte read is inside the record.
 */
function digits4(bytes: Buffer, at: number): number {
  const a = (bytes[at] as number) - 0x30;
  const b = (bytes[at + 1] as number) - 0x30;
  const c = (bytes[at + 2] as number) - 0x30;
  const d = (bytes[at + 3] as number) - 0x30;
  // Unsigned: a byte below '0' wraps round to a large number.
  if ((a >>> 0) > 9 || (b >>> 0) > 9 || (c >>> 0) > 9 || (d >>> 0) > 9) return -1;
  return a * 1000 + b * 100 + c * 10 + d;
}

function digits5(bytes: Buffer, at: number): number {
  const a = (bytes[at] as number) - 0x30;
  const b = (bytes[at + 1] as number) - 0x30;
  const c = (bytes[at + 2] as number) - 0x30;
  const d = (bytes[at + 3] as number) - 0x30;
  const e = (bytes[at + 4] as number) - 0x30;
  if ((a >>> 0) > 9 || (b >>> 0) > 9 || (c >>> 0) > 9 || (d >>> 0) > 9 || (e >>> 0) > 9) return -1;
  return a * 10000 + b * 1000 + c * 100 + d * 10 + e;
}

/**
 * `dirEnd` = index of the directory's 0x1E, `base` = first data byte, `dataEnd` = index of
 * the record terminator (or the record length when it has none).
 */
export function readDirectory(bytes: Buffer, dirEnd: number, base: number, dataEnd: number): SpansResult {
  const count = (dirEnd - LEADER_LENGTH) / DIRECTORY_ENTRY_LENGTH;
  const entries = Math.floor(count);
  // Their exact size up front (grown by push they got room for 17, then 41: two allocations
  // and a copy each); holey small integers read as fast.
  const tags = new Array<string>(entries);
  const starts = new Array<number>(entries);
  const ends = new Array<number>(entries);
  let consistent = Number.isInteger(count);
  let contiguous = true;
  let expected = base;
  let tagsOk = true;
  for (let i = 0; i < entries; i++) {
    const at = LEADER_LENGTH + i * DIRECTORY_ENTRY_LENGTH;
    const tag = tagAt(bytes, at);
    if (tag === undefined) tagsOk = false;
    tags[i] = tag ?? '';
    const length = digits4(bytes, at + 3);
    const start = digits5(bytes, at + 7);
    const end = base + start + length - 1;
    if (length < 1 || start < 0 || end >= dataEnd + 1 || bytes[end] !== FT) {
      consistent = false;
      starts[i] = 0;
      ends[i] = 0;
      continue;
    }
    starts[i] = base + start;
    ends[i] = end;
    if (base + start !== expected) contiguous = false;
    expected = end + 1;
  }
  if (!tagsOk) return { ok: false, message: 'directory contains tags that are not 3 letters/digits' };
  if (consistent) return { ok: true, spans: { tags, starts, ends, contiguous } };
  return splitOnTerminators(bytes, tags, base, dataEnd);
}

function splitOnTerminators(bytes: Buffer, tags: string[], base: number, dataEnd: number): SpansResult {
  const starts = new Array<number>(tags.length).fill(0);
  const ends = new Array<number>(tags.length).fill(0);
  let from = base;
  let found = 0;
  while (from < dataEnd) {
    let ft = bytes.indexOf(FT, from);
    if (ft === -1 || ft > dataEnd) ft = dataEnd;
    if (found < tags.length) {
      starts[found] = from;
      ends[found] = ft;
    }
    found++;
    from = ft + 1;
  }
  if (found !== tags.length) {
    return { ok: false, message: `directory lists ${tags.length} fields but the data area holds ${found}` };
  }
  return {
    ok: true,
    spans: { tags, starts, ends, contiguous: true },
    warning: { code: 'directory-mismatch', message: 'directory lengths/positions do not match the field terminators; fields split on 0x1E' },
  };
}
