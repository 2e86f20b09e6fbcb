/**
 * One ISO 2709 record kept as bytes plus field offsets. Strings are decoded only when a
 * field is read (field(i), fieldsByTag) — most callers show a handful of fields — while
 * toMarcRecord() decodes everything in one pass over the data area (one decoder call and
 * one NFC pass per record instead of one per subfield: string allocation dominates).
 */
import type { MarcField, MarcRecord, Subfield } from '../marc.ts';
import type { MarcWarning } from '../errors.ts';
import type { CharsetName, Decoder } from '../charsets/decode.ts';
import type { FieldSpans } from './directory.ts';
import { marcInJsonFromUtf8, type JsonShape } from './json-from-bytes.ts';
import { marcInJson } from '../marc-in-json.ts';
import { isUtf8 } from 'node:buffer';
import { decodeUtf8Nfc } from '../charsets/utf8-nfc.ts';
import { decodeUtf8NfcWasm, delimiters, scanAsciiDelimiters } from '../charsets/utf8-wasm.ts';

export type MarcFormat = 'marc21' | 'unimarc';

export interface IsoRecordInit {
  bytes: Buffer;
  leader: string;
  offset: number;
  index: number;
  format: MarcFormat;
  decoder: Decoder;
  /** Data is 7-bit: decoded strings need no NFC pass. */
  ascii: boolean;
  /** Data (directory and data area) is valid multi-byte UTF-8. */
  utf8: boolean;
  charsetMismatch: boolean;
  spans: FieldSpans;
  indicatorCount: number;
  /** Subfield identifier length without the delimiter (leader/11 minus 1). */
  codeLength: number;
  dataStart: number;
  dataEnd: number;
  warnings: MarcWarning[];
}

const FT_CHAR = '\x1e';
const SF_CHAR = '\x1f';
/** parseField's subfield delimiter positions (see there). */
let MARKS: Int32Array = new Int32Array(64);
const growMarks = (marks: Int32Array): Int32Array => {
  const more = new Int32Array(marks.length * 2);
  more.set(marks);
  return more;
};

export class IsoRecord {
  readonly leader: string;
  /** Byte offset of the record in the stream. */
  readonly offset: number;
  readonly index: number;
  /** The record's bytes, kept for debugging and re-serialisation. */
  readonly bytes: Buffer;
  readonly format: MarcFormat;
  readonly charset: CharsetName;
  readonly charsetMismatch: boolean;
  readonly warnings: MarcWarning[];
  private readonly init: IsoRecordInit;

  constructor(init: IsoRecordInit) {
    this.init = init;
    this.leader = init.leader;
    this.offset = init.offset;
    this.index = init.index;
    this.bytes = init.bytes;
    this.format = init.format;
    this.charset = init.decoder.name;
    this.charsetMismatch = init.charsetMismatch;
    this.warnings = init.warnings;
  }

  get fieldCount(): number {
    return this.init.spans.tags.length;
  }

  tag(i: number): string {
    const tag = this.init.spans.tags[i];
    if (tag === undefined) throw new RangeError(`field ${i} of ${this.fieldCount}`);
    return tag;
  }

  /** Decodes field i alone. */
  field(i: number): MarcField {
    const { spans } = this.init;
    const tag = this.tag(i);
    const text = this.text(spans.starts[i] as number, spans.ends[i] as number);
    return this.parseField(tag, text, 0, text.length);
  }

  fieldsByTag(tag: string): MarcField[] {
    const out: MarcField[] = [];
    const { tags } = this.init.spans;
    for (let i = 0; i < tags.length; i++) if (tags[i] === tag) out.push(this.field(i));
    return out;
  }

  /** Raw bytes of field i without its terminator. */
  rawField(i: number): Buffer {
    const { spans, bytes } = this.init;
    this.tag(i);
    return bytes.subarray(spans.starts[i], spans.ends[i]);
  }

  toMarcRecord(): MarcRecord {
    const { spans, decoder, dataStart, dataEnd } = this.init;
    const { tags } = spans;
    const fields: MarcField[] = new Array<MarcField>(tags.length);
    let done = 0;
    if (spans.contiguous && decoder.wholeAreaSafe && tags.length > 0 && spans.starts[0] === dataStart) {
      done = this.areaFields(dataStart, dataEnd, fields);
    }
    // Non-contiguous directories and stateful decoders (ISO-2022-JP) go field by field.
    for (; done < tags.length; done++) fields[done] = this.field(done);
    return { leader: this.leader, fields };
  }

