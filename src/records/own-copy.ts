/**
 * A copy of a string that is no view into the text it was read from. V8 makes a substring of 13
 * characters or more a view (a sliced string) that keeps its whole parent alive, so anything that
 * outlives a response (a kept result set, a module-wide cache of markup) and holds a string read
 * out of it holds the whole response text.
 */

/** Shorter substrings are copies already (V8's SlicedString::kMinLength). */
export const SLICED_MIN_LENGTH = 13;

/** A flat copy: the concatenation is flattened into a new string, and the slice is a view of that copy only. */
export function ownCopy(text: string): string {
  return text.length < SLICED_MIN_LENGTH ? text : (' ' + text).slice(1);
}
