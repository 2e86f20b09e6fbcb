/**
 * UNIMARC/CNMARC mark the non-filing part of a title ("The ", "A ") with NSB/NSE
 * (ISO 6630: 0x88/0x89; in Unicode records U+0098/U+009C, and some systems write U+0088/U+0089).
 * Display strings must not show the markers; sort keys must leave the marked part out.
 * The rule itself lives with the mappers (src/records/mapping/text.ts); this pairs its two views.
 */
import { stripMarkers, withoutNonSortSpan } from '../mapping/text.ts';

export interface DisplayAndSortKey {
  /** The value without the markers, for showing. */
  display: string;
  /** The value without the marked non-sort part, trimmed, for sorting. */
  sortKey: string;
}

export function displayAndSortKey(value: string): DisplayAndSortKey {
  return { display: stripMarkers(value), sortKey: withoutNonSortSpan(value).trim() };
}
