/**
 * MarcRecord → ISO 2709 bytes, with lengths counted in bytes of the chosen encoding
 * (MARC 21 "Record structure": lengths are octet counts). Used for fixtures, the benchmark
 * and re-serialisation; the encoder is a parameter so GBK/Shift_JIS records get
 * byte-correct directories.
 */
import { isControlField, type MarcRecord } from '../marc.ts';

export type Encoder = (text: string) => Uint8Array;

const utf8: Encoder = (text) => Buffer.from(text, 'utf8');

export function writeIso2709(record: MarcRecord, encode: Encoder = utf8): Buffer {
  const bodies: Uint8Array[] = [];
  const directory: string[] = [];
  let position = 0;
  for (const field of record.fields) {
    const text = isControlField(field)
      ? `${field.value}\x1e`
      : `${field.ind1}${field.ind2}${field.subfields.map((s) => `\x1f${s.code}${s.value}`).join('')}\x1e`;
    const bytes = encode(text);
    if (bytes.length > 9999 || position > 99_999) throw new RangeError(`field ${field.tag} does not fit an ISO 2709 directory entry`);
    directory.push(`${field.tag}${pad(bytes.length, 4)}${pad(position, 5)}`);
    bodies.push(bytes);
    position += bytes.length;
  }
  const base = 24 + directory.length * 12 + 1;
  const length = base + position + 1;
  if (length > 99_999) throw new RangeError(`record of ${length} bytes exceeds the ISO 2709 maximum`);
  const leader = `${pad(length, 5)}${record.leader.slice(5, 12)}${pad(base, 5)}${record.leader.slice(17, 24)}`;
  return Buffer.concat([Buffer.from(`${leader}${directory.join('')}\x1e`, 'latin1'), ...bodies, Buffer.from([0x1d])]);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
