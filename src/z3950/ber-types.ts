/**
 * BER (ITU-T X.690) vocabulary shared by the reader, the writer and the framer.
 * Z39.50 APDUs are BER-encoded (Z39.50-2003 §3.1, RFC 1729 "Encoding").
 */

/** X.690 §8.1.2.2: bits 8-7 of the identifier octet. */
export type TagClass = 'universal' | 'application' | 'context' | 'private';

export const CLASS_BITS: Record<TagClass, number> = {
  universal: 0x00,
  application: 0x40,
  context: 0x80,
  private: 0xc0,
};

export const CLASS_OF_BITS: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

/** Universal tag numbers Z39.50 uses (X.680 §8.4, table 1). */
export const UNIVERSAL = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OBJECT_IDENTIFIER: 6,
  OBJECT_DESCRIPTOR: 7,
  EXTERNAL: 8,
  SEQUENCE: 16,
  SET: 17,
  GENERALIZED_TIME: 24,
  VISIBLE_STRING: 26,
  GENERAL_STRING: 27,
} as const;

/** One decoded TLV. Buffers are views into the PDU buffer (no copies). */
export interface BerElement {
  cls: TagClass;
  constructed: boolean;
  tag: number;
  /** Contents octets; for an indefinite-length element, without the end-of-contents octets. */
  content: Buffer;
  /** The whole TLV as received (identifier, length, contents, end-of-contents). */
  raw: Buffer;
  /** Sub-elements of a constructed element; empty for a primitive one. */
  children: readonly BerElement[];
  indefinite: boolean;
}

/** Any malformed or unsupported encoding. `offset` is relative to the buffer handed to the decoder. */
export class BerError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'BerError';
    this.offset = offset;
  }
}

export function tagName(el: { cls: TagClass; tag: number }): string {
  const prefix = el.cls === 'context' ? '' : el.cls === 'universal' ? 'UNIVERSAL ' : `${el.cls.toUpperCase()} `;
  return `[${prefix}${el.tag}]`;
}

/** INTEGER values: a number when it is safe, a bigint beyond 2^53 (hit counts can exceed 32 bits, §11.6 of our notes). */
export type BerInteger = number | bigint;
