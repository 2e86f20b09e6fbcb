/**
 * One split record's bytes → IsoRecord: leader and directory validation (ISO 2709 §4,
 * MARC 21 "Record structure"), format and charset decision. Throws MarcReadError; the
 * reader turns that into a value in its output.
 */
import { MarcReadError, type MarcReadErrorCode, type MarcWarning } from '../errors.ts';
import { charsetFromLabel, decoderFor } from '../charsets/decode.ts';
import { charsetFromMarc21Leader, charsetFromUnimarc100, decideCharsetIn, type DeclaredCharset } from '../charsets/detect.ts';
import { readDirectory, type FieldSpans } from './directory.ts';
import { FT, LEADER_LENGTH, RT, SF, isDigit, numberAt } from './leader.ts';
import { IsoRecord, type MarcFormat } from './record.ts';
import { isAscii, isUtf8 } from 'node:buffer';

export interface RecordOptions {
  /** Library id, copied into errors. */
  library?: string;
  /** Library's configured charset label (gbk, utf-8, marc-8, shift_jis …); wins over the record's own declaration. */
  charset?: string;
  /** 'cnmarc' is UNIMARC for parsing purposes; 'auto' (default) looks for a UNIMARC 100 field. */
  format?: MarcFormat | 'cnmarc' | 'auto';
}

export interface RecordPosition {
  offset: number;
  index: number;
  /** Warnings the splitter already found (length mismatch, missing terminator). */
  warnings?: MarcWarning[];
}

function failure(code: MarcReadErrorCode, message: string, position: RecordPosition, options: RecordOptions): MarcReadError {
  const init = { code, message, offset: position.offset, recordIndex: position.index };
  return new MarcReadError(options.library === undefined ? init : { ...init, library: options.library });
}

// Hot path (tens of thousands of records a second): no per-record closures or copies.
export function parseIso2709Record(bytes: Buffer, position: RecordPosition, options: RecordOptions = {}): IsoRecord {
  const warnings: MarcWarning[] = position.warnings ?? [];
  if (bytes.length < LEADER_LENGTH + 2) throw failure('truncated', `record of ${bytes.length} bytes is shorter than a leader`, position, options);
  // Character codes of the 24 bytes (Latin-1), without a call into the runtime (half the time).
  const leader = String.fromCharCode(
    bytes[0] as number, bytes[1] as number, bytes[2] as number, bytes[3] as number, bytes[4] as number, bytes[5] as number,
    bytes[6] as number, bytes[7] as number, bytes[8] as number, bytes[9] as number, bytes[10] as number, bytes[11] as number,
    bytes[12] as number, bytes[13] as number, bytes[14] as number, bytes[15] as number, bytes[16] as number, bytes[17] as number,
    bytes[18] as number, bytes[19] as number, bytes[20] as number, bytes[21] as number, bytes[22] as number, bytes[23] as number,
  );
  if (numberAt(bytes, 0, 5) < 0) throw failure('bad-leader', `leader 00-04 "${leader.slice(0, 5)}" is not digits`, position, options);
  let indicatorCount = 2;
  let codeLength = 1;
  if (isDigit(bytes[10]) && isDigit(bytes[11])) {
    indicatorCount = (bytes[10] as number) - 0x30;
    codeLength = Math.max((bytes[11] as number) - 0x30 - 1, 1);
  } else {
    warnings.push({ code: 'leader-defaults', message: `leader 10-11 "${leader.slice(10, 12)}" not digits; using 2 and 2`, offset: position.offset });
  }
  const dataEnd = bytes[bytes.length - 1] === RT ? bytes.length - 1 : bytes.length;
  const dirEnd = bytes.indexOf(FT, LEADER_LENGTH);
  if (dirEnd === -1 || dirEnd >= dataEnd) throw failure('bad-directory', 'no 0x1E ends the directory', position, options);
  const base = numberAt(bytes, 12, 5);
  if (base !== dirEnd + 1) {
    if ((dirEnd - LEADER_LENGTH) % 12 !== 0) {
      const message = `base address "${leader.slice(12, 17)}" does not match the directory (ends at ${dirEnd})`;
      throw failure(base < 0 ? 'bad-leader' : 'bad-directory', message, position, options);
    }
    warnings.push({ code: 'base-address-mismatch', message: `base address "${leader.slice(12, 17)}" corrected to ${dirEnd + 1}`, offset: position.offset });
  }
  const result = readDirectory(bytes, dirEnd, dirEnd + 1, dataEnd);
  if (!result.ok) throw failure('bad-directory', result.message, position, options);
  if (result.warning) warnings.push({ ...result.warning, offset: position.offset });
  const { spans } = result;

  const format = resolveFormat(options.format, bytes, spans);
  // With a 7-bit leader (nearly always) the record's own bytes answer for its data (the
  // terminator after it is 7-bit too): no view of the data per record.
  const data = sevenBit(bytes, 0, LEADER_LENGTH) ? bytes : bytes.subarray(LEADER_LENGTH, dataEnd);
  const ascii = isAscii(data);
  // Checked once here; toMarcInJson copies a valid UTF-8 data area without checking again.
  const utf8 = !ascii && isUtf8(data);
  const own = ownCharset(format, leader, bytes, spans);
  const decision = decideCharsetIn(bytes, LEADER_LENGTH, dataEnd, declaredCharset(options, own, warnings, position.offset), own, ascii, utf8);
  if (decision.warning) warnings.push({ code: decision.warning.code, message: decision.warning.message, offset: position.offset });
  return new IsoRecord({
    bytes, leader, offset: position.offset, index: position.index, format,
    decoder: decoderFor(decision.charset),
    ascii,
    utf8,
    charsetMismatch: decision.mismatch,
    spans, indicatorCount, codeLength,
    dataStart: dirEnd + 1, dataEnd, warnings,
  });
}

