/**
 * Which charset a record is decoded with. The declaration (library config, else the
 * record's own: MARC 21 leader/09, UNIMARC/CNMARC 100$a/26-29) is only a claim: Chinese
 * systems routinely convert records to UTF-8 or GBK without touching leader/09 or field 100
 * (reference 03 §4, dp2 issue #1206), so the bytes are checked.
 *
 * Order: the charset in force (config, else the record's declaration) if it passes its
 * check; else the record's own declaration; else a scored guess over UTF-8, GBK, Big5,
 * Shift_JIS, EUC-JP and MARC-8 (plausibility.ts). Anything but the first is flagged as a
 * mismatch naming the charset used; when nothing fits, the text is decoded with
 * replacement characters and still flagged. GB 18030 decodes almost any bytes, so it is
 * only ever chosen as GBK (no four-byte sequences) and on its score, never as a fallback.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { decodeStrict, type CharsetName } from './decode.ts';
import { plausibility } from './plausibility.ts';
import { scanMarc8 } from './marc8.ts';
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
  /** Bytes contradicted the declaration (or fitted no charset): always flagged. */
  mismatch: boolean;
  warning?: { code: MarcWarningCode; message: string };
}

function describe(declared: DeclaredCharset | undefined): string {
  if (declared === undefined) return 'no declared charset';
  return typeof declared === 'string' ? `declared ${declared}` : `declared ${declared.unsupported}`;
}

/** Decoded text at least this plausible passes the check without looking at other charsets. */
const CONFIDENT = 0.9;
/** Below this a decoding is not accepted at all. */
const ACCEPTABLE = 0.45;
/** Another charset must beat the declared one by this much to override it. */
const MARGIN = 0.25;

const GUESSES: CharsetName[] = ['utf-8', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'marc-8'];

/** GBK is GB 18030 without its four-byte sequences (lead 81-FE, then 30-39). */
function hasFourByteGb(data: Uint8Array): boolean {
  for (let i = 0; i + 1 < data.length; i++) {
    const b = data[i] as number;
    if (b < 0x81) continue;
    const next = data[i + 1] as number;
    if (next >= 0x30 && next <= 0x39) return true;
    i++;
  }
  return false;
}

// eslint-disable-next-line no-control-regex -- 0x1F is the MARC subfield delimiter
const SUBFIELD_CODE = /\x1f[\s\S]/g;

interface Score {
  /** Plausibility of the decoded text alone: decides whether a decoding is acceptable at all. */
  raw: number;
  /** Less the encoding's own doubts: decides between acceptable decodings. */
  adjusted: number;
}

/** Scores of the bytes in a charset, or undefined when they are not valid in it. */
function score(charset: CharsetName, data: Uint8Array): Score | undefined {
  if (charset === 'gb18030' && hasFourByteGb(data)) return undefined;
  const text = decodeStrict(charset, data);
  if (text === undefined) return undefined;
  // Subfield codes ("\x1fa黄仁宇") are not letters next to the text.
  const raw = plausibility(text.replace(SUBFIELD_CODE, ' '));
  return { raw, adjusted: raw - encodingDoubt(charset, data, text) };
}

/**
 * What the bytes say against a charset beyond validity. Japanese records carry kana (particles,
 * katakana readings): a Japanese decoding with many ideographs and no kana is doubtful (it is
 * how GB 2312 text reads in EUC-JP). Big5 puts about two in five characters on a trail byte
 * 0x40-0x7E, which EUC text never has: many two-byte characters and none there is doubtful.
 */
function encodingDoubt(charset: CharsetName, data: Uint8Array, text: string): number {
  if (charset === 'shift_jis' || charset === 'euc-jp') {
    const ideographs = text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    return ideographs >= 4 && !/[\u3041-\u30fa]/.test(text) ? 0.5 : 0;
  }
  if (charset === 'big5') {
    let pairs = 0;
    let lowTrail = 0;
    for (let i = 0; i + 1 < data.length; i++) {
      if ((data[i] as number) < 0x81) continue;
      pairs++;
      const trail = data[i + 1] as number;
      if (trail >= 0x40 && trail <= 0x7e) lowTrail++;
      i++;
    }
    return pairs >= 8 && lowTrail === 0 ? 0.5 : 0;
  }
  return 0;
}

interface Ranked extends Score {
  charset: CharsetName;
}

function ranked(data: Uint8Array): Ranked[] {
  const out: Ranked[] = [];
  for (const charset of GUESSES) {
    const s = score(charset, data);
    if (s !== undefined && s.raw >= ACCEPTABLE) out.push({ charset, ...s });
  }
  return out.sort((a, b) => b.adjusted - a.adjusted);
}

/**
 * The ranking of a record's bytes, computed on first use: most records pass their declared
 * charset's check without it. An object, not a closure per record (a closure was a visible
 * share of deciding a MARC-8 record, profiled).
 */
class Ranking {
  private readonly data: Uint8Array;
  private cache: Ranked[] | undefined;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  best(): Ranked | undefined {
    return (this.cache ??= ranked(this.data))[0];
  }
}

