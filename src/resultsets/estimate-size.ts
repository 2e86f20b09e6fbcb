/**
 * An estimate of the heap a result set holds, for the byte-bounded store: strings at two
 * bytes a character, numbers and booleans at eight, objects and arrays at a header plus a slot
 * per member. Iterative (no recursion to exhaust) and each object counted once, so records
 * shared between a set's record list and its clusters are not counted twice.
 */
const STRING_HEADER = 16;
const OBJECT_HEADER = 32;
const SLOT = 8;

export function estimateBytes(root: unknown): number {
  let bytes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      bytes += STRING_HEADER + value.length * 2;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      bytes += SLOT;
    } else if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
      if (ArrayBuffer.isView(value)) {
        bytes += OBJECT_HEADER + value.byteLength;
      } else if (value instanceof Set || value instanceof Map) {
        bytes += OBJECT_HEADER + value.size * SLOT * 2;
        for (const entry of value instanceof Map ? value.entries() : value.values()) stack.push(entry);
      } else if (Array.isArray(value)) {
        bytes += OBJECT_HEADER + value.length * SLOT;
        for (const item of value) stack.push(item);
      } else {
        const entries = Object.entries(value);
        bytes += OBJECT_HEADER + entries.length * SLOT * 2;
        for (const [key, item] of entries) {
          bytes += key.length;
          stack.push(item);
        }
      }
    }
  }
  return bytes;
}
