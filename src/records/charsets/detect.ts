/**
 * Which charset a record is decoded with. The declaration (library config, else the
 * record's own: MARC 21 leader/09, UNIMARC/CNMARC 100$a/26-29) is only a claim: Chinese
 * systems routinely convert records to UTF-8 or GBK without touching leader/09 or field 100
 * (reference 03 §4, dp2 issue #1206), so the bytes are checked and win when they disagree.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { isValidIn, type CharsetName } from './decode.ts';
import type { MarcWarningCode } from '../errors.ts';

/** What a record or config says: a decodable charset, plain ISO 646, or a set we lack. */
export type DeclaredCharset = CharsetName | 'ascii' | { unsupported: string };

/** MARC 21 leader/09: blank = MARC-8, 'a' = UCS/Unicode (UTF-8 in ISO 2709). */
export function charsetFromMarc21Leader(leader: string): DeclaredCharset | undefined {
  const code = leader[9];
  if (code === 'a') return 'utf-8';
  if (code === ' ') return 'marc-8';
  return undefined;
}

/**
 * UNIMARC/CNMARC 100$a positions 26-27 (G0) and 28-29 (G1): 50 = ISO 10646 (UTF-8);
 * 10 = GB 2312 in CNMARC; 01 + 10/20/21 = GB 2312-era Chinese records; 01 alone = ISO 646;
 * 03 = ISO 5426 and the other ISO sets have no decoder here.
 */
export function charsetFromUnimarc100(fixed: string): DeclaredCharset | undefined {
  if (fixed.length < 28) return undefined;
  const g0 = fixed.slice(26, 28);
  const g1 = fixed.slice(28, 30);
  if (g0 === '50' || g1 === '50') return 'utf-8';
  if (g0 === '10' || (g0 === '01' && (g1 === '10' || g1 === '20' || g1 === '21'))) return 'gb18030';
  if (g0 === '01' && (g1 === '  ' || g1 === '' || g1 === '##')) return 'ascii';
  if (/^\d\d$/.test(g0)) return { unsupported: `UNIMARC charset ${g0}${g1}` };
  return undefined;
}

export interface CharsetDecision {
  charset: CharsetName;
  /** Bytes contradicted the declaration. */
  mismatch: boolean;
  warning?: { code: MarcWarningCode; message: string };
}

function describe(declared: DeclaredCharset | undefined): string {
  if (declared === undefined) return 'no declared charset';
  return typeof declared === 'string' ? `declared ${declared}` : `declared ${declared.unsupported}`;
}

/**
 * `data` is the record after the leader (directory + fields). `declared` is the library's
 * configured charset when there is one, else the record's own declaration.
 */
export function decideCharset(data: Uint8Array, declared: DeclaredCharset | undefined, ascii = isAscii(data)): CharsetDecision {
  if (ascii) {
    // 7-bit data fits every declaration; MARC-8 and ISO-2022-JP still need their escapes read.
    return { charset: typeof declared === 'string' && declared !== 'ascii' ? declared : 'utf-8', mismatch: false };
  }
  const utf8 = isUtf8(data);
  if (declared === 'utf-8') {
    if (utf8) return { charset: 'utf-8', mismatch: false };
    if (isValidIn('gb18030', data))
      return mismatch('gb18030', `${describe(declared)} but the bytes are not UTF-8 and decode as GB 18030`);
    return invalid('utf-8', 'bytes are not valid UTF-8; invalid sequences replaced');
  }
  if (utf8) {
    // Multi-byte UTF-8 is almost never valid by accident in MARC-8, GBK, Big5 or Latin-1 text.
    if (declared === undefined) return { charset: 'utf-8', mismatch: false };
    return mismatch('utf-8', `${describe(declared)} but the bytes are valid multi-byte UTF-8`);
  }
  if (declared === undefined || declared === 'ascii' || typeof declared !== 'string') {
    // No usable declaration: GB 18030 is the common legacy charset of this gateway's targets.
    const guess: CharsetName = isValidIn('gb18030', data) ? 'gb18030' : 'iso-8859-1';
    if (declared === undefined) return { charset: guess, mismatch: false };
    const code: MarcWarningCode = declared === 'ascii' ? 'charset-mismatch' : 'unsupported-charset';
    return { charset: guess, mismatch: true, warning: { code, message: `${describe(declared)}; non-ASCII bytes decoded as ${guess}` } };
  }
  if (isValidIn(declared, data)) return { charset: declared, mismatch: false };
  // MARC 21 from Chinese systems often keeps leader/09 blank (MARC-8) over GBK text.
  if (declared === 'marc-8' && isValidIn('gb18030', data))
    return mismatch('gb18030', `${describe(declared)} but the bytes are not MARC-8 and decode as GB 18030`);
  return invalid(declared, `bytes are not valid ${declared}; invalid sequences replaced`);
}

function mismatch(charset: CharsetName, message: string): CharsetDecision {
  return { charset, mismatch: true, warning: { code: 'charset-mismatch', message: `${message}: decoded as ${charset}` } };
}

function invalid(charset: CharsetName, message: string): CharsetDecision {
  return { charset, mismatch: false, warning: { code: 'invalid-bytes', message } };
}