/** Passes when valid, plausible, and not clearly beaten by another charset. */
function passes(charset: CharsetName, data: Uint8Array, ranking: Ranking): boolean {
  if (charset === 'marc-8') {
    // Valid MARC-8 whose 8-bit bytes come a few at a time (marks before a letter, Ł, ø) is MARC-8:
    // two-byte CJK charsets write long 8-bit runs. Anything else is scored like the rest.
    const scan = scanMarc8(data);
    if (scan.invalid > 0) return false;
    if (scan.longestHighRun < 4) return true;
  }
  const own = score(charset, data);
  if (own === undefined || own.raw < ACCEPTABLE) return false;
  if (own.adjusted >= CONFIDENT) return true;
  const best = ranking.best();
  return best === undefined || best.charset === charset || best.adjusted < own.adjusted + MARGIN;
}

/** A 7-bit record that carries ISO 2022 escapes (in bytes[from, to)) is MARC-8 or ISO-2022-JP, whatever it says. */
function escapedCharset(bytes: Buffer, from: number, to: number): CharsetName | undefined {
  const at = bytes.indexOf(0x1b, from);
  if (at < 0 || at + 2 >= to) return undefined;
  const a = bytes[at + 1] as number;
  const b = bytes[at + 2] as number;
  // ISO-2022-JP: ESC $ @, ESC $ B, ESC ( J; MARC-8: ESC $ 1, ESC ( N, ESC g, ESC b, ESC p ...
  if ((a === 0x24 && (b === 0x40 || b === 0x42)) || (a === 0x28 && b === 0x4a)) return 'iso-2022-jp';
  return 'marc-8';
}

/**
 * `data` is the record after the leader (directory + fields). `declared` is the charset in
 * force (the library's configured charset when there is one, else the record's own
 * declaration); `own` is the record's own declaration, tried when a configured charset fails.
 */
export function decideCharset(
  data: Uint8Array,
  declared: DeclaredCharset | undefined,
  own?: DeclaredCharset,
  ascii = isAscii(data),
  utf8 = !ascii && isUtf8(data),
): CharsetDecision {
  // A view only when the caller's bytes are not a Buffer already.
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return decideCharsetIn(bytes, 0, bytes.length, declared, own, ascii, utf8);
}

/**
 * decideCharset for the data at bytes[from, to) of a whole record: a view of it is made only
 * when the bytes must be scored (neither 7-bit nor UTF-8), not for every record.
 */
export function decideCharsetIn(
  bytes: Buffer,
  from: number,
  to: number,
  declared: DeclaredCharset | undefined,
  own: DeclaredCharset | undefined,
  ascii: boolean,
  utf8: boolean,
): CharsetDecision {
  const inForce = typeof declared === 'string' && declared !== 'ascii' ? declared : undefined;
  if (ascii) {
    const escaped = escapedCharset(bytes, from, to);
    if (escaped !== undefined && inForce !== escaped && !(escaped === 'marc-8' && inForce === undefined && own === 'marc-8'))
      return mismatch(escaped, `${describe(declared)} but the bytes carry ${escaped} escape sequences`);
    // 7-bit data fits every declaration; MARC-8 and ISO-2022-JP still need their escapes read.
    return fits(inForce ?? escaped ?? 'utf-8');
  }
  if (utf8) {
    // Multi-byte UTF-8 is almost never valid by accident in GBK, Big5, Shift_JIS or MARC-8 bytes.
    if (inForce === undefined || inForce === 'utf-8') return fits('utf-8');
    return mismatch('utf-8', `${describe(declared)} but the bytes are valid multi-byte UTF-8`);
  }
  const data = from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to);
  const ranking = new Ranking(data);
  if (inForce && passes(inForce, data, ranking)) return fits(inForce);
  const ownCharset = typeof own === 'string' && own !== 'ascii' && own !== inForce ? own : undefined;
  if (ownCharset && passes(ownCharset, data, ranking))
    return mismatch(ownCharset, `${describe(declared)} but the bytes are not ${inForce ?? 'in it'}; the record's own declaration fits`);
  const best = ranking.best();
  if (best && best.charset !== inForce)
    return mismatch(best.charset, `${describe(declared)} but the bytes read best as ${best.charset} (guessed)`);
  // Nothing fits: decode as declared with replacement characters, and say so.
  const fallback = inForce ?? ownCharset ?? 'utf-8';
  return {
    charset: fallback,
    mismatch: true,
    warning: { code: 'charset-mismatch', message: `${describe(declared)}; the bytes fit no known charset: decoded as ${fallback} with replacement characters` },
  };
}

/** The decision that the bytes fit `charset`: one shared, frozen object per charset (decided for every record). */
const FITS = new Map<CharsetName, CharsetDecision>();
function fits(charset: CharsetName): CharsetDecision {
  let decision = FITS.get(charset);
  if (decision === undefined) FITS.set(charset, (decision = Object.freeze({ charset, mismatch: false })));
  return decision;
}

function mismatch(charset: CharsetName, message: string): CharsetDecision {
  return { charset, mismatch: true, warning: { code: 'charset-mismatch', message: `${message}: decoded as ${charset}` } };
}
