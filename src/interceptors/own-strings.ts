/**
 * Innermost wrapper: a library's answer gets strings of its own, not views into the response
 * text they were read from.
 *
 * V8 makes a substring of 13 characters or more a view (a sliced string) that keeps its whole
 * parent alive. Readers of text answers (the MARCXML scanner, the SRU envelope, HTML and XML
 * pages) slice their values out of the response, so a kept result set held every SRU answer it
 * came from, whole: 200 answers of 10 records held 17.8 MB where the records alone were 2.9 MB and
 * the store's byte estimate (src/resultsets/estimate-size.ts) said 2.4 MB. The store's bound was
 * then not a bound on memory. Copied here once per answer, the strings cost what the estimate
 * counts, and the response text goes when the library's request ends.
 */
import { pendingMarcBytes } from '../records/lazy-marc.ts';
import { ownCopy as own, SLICED_MIN_LENGTH } from '../records/own-copy.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

/**
 * Objects a walk visits before it takes the answer for a graph with cycles or shared parts and
 * walks it again remembering what it saw. A 1,000-record answer is a few hundred thousand.
 */
const TREE_WALK_VISITS = 1_000_000;

/**
 * Replaces every string of 13 characters or more under `root` (objects and arrays, walked
 * iteratively) with its own copy. Typed arrays are left alone, and so are objects that cannot be
 * written (frozen: the program's own constants).
 *
 * Answers are trees, so the walk first remembers no object: a Set of every object seen was more
 * than half its cost (bench:gateway-stages, 13:10: 25 → 11 µs a record). Past TREE_WALK_VISITS
 * it starts over remembering each object, so a cycle ends and a part shared many times over is
 * walked once; strings copied by the first walk are copied again, harmlessly.
 */
export function ownStrings(root: unknown): void {
  if (!walk(root, undefined)) walk(root, new Set());
}

/** False when `seen` is undefined and the walk gave up at TREE_WALK_VISITS. */
function walk(root: unknown, seen: Set<object> | undefined): boolean {
  const stack: object[] = [];
  let visits = 0;
  if (typeof root === 'object' && root !== null) stack.push(root);
  while (stack.length > 0) {
    const value = stack.pop() as object;
    if (ArrayBuffer.isView(value)) continue;
    if (seen === undefined) {
      if (++visits > TREE_WALK_VISITS) return false;
    } else if (seen.has(value)) continue;
    else seen.add(value);
    try {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i += 1) {
          const item: unknown = value[i];
          if (typeof item === 'string') {
            if (item.length >= SLICED_MIN_LENGTH) value[i] = own(item);
          } else if (typeof item === 'object' && item !== null) stack.push(item);
        }
        continue;
      }
      const fields = value as Record<string, unknown>;
      for (const key in fields) {
        // A record's MARC kept as its source is not read here (that would decode it): the source is a copy of its own.
        if (key === 'marc' && pendingMarcBytes(fields) !== undefined) continue;
        const item = fields[key];
        if (typeof item === 'string') {
          if (item.length >= SLICED_MIN_LENGTH) fields[key] = own(item);
        } else if (typeof item === 'object' && item !== null) stack.push(item);
      }
    } catch {
      // Frozen or read-only: nothing read from a response.
    }
  }
  return true;
}

/** Answers, and the errors that become the library's status, with strings of their own. */
export function ownAnswerStrings(): Interceptor {
  return (next) =>
    withSearch(next, async (request) => {
      let result;
      try {
        result = await next.search(request);
      } catch (error) {
        if (error instanceof Error) {
          ownStrings(error);
          try {
            // Not enumerable, so not walked; read-only on some errors (DOMException).
            error.message = own(error.message);
          } catch {
            // Then it is not a response's text.
          }
        }
        throw error;
      }
      ownStrings(result);
      return result;
    });
}
