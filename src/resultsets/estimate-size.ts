/**
 * An estimate of the heap a result set holds, for the byte-bounded store: strings at two
 * bytes a character, numbers and booleans at eight, objects and arrays at a header plus a slot
 * per member. Iterative (no recursion to exhaust) and each object counted once, so records
 * shared between a set's record list and its clusters are not counted twice.
 * It runs once per search over every record: strings are counted where they are found (never
 * pushed), members are walked with for…in instead of building entry arrays, and a source MARC
 * record (leader + fields, most of a record's objects) is summed by a loop over its fields.
 */
const STRING_HEADER = 16;
const OBJECT_HEADER = 32;
const SLOT = 8;
/** Records walked per set: a set holds up to thousands of records of one shape, so a spread sample sizes them. */
const RECORD_SAMPLE = 32;

function leafBytes(value: unknown): number {
  if (typeof value === 'string') return STRING_HEADER + value.length * 2;
  if (typeof value === 'number' || typeof value === 'boolean') return SLOT;
  return 0;
}

interface MarcShape {
  leader: string;
  fields: readonly { tag: string; value?: string; ind1?: string; ind2?: string; subfields?: readonly { code: string; value: string }[] }[];
}

function isMarcShape(value: object): value is MarcShape {
  return typeof (value as Partial<MarcShape>).leader === 'string' && Array.isArray((value as Partial<MarcShape>).fields);
}

/** A MARC record as the generic walk would count it (record, fields array, each field and subfield object). */
function marcBytes(marc: MarcShape): number {
  let bytes = 2 * OBJECT_HEADER + 2 * (SLOT * 2) + 'leaderfields'.length + leafBytes(marc.leader) + marc.fields.length * SLOT;
  for (const field of marc.fields) {
    bytes += OBJECT_HEADER + leafBytes(field.tag) + SLOT * 2 + 3;
    if (field.subfields === undefined) {
      bytes += leafBytes(field.value) + SLOT * 2 + 5;
      continue;
    }
    bytes += leafBytes(field.ind1) + leafBytes(field.ind2) + 3 * (SLOT * 2) + 'ind1ind2subfields'.length + OBJECT_HEADER + field.subfields.length * SLOT;
    for (const subfield of field.subfields) bytes += OBJECT_HEADER + 2 * (SLOT * 2) + 'codevalue'.length + leafBytes(subfield.code) + leafBytes(subfield.value);
  }
  return bytes;
}

export function estimateBytes(root: unknown, seen: Set<object> = new Set()): number {
  let bytes = leafBytes(root);
  const stack: object[] = [];
  if (typeof root === 'object' && root !== null) stack.push(root);
  while (stack.length > 0) {
    const value = stack.pop() as object;
    if (seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      bytes += OBJECT_HEADER + value.byteLength;
    } else if (value instanceof Set || value instanceof Map) {
      bytes += OBJECT_HEADER + value.size * SLOT * 2;
      for (const entry of value instanceof Map ? value.entries() : value.values()) {
        if (typeof entry === 'object' && entry !== null) stack.push(entry);
        else bytes += leafBytes(entry);
      }
    } else if (Array.isArray(value)) {
      bytes += OBJECT_HEADER + value.length * SLOT;
      for (const item of value as unknown[]) {
        if (typeof item === 'object' && item !== null) stack.push(item);
        else bytes += leafBytes(item);
      }
    } else if (isMarcShape(value)) {
      bytes += marcBytes(value);
    } else {
      bytes += OBJECT_HEADER;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        const item = record[key];
        bytes += SLOT * 2 + key.length;
        if (typeof item === 'object' && item !== null) stack.push(item);
        else bytes += leafBytes(item);
      }
    }
  }
  return bytes;
}

/**
 * A result set's estimate: its records from a spread sample of them, scaled to the count
 * (each walked whole: fields, copies, source MARC), then everything else — clusters, statuses —
 * walked without the records and copies it shares with the record list.
 */
export function estimateSetBytes(set: { records: readonly object[] } & object): number {
  const { records } = set;
  const step = Math.max(1, records.length / RECORD_SAMPLE);
  let sampled = 0;
  let sampleBytes = 0;
  for (let i = 0; i < records.length; i += step) {
    sampleBytes += estimateBytes(records[Math.floor(i)]);
    sampled++;
  }
  const seen = new Set<object>([records]);
  for (const record of records) {
    seen.add(record);
    const holdings = (record as { holdings?: unknown }).holdings;
    if (Array.isArray(holdings)) for (const holding of holdings as unknown[]) if (typeof holding === 'object' && holding !== null) seen.add(holding);
  }
  const recordBytes = sampled === 0 ? 0 : (sampleBytes * records.length) / sampled;
  return Math.round(OBJECT_HEADER + records.length * SLOT + recordBytes + estimateBytes(set, seen));
}
