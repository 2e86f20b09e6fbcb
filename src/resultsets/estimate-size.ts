/**
 * An estimate of the heap a result set holds, for the byte-bounded store: strings at two
 * bytes a character, numbers and booleans at eight, objects and arrays at a header plus a slot
 * per member. Iterative (no recursion to exhaust) and each object counted once, so records
 * shared between a set's record list and its clusters are not counted twice.
 * It runs once per search, over a sample of the set's records and clusters: strings are counted
 * where they are found (never pushed), members are walked with for…in instead of building entry
 * arrays, and a source MARC record (leader + fields, most of a record's objects) is summed by a
 * loop over its fields.
 */
import { pendingMarcBytes } from '../records/lazy-marc.ts';

const STRING_HEADER = 16;
const OBJECT_HEADER = 32;
const SLOT = 8;
/** Records walked per set: a set holds up to thousands of records of one shape, so a spread sample sizes them. */
const RECORD_SAMPLE = 16;
/** Clusters walked per set, for the same reason. */
const CLUSTER_SAMPLE = 8;

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
        // A MARC kept as its source (lazy-marc.ts) is counted as that, not read (which would decode it).
        const pending = key === 'marc' ? pendingMarcBytes(record) : undefined;
        if (pending !== undefined) {
          bytes += SLOT * 2 + key.length + pending;
          continue;
        }
        const item = record[key];
        bytes += SLOT * 2 + key.length;
        if (typeof item === 'object' && item !== null) stack.push(item);
        else bytes += leafBytes(item);
      }
    }
  }
  return bytes;
}

/** Golden-ratio steps spread a sample over a list without falling in step with its blocks (a set lists each library's records in turn). */
const SPREAD = (Math.sqrt(5) - 1) / 2;

/**
 * A sample of a list (all of a short one; else `count` members at golden-ratio positions),
 * walked and scaled to the whole list by each member's weight: a cluster's size follows its
 * number of records (member rows, holdings rows, merged ids), not one per cluster.
 */
function sampleBytes(list: readonly object[], count: number, weight: (item: object) => number, seen?: Set<object>): number {
  const all = list.length <= count;
  const picked = new Set<number>();
  let sampledWeight = 0;
  let bytes = 0;
  for (let k = 0; k < Math.min(count, list.length); k++) {
    const index = all ? k : Math.floor(((k * SPREAD) % 1) * list.length);
    if (picked.has(index)) continue;
    picked.add(index);
    const item = list[index] as object;
    bytes += estimateBytes(item, seen);
    sampledWeight += weight(item);
  }
  if (all || sampledWeight === 0) return bytes;
  let totalWeight = 0;
  for (const item of list) totalWeight += weight(item);
  return (bytes * totalWeight) / sampledWeight;
}

const one = (): number => 1;
const recordCount = (cluster: object): number => 1 + ((cluster as { records?: unknown[] }).records?.length ?? 0);

/**
 * A result set's estimate: its records from a spread sample of them, scaled to the count
 * (each walked whole: fields, copies, source MARC), then its clusters the same way without the
 * records and copies they share with the record list, then everything else (statuses, query).
 * The store sizes every set it keeps, on the search's path: sampling keeps that a fraction of a
 * millisecond however large the set, and a set's records and clusters are of one shape each.
 */
export function estimateSetBytes(set: { records: readonly object[]; clusters?: readonly object[] } & object): number {
  const { records, clusters } = set;
  const recordBytes = sampleBytes(records, RECORD_SAMPLE, one);
  const shared = new Set<object>([records]);
  for (const record of records) {
    shared.add(record);
    const holdings = (record as { holdings?: unknown }).holdings;
    if (Array.isArray(holdings)) for (const holding of holdings as unknown[]) if (typeof holding === 'object' && holding !== null) shared.add(holding);
  }
  let clusterBytes = 0;
  if (clusters !== undefined) {
    shared.add(clusters);
    clusterBytes = OBJECT_HEADER + clusters.length * SLOT + sampleBytes(clusters, CLUSTER_SAMPLE, recordCount, shared);
  }
  return Math.round(OBJECT_HEADER + records.length * SLOT + recordBytes + clusterBytes + estimateBytes(set, shared));
}
