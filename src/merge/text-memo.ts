/**
 * A function of a string (never undefined) remembered for recent inputs. The same titles, names and
 * publishers come from every library holding a book, and merging and ranking key them again on
 * every snapshot. Bounded: past `max` entries the memory starts over (cheaper than an LRU, and
 * the hot texts come back within one search).
 */
export function memoByText<T extends string | object | null>(compute: (text: string) => T, max = 8192): (text: string) => T {
  let known = new Map<string, T>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined) return hit;
    const value = compute(text);
    if (known.size >= max) known = new Map();
    known.set(text, value);
    return value;
  };
}