function sevenBit(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

function declaredCharset(options: RecordOptions, own: DeclaredCharset | undefined, warnings: MarcWarning[], offset: number): DeclaredCharset | undefined {
  if (options.charset !== undefined) {
    const configured = charsetFromLabel(options.charset);
    if (configured) return configured;
    const message = `configured charset "${options.charset}" is not supported; using the record's declaration`;
    warnings.push({ code: 'unsupported-charset', message, offset });
  }
  return own;
}

/** The record's own declaration: MARC 21 leader/09, UNIMARC 100$a/26-29. */
function ownCharset(format: MarcFormat, leader: string, bytes: Buffer, spans: FieldSpans): DeclaredCharset | undefined {
  if (format === 'marc21') return charsetFromMarc21Leader(leader);
  const fixed = unimarc100a(bytes, spans);
  return fixed === undefined ? undefined : charsetFromUnimarc100(fixed);
}

/** 100$a as Latin-1 (its 36 positions are ASCII codes), or undefined. */
function unimarc100a(bytes: Buffer, spans: FieldSpans): string | undefined {
  const i = spans.tags.indexOf('100');
  if (i < 0) return undefined;
  const start = spans.starts[i] as number;
  const end = spans.ends[i] as number;
  const sf = bytes.indexOf(SF, start);
  if (sf < 0 || sf >= end || bytes[sf + 1] !== 0x61) return undefined;
  let stop = bytes.indexOf(SF, sf + 2);
  if (stop < 0 || stop > end) stop = end;
  return bytes.toString('latin1', sf + 2, stop);
}

function resolveFormat(option: RecordOptions['format'], bytes: Buffer, spans: FieldSpans): MarcFormat {
  if (option === 'marc21') return 'marc21';
  if (option === 'unimarc' || option === 'cnmarc') return 'unimarc';
  // UNIMARC's 100$a starts with an 8-digit date entered on file; MARC 21 100 is a personal name.
  const fixed = unimarc100a(bytes, spans);
  return fixed !== undefined && /^\d{8}/.test(fixed) && fixed.length >= 26 && spans.tags.includes('200') ? 'unimarc' : 'marc21';
}
