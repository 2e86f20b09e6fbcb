/**
 * Typed failures and warnings of the record readers. A bad record never throws out of a
 * reader: it becomes a MarcReadError value in the output stream, so the records around it
 * still come out and the fan-out can report which library sent what, and where.
 */

export type MarcReadErrorCode =
  /** The stream ended, or the next record's leader started, before this record's end. */
  | 'truncated'
  /** Leader positions that must be digits are not, or the lengths contradict each other. */
  | 'bad-leader'
  /** Directory unusable even with the 0x1E fallback. */
  | 'bad-directory'
  /** Longer than 99,999 bytes (ISO 2709 limit) or the configured limit. */
  | 'oversized'
  /** No record terminator (0x1D) where the record must end. */
  | 'bad-terminator'
  /** MARCXML that is not well-formed XML. */
  | 'malformed-xml'
  /** Well-formed XML whose MARC elements are wrong (missing tag, leader of wrong length). */
  | 'bad-marcxml';

export interface MarcReadErrorInit {
  code: MarcReadErrorCode;
  message: string;
  /** Byte offset in the ISO 2709 stream, or character offset in the XML text. */
  offset: number;
  recordIndex: number;
  library?: string;
  /** XML only: 1-based line and column where the parser stopped. */
  line?: number;
  column?: number;
}

export class MarcReadError extends Error {
  readonly code: MarcReadErrorCode;
  readonly offset: number;
  readonly recordIndex: number;
  readonly library?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(init: MarcReadErrorInit) {
    super(init.message);
    this.name = 'MarcReadError';
    this.code = init.code;
    this.offset = init.offset;
    this.recordIndex = init.recordIndex;
    if (init.library !== undefined) this.library = init.library;
    if (init.line !== undefined) this.line = init.line;
    if (init.column !== undefined) this.column = init.column;
  }
}

export type MarcWarningCode =
  /** Bytes between records that are not a record (CR/LF, padding, garbage). */
  | 'junk-skipped'
  /** Directory lengths/offsets disagree with the 0x1E positions; fields split on 0x1E instead. */
  | 'directory-mismatch'
  /** Leader record length disagrees with the position of the 0x1D terminator. */
  | 'length-mismatch'
  /** Base address in the leader is wrong; the directory end was found from its terminator. */
  | 'base-address-mismatch'
  /** Record ends without 0x1D but the next record starts exactly where it should end. */
  | 'missing-terminator'
  /** Leader indicator count / subfield code length not digits: the ISO 2709 default 2 was used. */
  | 'leader-defaults'
  /** The bytes contradict the declared charset; decoded by the bytes. */
  | 'charset-mismatch'
  /** Bytes invalid in the chosen charset; replaced with U+FFFD. */
  | 'invalid-bytes'
  /** Declared charset has no decoder here (e.g. ISO 5426); decoded by the bytes. */
  | 'unsupported-charset';

export interface MarcWarning {
  code: MarcWarningCode;
  message: string;
  /** Byte offset in the stream where the problem starts. */
  offset: number;
}
