/**
 * One copy (item) at one library, as the reader needs to see it to decide
 * whether to request it. Raw texts are kept beside the normalized values.
 */

export const HOLDING_STATUSES = [
  'available',
  'on_loan',
  'on_hold',
  'in_transit',
  'in_process',
  'lost',
  'missing',
  'damaged',
  'withdrawn',
  'reading_room_only',
  'unknown',
] as const;
export type HoldingStatus = (typeof HOLDING_STATUSES)[number];

/** A reason in both UI languages; `code` is stable for programs. */
export interface Reason {
  code: string;
  zh: string;
  en: string;
  /** lender_suspended: where the service status came from (`config` or `union`) and as of when. */
  source?: 'config' | 'union';
  asOf?: string;
}

export interface IllEligibility {
  eligible: boolean;
  /** Empty when eligible. */
  reasons: Reason[];
}

export interface Holding {
  /** Library id from the config. */
  library: string;
  /** 馆址 */
  branch?: string;
  /** 馆藏地 */
  location?: string;
  /** 索书号 */
  callNumber?: string;
  /** Volume / part designation of this copy (v.7). */
  volume?: string;
  /** 馆藏条码 */
  barcode?: string;
  /** 状态 as the library wrote it. */
  statusText: string;
  status: HoldingStatus;
  /** 馆藏类型 as the library wrote it. */
  collectionType?: string;
  /** Whether the collection type may circulate at all (per the library's vocabulary). */
  loanable: boolean;
  /** ISO date (YYYY-MM-DD) when on loan. */
  dueDate?: string;
  note?: string;
  /** Filled by the eligibility rules of the lending library. */
  ill?: IllEligibility;
  /** When the library said it (ISO time): circulation changes by the minute, the age is shown. */
  asOf?: string;
  /** live: this library's answer to a search; cache: a kept answer (asOf says how old); union: a union catalogue's report. */
  source?: HoldingSource;
}

export type HoldingSource = 'live' | 'cache' | 'union';
