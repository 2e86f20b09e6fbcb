/**
 * UNIMARC/CNMARC mark the non-filing part of a title ("The ", "A ") with NSB/NSE
 * (ISO 6630: 0x88/0x89; in Unicode records U+0098/U+009C, and some systems write U+0088/U+0089).
 * Display strings must not show the markers; sort keys must leave the marked part out.
 */

// One regex per job: the markers in any mix (writers pair 0x88 with 0x9C, too).
const MARKERS = /[\u0088\u0089\u0098\u009c]/g;
const NON_SORT = /[\u0088\u0098]([^\u0088\u0089\u0098\u009c]*)[\u0089\u009c]/g;

export interface DisplayAndSortKey {
  /** The value without the markers, for showing. */
  display: string;
  /** The value without the marked non-sort part, trimmed, for sorting. */
  sortKey: string;
}

export function displayAndSortKey(value: string): DisplayAndSortKey {
  if (!/[\u0088\u0089\u0098\u009c]/.test(value)) return { display: value, sortKey: value.trim() };
  return {
    display: value.replace(MARKERS, ''),
    sortKey: value.replace(NON_SORT, '').replace(MARKERS, '').trim(),
  };
}
