/**
 * Character-level helpers of the MARCXML fast scanner: XML character classes, entity and
 * character-reference decoding, end-of-line and attribute-value normalization, the
 * whole-input character check. Anything saxes would reject throws FALLBACK.
 */

import { latin1Utf8 } from './latin1-utf8.ts';

/** Thrown when the saxes reader must decide (malformed or unusual input). */
export class ScanFallback extends Error {}
export const FALLBACK = new ScanFallback('MARCXML fast path cannot decide');

/** XML 1.0 Char production. */
function isXmlChar(cp: number): boolean {
  return cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const HEX = /^#x[0-9a-fA-F]{1,6}$/;
const DEC = /^#[0-9]{1,7}$/;

function entity(name: string): string {
  if (Object.hasOwn(ENTITIES, name)) return ENTITIES[name] as string;
  let cp = NaN;
  if (HEX.test(name)) cp = parseInt(name.slice(2), 16);
  else if (DEC.test(name)) cp = parseInt(name.slice(1), 10);
  if (!isXmlChar(cp)) throw FALLBACK;
  return String.fromCodePoint(cp);
}

/** End-of-line handling (XML 1.0 §2.11) applies to the raw text, not to character references. */
function eol(raw: string, cr: boolean): string {
  return cr ? raw.replace(/\r\n?/g, '\n') : raw;
}

/**
 * Text s[from, to) (no `<` inside by construction); `hasAmp`: it contains a reference.
 * When the input contains `]]>` somewhere (an error in text), look for it here.
 */
export function decodeText(s: string, from: number, to: number, hasAmp: boolean, flags: CharCheck): string {
  if (flags.cdataEnd && s.slice(from, to).includes(']]>')) throw FALLBACK;
  if (flags.latin1Utf8) checkControls(s, from, to);
  if (!hasAmp) return eol(raw(s, from, to, flags), flags.cr);
  let out = '';
  let i = from;
  for (let amp = s.indexOf('&', from); amp >= 0 && amp < to; amp = s.indexOf('&', i)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi >= to) throw FALLBACK;
    out += eol(raw(s, i, amp, flags), flags.cr) + entity(s.slice(amp + 1, semi));
    i = semi + 1;
  }
  return out + eol(raw(s, i, to, flags), flags.cr);
}

/** Characters s[from, to) as written (decoded from UTF-8 when the input is bytes in Latin-1). */
export function raw(s: string, from: number, to: number, flags: CharCheck): string {
  return flags.latin1Utf8 ? latin1Utf8(s, from, to) : s.slice(from, to);
}

/** Attribute value s[from, to): no `<`; literal tab/newline become spaces (§3.3.3), references do not. */
export function decodeAttribute(s: string, from: number, to: number, flags: CharCheck): string {
  // Values are mostly one to three plain characters: one pass decides whether to work.
  let plain = true;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3c) throw FALLBACK;
    if (c === 0x26) plain = false;
    else if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) throw FALLBACK;
      plain = false;
    }
  }
  // References and line ends are ASCII: decoding the bytes first changes neither.
  let text = raw(s, from, to, flags);
  if (plain) return text;
  if (flags.cr) text = text.replace(/\r\n?/g, '\n');
  text = text.replace(/[\n\t]/g, ' ');
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', i)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0) throw FALLBACK;
    out += text.slice(i, amp) + entity(text.slice(amp + 1, semi));
    i = semi + 1;
  }
  return out + text.slice(i);
}

export interface CharCheck {
  /** Input contains `\r` (end-of-line normalization needed). */
  cr: boolean;
  /** Input contains `]]>`. */
  cdataEnd: boolean;
  /** Input is UTF-8 bytes as Latin-1 characters (valid UTF-8, checked by the reader): values are decoded as they are read. */
  latin1Utf8: boolean;
}

/**
 * checkChars for UTF-8 bytes as Latin-1 characters: the reader has checked the UTF-8 (no
 * surrogates, no U+FFFE/U+FFFF). Control characters are not looked for here (a pass over all
 * the input was a twentieth of the read): the scanner checks every character it reads as
 * markup, plain values are searched for them (scanner.ts plainText, latin1-utf8.ts), and
 * everything else it takes as a whole goes through checkControls.
 */
export function checkLatin1Chars(s: string, from: number, flags: CharCheck): number {
  if (!flags.cdataEnd && s.indexOf(']]>', Math.max(from - 2, 0)) >= 0) flags.cdataEnd = true;
  if (!flags.cr && s.indexOf('\r', from) >= 0) flags.cr = true;
  return s.length;
}

/** Throws FALLBACK at a C0 control other than tab, LF and CR in s[from, to) (text, comments, PIs, CDATA the scanner takes whole). */
export function checkControls(s: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) throw FALLBACK;
  }
}

/**
 * Checks s[from, end) for characters saxes rejects; sets flags. Returns where checking
 * stopped: s.length, or the index of a high surrogate at the very end when more input may
 * complete it.
 */
export function checkChars(s: string, from: number, final: boolean, flags: CharCheck): number {
  const end = s.length;
  if (!flags.cdataEnd && s.indexOf(']]>', Math.max(from - 2, 0)) >= 0) flags.cdataEnd = true;
  // The regular expression skips the characters that need no look (nearly all of them) in
  // native code; a character loop in JS was a fifth of scanning an SRU record.
  for (let i = from; ; i++) {
    UNUSUAL.lastIndex = i;
    if (!UNUSUAL.test(s)) return end;
    i = UNUSUAL.lastIndex - 1;
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x0d) flags.cr = true;
      else throw FALLBACK;
    } else if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else if (i + 1 >= end && !final) return i;
      else throw FALLBACK;
    } else {
      // A lone low surrogate, U+FFFE or U+FFFF.
      throw FALLBACK;
    }
  }
}

/** What checkChars looks at: anything but tab, LF and the characters from U+0020 up to the surrogates and from U+E000 to U+FFFD. */
const UNUSUAL = /[^\t\n\x20-\ud7ff\ue000-\ufffd]/g;
