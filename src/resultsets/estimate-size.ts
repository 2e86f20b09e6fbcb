/**
 * An estimate of the heap a result set holds, for the byte-bounded store: strings at two
 * bytes a character, numbers and booleans at eight, objects and arrays at a header plus a slot
 * per member. Iterative (no recursion to exhaust) and each object counted once, so records
 * shared between a set's record list and its clusters are not counted twice.
 * It runs once per search over every record: strings are counted where they are found (never
 * pushed), and members are walked with for…in instead of building entry arrays.
 */
const STRING_HEADER = 16;
const OBJECT_HEADER = 32;
const SLOT = 8;

function leafBytes(value: unknown): number {
  if (typeof value === 'string') return STRING_HEADER + value.length * 2;
  if (typeof value === 'number' || typeof value === 'boolean') return SLOT;
  return 0;
}

export function estimateBytes(root: unknown): number {
  let bytes = leafBytes(root);
  const seen = new Set<object>();
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
