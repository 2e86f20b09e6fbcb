/**
 * Cuts a TCP byte stream into whole APDUs. Z39.50 has no framing of its own:
 * APDUs are back-to-back BER elements and a PDU ends where its outer length says
 * (RFC 1729 "Encoding"; for the indefinite form, at the matching end-of-contents).
 * Works for chunks of any size, one byte included; resumes scanning where it
 * stopped, so the cost stays linear. A PDU that is or grows larger than
 * `maxPduBytes` is refused as soon as that is known, without buffering it.
 */
import { readHeader } from './ber-reader.ts';
import { BerError } from './ber-types.ts';

export class PduTooLargeError extends Error {
  readonly limit: number;
  constructor(size: number | 'unknown', limit: number) {
    super(size === 'unknown' ? `PDU larger than the limit of ${limit} bytes` : `PDU of ${size} bytes exceeds the limit of ${limit}`);
    this.name = 'PduTooLargeError';
    this.limit = limit;
  }
}

const MAX_INDEFINITE_DEPTH = 64;

export class PduFramer {
  private buf: Buffer = Buffer.alloc(1024);
  private len = 0;
  /** Offset up to which the current PDU has been scanned (inside an indefinite outer element). */
  private pos = 0;
  /** Open indefinite-length elements at `pos`. */
  private depth = 0;
  /** End of the current PDU once known. */
  private pduEnd: number | null = null;
  private failed: Error | null = null;

  constructor(readonly maxPduBytes: number) {}

  /** Bytes held of a PDU not yet complete (non-zero when the peer stops mid-PDU). */
  get pending(): number {
    return this.len;
  }

  /**
   * Adds bytes; returns every PDU now complete, in order. Throws BerError or PduTooLargeError.
   * `transient`: the caller reuses `chunk` afterwards (a read buffer), so no PDU may be a view of it.
   */
  push(chunk: Buffer, transient = false): Buffer[] {
    if (this.failed) throw this.failed;
    try {
      const out: Buffer[] = [];
      // Nothing held: whole PDUs at the chunk's start are handed out as views of it (a socket's
      // 'data' chunks are fresh buffers) or, from a transient chunk, copied once; only the rest is buffered.
      const taken = this.len === 0 ? this.takeWhole(chunk, out, transient) : 0;
      if (taken === chunk.length) return out;
      this.append(taken === 0 ? chunk : chunk.subarray(taken));
      for (let pdu = this.next(); pdu; pdu = this.next()) out.push(pdu);
      return out;
    } catch (err) {
      this.failed = err as Error;
      throw err;
    }
  }

  /**
   * Pushes onto `out` the definite-length PDUs lying whole at the start of `chunk`; returns the
   * offset after them. Anything else (indefinite form, a partial or oversized PDU, a malformed
   * header) is left to the buffered path, which reports it.
   */
  private takeWhole(chunk: Buffer, out: Buffer[], copy: boolean): number {
    let offset = 0;
    while (offset < chunk.length) {
      let header;
      try {
        header = readHeader(chunk, offset, chunk.length);
      } catch {
        return offset;
      }
      if (header === 'incomplete' || header.length === null) return offset;
      const size = header.headerLength + header.length;
      if (size > this.maxPduBytes || offset + size > chunk.length) return offset;
      const pdu = chunk.subarray(offset, offset + size);
      out.push(copy ? Buffer.from(pdu) : pdu);
      offset += size;
    }
    return offset;
  }

  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.buf.length) {
      const grown = Buffer.alloc(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }

  private next(): Buffer | null {
    if (this.pduEnd === null && !this.scan()) {
      if (this.len > this.maxPduBytes) throw new PduTooLargeError('unknown', this.maxPduBytes);
      return null;
    }
    const end = this.pduEnd!;
    if (this.len < end) return null;
    const pdu = Buffer.from(this.buf.subarray(0, end));
    this.buf.copy(this.buf, 0, end, this.len);
    this.len -= end;
    this.pos = 0;
    this.depth = 0;
    this.pduEnd = null;
    return pdu;
  }

  /** Advances the scan; true once the PDU's end offset is known. */
  private scan(): boolean {
    if (this.pos === 0) {
      const outer = readHeader(this.buf, 0, this.len);
      if (outer === 'incomplete') return false;
      if (outer.length !== null) return this.setEnd(outer.headerLength + outer.length);
      this.pos = outer.headerLength;
      this.depth = 1;
    }
    // Inside an indefinite outer element: walk child headers, skipping definite contents unread.
    while (this.pos < this.len) {
      if (this.buf[this.pos] === 0) {
        // Universal tag 0 is reserved for end-of-contents (X.690 §8.1.5), so 0x00 must be followed by 0x00.
        if (this.pos + 1 >= this.len) return false;
        if (this.buf[this.pos + 1] !== 0) throw new BerError('malformed end-of-contents', this.pos);
        this.pos += 2;
        this.depth -= 1;
        if (this.depth === 0) return this.setEnd(this.pos);
        continue;
      }
      const h = readHeader(this.buf, this.pos, this.len);
      if (h === 'incomplete') return false;
      if (h.length === null) {
        this.depth += 1;
        if (this.depth > MAX_INDEFINITE_DEPTH) throw new BerError('indefinite-length elements nested too deeply', this.pos);
        this.pos += h.headerLength;
      } else {
        this.pos += h.headerLength + h.length;
      }
      if (this.pos > this.maxPduBytes) throw new PduTooLargeError('unknown', this.maxPduBytes);
    }
    return false;
  }

  private setEnd(end: number): boolean {
    if (end > this.maxPduBytes) throw new PduTooLargeError(end, this.maxPduBytes);
    this.pduEnd = end;
    return true;
  }
}