  /**
   * The data area's text split on 0x1E, one field per tag (the text after the last tag's is
   * ignored); returns how many fields it found (fewer when the text has fewer 0x1E).
   */
  private fieldsIn(text: string, fields: MarcField[]): number {
    const { tags } = this.init.spans;
    let pos = 0;
    let done = 0;
    for (; done < tags.length; done++) {
      const end = text.indexOf(FT_CHAR, pos);
      if (end === -1 && done < tags.length - 1) break;
      const stop = end === -1 ? text.length : end;
      fields[done] = this.parseField(tags[done] as string, text, pos, stop);
      pos = stop + 1;
    }
    return done;
  }

  /** fieldsIn, where the text's 0x1E and 0x1F are already known (utf8-wasm.ts delimiters): no search. */
  private fieldsAt(text: string, fields: MarcField[]): number {
    const { tags } = this.init.spans;
    const { list, first } = delimiters;
    const last = first + delimiters.count;
    let k = first;
    let pos = 0;
    let done = 0;
    for (; done < tags.length; done++) {
      // Entries k to j - 1 are the 0x1F of this field; j is its 0x1E (or the end of the list).
      let j = k;
      while (j < last && ((list[j] as number) & 1) === 0) j++;
      if (j === last && done < tags.length - 1) break;
      const stop = j === last ? text.length : (list[j] as number) >> 1;
      fields[done] = this.fieldAt(tags[done] as string, text, pos, stop, k, j);
      pos = stop + 1;
      k = j + 1;
    }
    return done;
  }

  /** parseField, with the field's 0x1F at delimiters.list[from, to). */
  private fieldAt(tag: string, text: string, start: number, end: number, from: number, to: number): MarcField {
    if (tag.charCodeAt(0) === 0x30 && tag.charCodeAt(1) === 0x30) return { tag, value: text.slice(start, end) };
    const { indicatorCount, codeLength } = this.init;
    const { list } = delimiters;
    const sf = from < to ? (list[from] as number) >> 1 : end;
    const indicatorEnd = Math.min(sf, start + indicatorCount);
    const ind1 = indicatorEnd > start ? (text[start] as string) : ' ';
    const ind2 = indicatorEnd > start + 1 ? (text[start + 1] as string) : ' ';
    const subfields = new Array<Subfield>(to - from);
    for (let k = from; k < to; k++) {
      const at = (list[k] as number) >> 1;
      const next = k + 1 < to ? (list[k + 1] as number) >> 1 : end;
      const codeEnd = Math.min(at + 1 + codeLength, next);
      const code = codeEnd === at + 2 ? (text[at + 1] as string) : text.slice(at + 1, codeEnd);
      subfields[k - from] = { code, value: text.slice(codeEnd, next) };
    }
    return { tag, ind1, ind2, subfields };
  }

  /**
   * The record as MARC-in-JSON (marc-in-json.ts), UTF-8: the same text as
   * marcInJson(toMarcRecord()), written from the bytes when the fields lie in order. UTF-8
   * records already in NFC (nearly all) are copied as they are; other charsets are decoded
   * to text first, whose UTF-8 is written the same way. The Buffer is a view of a shared
   * 128 KB slab, like Buffer.allocUnsafe's pool: copy it (Buffer.from) to keep it for long.
   */
  toMarcInJson(): Buffer {
    const { spans, decoder, bytes, dataStart, dataEnd, ascii, utf8 } = this.init;
    if (spans.contiguous && decoder.wholeAreaSafe && (spans.tags.length === 0 || spans.starts[0] === dataStart)) {
      const shape: JsonShape = { leader: this.leader, tags: spans.tags, indicatorCount: this.init.indicatorCount, codeLength: this.init.codeLength };
      let json: Buffer | undefined;
      const identity = decoder.name === 'utf-8' || (ascii && decoder.name === 'iso-8859-1');
      if (identity && (ascii || utf8)) json = marcInJsonFromUtf8(bytes, dataStart, dataEnd, shape, !ascii);
      else {
        // No decoder yields a lone surrogate (WHATWG's replace them, the MARC-8 tables hold none),
        // so the UTF-8 is the text's exactly; MARC-8 writes it without the string (decodeUtf8).
        const text = decoder.decodeUtf8 ? decoder.decodeUtf8(bytes, dataStart, dataEnd) : Buffer.from(this.nfc(decoder.decode(bytes, dataStart, dataEnd)), 'utf8');
        json = marcInJsonFromUtf8(text, 0, text.length, shape, false);
      }
      // Undefined: the fields are not laid out as the directory says; the record's own reading below.
      if (json !== undefined) return json;
    }
    return Buffer.from(marcInJson(this.toMarcRecord()), 'utf8');
  }

