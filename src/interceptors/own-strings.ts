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
import { ownCopy as own, SLICED_MIN_LENGTH } from '../records/own-copy.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

/**
 * Replaces every string of 13 characters or more under `root` (objects and arrays, walked
 * iteratively, each once) with its own copy. Typed arrays are left alone, and so are objects that
 * cannot be written (frozen: the program's own constants).
 */
export function ownStrings(root: unknown): void {
  const stack: object[] = [];
  const seen = new Set<object>();
  if (typeof root === 'object' && root !== null) stack.push(root);
  while (stack.length > 0) {
    const value = stack.pop() as object;
    if (seen.has(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
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
        const item = fields[key];
        if (typeof item === 'string') {
          if (item.length >= SLICED_MIN_LENGTH) fields[key] = own(item);
        } else if (typeof item === 'object' && item !== null) stack.push(item);
      }
    } catch {
      // Frozen or read-only: nothing read from a response.
    }
  }
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
