/**
 * MarcRecord → ISO 2709 bytes, with lengths counted in bytes of the chosen encoding
 * (MARC 21 "Record structure": lengths are octet counts). Used for fixtures, the benchmark
 * and re-serialisation; the encoder is a parameter so GBK/Shift_JIS records get
 * byte-correct directories.
 */
import { isControlField, type MarcRecord } from '../marc.ts';

export type Encoder = (text: string) => Uint8Array;

/**
 * `encode` absent: UTF-8, each field measured with Buffer.byteLength and written straight into
 * the record's one buffer (the Z39.50 front end writes every record it serves: no per-field
 * Buffer, no concat). An encoder's bytes are kept per field and copied in.
 */
export function writeIso2709(record: MarcRecord, encode?: Encoder): Buffer {
  const bodies: (string | Uint8Array)[] = [];
  let directory = '';
  let position = 0;
  for (const field of record.fields) {
    const text = isControlField(field) ? `${field.value}\x1e` : `${field.ind1}${field.ind2}${subfieldText(field.subfields)}\x1e`;
    const body = encode ? encode(text) : text;
    const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    if (length > 9999 || position > 99_999) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
    directory += `${field.tag}${pad(length, 4)}${pad(position, 5)}`;
    bodies.push(body);
    position += length;
  }
  const base = 24 + record.fields.length * 12 + 1;
  const length = base + position + 1;
  if (length > 99_999) throw new RangeError(`record of ${length} bytes exceeds the ISO 2709 maximum`);
  const leader = `${pad(length, 5)}${record.leader.slice(5, 12)}${pad(base, 5)}${record.leader.slice(17, 24)}`;
  const out = Buffer.allocUnsafe(length);
  let at = out.write(`${leader}${directory}\x1e`, 0, 'latin1');
  for (const body of bodies) {
    if (typeof body === 'string') at += out.write(body, at, 'utf8');
    else {
      out.set(body, at);
      at += body.length;
    }
  }
  out[at] = 0x1d;
  return out;
}

function subfieldText(subfields: readonly { code: string; value: string }[]): string {
  let text = '';
  for (const s of subfields) text += `\x1f${s.code}${s.value}`;
  return text;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