  /**
   * The fields of the data area [start, end) decoded as NFC text (as text() does); returns how
   * many. Where the decoder noted where the delimiters are (utf8-wasm.ts: 7-bit data scanned,
   * valid UTF-8 decoded there, the text unchanged by NFC), they are split there without a search.
   */
  private areaFields(start: number, end: number, fields: MarcField[]): number {
    const { decoder, bytes, ascii, utf8 } = this.init;
    if (ascii && (decoder.name === 'utf-8' || decoder.name === 'iso-8859-1')) {
      const scanned = scanAsciiDelimiters(bytes, start, end);
      const text = bytes.toString('latin1', start, end);
      return scanned ? this.fieldsAt(text, fields) : this.fieldsIn(text, fields);
    }
    if (decoder.name === 'utf-8' && utf8) {
      const text = decodeUtf8NfcWasm(bytes, start, end);
      if (text !== undefined) return delimiters.text ? this.fieldsAt(text, fields) : this.fieldsIn(text, fields);
    }
    return this.fieldsIn(this.text(start, end), fields);
  }

  /**
   * Bytes [start, end) as NFC text. 7-bit data in UTF-8 or Latin-1 is copied as Latin-1 (no
   * decoding, no NFC); valid UTF-8 goes through our one-pass decoder (utf8-nfc.ts).
   */
  private text(start: number, end: number): string {
    const { decoder, bytes, ascii } = this.init;
    if (ascii && (decoder.name === 'utf-8' || decoder.name === 'iso-8859-1')) return bytes.toString('latin1', start, end);
    // The whole data area (after the directory's 0x1E) is valid when parse.ts found the record so.
    const whole = start === this.init.dataStart && end === this.init.dataEnd && this.init.utf8;
    if (decoder.name === 'utf-8' && (whole || isUtf8(bytes.subarray(start, end)))) return decodeUtf8Nfc(bytes, start, end);
    return this.nfc(decoder.decode(bytes, start, end));
  }

  private nfc(text: string): string {
    return this.init.ascii || this.init.decoder.nfc === true ? text : text.normalize('NFC');
  }

  private parseField(tag: string, text: string, start: number, end: number): MarcField {
    if (tag.charCodeAt(0) === 0x30 && tag.charCodeAt(1) === 0x30) return { tag, value: text.slice(start, end) };
    const { indicatorCount, codeLength } = this.init;
    let sf = text.indexOf(SF_CHAR, start);
    if (sf === -1 || sf > end) sf = end;
    // Indicators are whatever precedes the first delimiter, up to the leader's count: a
    // field written without indicators keeps its subfields.
    const indicatorEnd = Math.min(sf, start + indicatorCount);
    const ind1 = indicatorEnd > start ? (text[start] as string) : ' ';
    const ind2 = indicatorEnd > start + 1 ? (text[start + 1] as string) : ' ';
    // Delimiters first (into a typed array: no write barrier, no garbage), then the subfields
    // into an array of their exact number: a field's own array grown by push gets room for 17
    // on its first push, the largest allocation per record.
    let n = 0;
    let marks = MARKS;
    while (sf < end) {
      if (n === marks.length) marks = MARKS = growMarks(marks);
      marks[n++] = sf;
      const next = text.indexOf(SF_CHAR, sf + 1);
      sf = next === -1 || next > end ? end : next;
    }
    const subfields = new Array<Subfield>(n);
    for (let k = 0; k < n; k++) {
      const at = marks[k] as number;
      const next = k + 1 < n ? (marks[k + 1] as number) : end;
      const codeEnd = Math.min(at + 1 + codeLength, next);
      // A one-character code is a single-character string V8 keeps interned (no slice).
      const code = codeEnd === at + 2 ? (text[at + 1] as string) : text.slice(at + 1, codeEnd);
      subfields[k] = { code, value: text.slice(codeEnd, next) };
    }
    return { tag, ind1, ind2, subfields };
  }
}
