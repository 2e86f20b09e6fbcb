/**
 * ISO 2709 leader arithmetic on raw bytes (ISO 2709 §4; MARC 21 Specifications "Record
 * structure"): positions 00-04 record length, 10 indicator count, 11 subfield code length,
 * 12-16 base address of data, all counted in bytes.
 */

export const LEADER_LENGTH = 24;
export const DIRECTORY_ENTRY_LENGTH = 12;
export const FT = 0x1e;
export const RT = 0x1d;
export const SF = 0x1f;

export function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** Unsigned decimal at bytes[at, at+width), or -1 when any byte is not a digit. */
export function numberAt(bytes: Uint8Array, at: number, width: number): number {
  let n = 0;
  for (let i = at; i < at + width; i++) {
    const b = bytes[i];
    if (b === undefined || b < 0x30 || b > 0x39) return -1;
    n = n * 10 + (b - 0x30);
  }
  return n;
}

export type LeaderVerdict = 'yes' | 'no' | 'more';

/**
 * Strict test used when resynchronising after junk or a broken record: a position counts as
 * a record start only if everything checkable agrees (digits, lengths, directory of whole
 * 12-byte entries ending in 0x1E), so digits inside field data are not mistaken for one.
 * 'more' = cannot tell until more bytes arrive.
 */
export function leaderAt(bytes: Uint8Array, at: number, available: number): LeaderVerdict {
  if (available - at < LEADER_LENGTH) {
    for (let i = at; i < Math.min(available, at + 5); i++) if (!isDigit(bytes[i])) return 'no';
    return 'more';
  }
  const length = numberAt(bytes, at, 5);
  const base = numberAt(bytes, at + 12, 5);
  if (length < 0 || base < 0 || !isDigit(bytes[at + 10]) || !isDigit(bytes[at + 11])) return 'no';
  if (base < LEADER_LENGTH + 1 || base >= length || (base - LEADER_LENGTH - 1) % DIRECTORY_ENTRY_LENGTH !== 0) return 'no';
  if (available - at < base) return 'more';
  if (bytes[at + base - 1] !== FT) return 'no';
  // First directory entry: field length digits.
  return base > LEADER_LENGTH + 1 && numberAt(bytes, at + LEADER_LENGTH + 3, 4) < 0 ? 'no' : 'yes';
}
