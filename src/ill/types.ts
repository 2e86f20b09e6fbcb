/**
 * The ILL draft as plain data: what the API returns, what the store keeps, what the
 * exports read. Reader data lives in its own block so it can be wiped on request and
 * redacted by the logger's `reader.*` / `*.email` paths (src/logging.ts).
 */
import type { Reason } from '../holdings/model.ts';

/**
 * `needs_check`: a submission a restart found cut off, against a lender whose BALIS adapter does not
 * declare idempotent submission: a librarian checks with BALIS before anything is sent again.
 * `cancelled`: withdrawn by the reader before BALIS was asked, or cancelled at BALIS.
 */
export type DraftStatus = 'draft' | 'submitting' | 'submitted' | 'failed' | 'needs_check' | 'cancelled';

/** The reader's part of the BALIS form. Field names match the logger's redaction list. */
export interface ReaderFields {
  /** 读者条码 */
  readerBarcode: string;
  /** 读者姓名 */
  readerName?: string;
  /** *收件人姓名 */
  recipientName: string;
  /** *E-mail */
  email: string;
  /** 电话/传真 */
  phone?: string;
}

/** The bibliographic and service part of the BALIS form (馆际互借申请单), values as shown. */
export interface BalisForm {
  /** *书刊名称, with volume/part, at most 240 characters. */
  title: string;
  /** 文种 (英文, 中文, 日文…). */
  language: string;
  /** 出版年 */
  year: string;
  /** 文章作者, names joined with ", " as the seed shows. */
  authors: string;
  /** 出版社 */
  publisher: string;
  /** ISBN/ISSN */
  isbnIssn: string;
  /** 选择出借馆: the lender's Chinese name. */
  lenderName: string;
  /** 出借馆代码 (上海图书馆 → 123114); empty when the config has none. */
  lenderCode: string;
  /** 具体出借馆: branch, location, call number and barcode of the copy, at most 100 characters. */
  lenderDetail: string;
  /** 选择委托馆 (optional). */
  delegateLibrary: string;
  /** 资料类型 (图书, 期刊…). */
  materialType: string;
  /** 图书运送方式 */
  delivery: string;
  /** 取书方式 */
  pickup: string;
  /** 服务费用 */
  fee: string;
  /** 读者付费方式 */
  paymentMethod: string;
  /** 自定义申请单号 */
  customReference: string;
  /** 申请单备注, at most 50 characters. */
  note: string;
}

/** Extra data for exports that the BALIS form has no box for. */
export interface BibliographicExtras {
  /** Title proper (+ subtitle) without the volume, for ISO 18626 `title`. */
  titleProper: string;
  subtitle?: string;
  /** Volume/part designation, for ISO 18626 `volume`. */
  volume?: string;
  edition?: string;
  place?: string;
  isbn?: string;
  issn?: string;
}

export interface DraftWarning {
  field: string;
  code: string;
  zh: string;
  en: string;
}

/** One copy, as the draft shows it (the chosen one or an alternative). */
export interface CopyRef {
  library: string;
  libraryName: string;
  lenderCode?: string;
  /** Source record holding this copy (`library:localId`). */
  recordId: string;
  /** Position among this library's copies in the resolved records; usable as `holding.index`. */
  index: number;
  barcode?: string;
  branch?: string;
  location?: string;
  callNumber?: string;
  volume?: string;
  statusText?: string;
  collectionType?: string;
}

interface LibrarianOverride {
  librarian: true;
  reason: string;
  at: string;
}

interface SubmissionState {
  /** BALIS request number (申请单号), e.g. ST00000001. */
  requestNumber?: string;
  attempts: number;
  submittingAt?: string;
  submittedAt?: string;
  /** Why the last attempt failed before BALIS accepted the request. */
  lastError?: string;
  /** Side effects BALIS reported failing after acceptance (mail_send_fail…). */
  warnings: string[];
}

/**
 * What is known about a submission a restart found cut off (status `needs_check`): BALIS may or
 * may not hold the request, and its adapter does not declare idempotent submission, so nothing is
 * sent again until a librarian has checked with BALIS.
 */
export interface NeedsCheck {
  /** When the restart found it. */
  foundAt: string;
  /** When the interrupted attempt started (status `submitting` recorded). */
  attemptStartedAt?: string;
  attempts: number;
  /** SHA-256 of what was handed to the adapter in that attempt (idempotency key, form, reader fields). */
  payloadSha256?: string;
  /** The last answer recorded from BALIS before the interrupted attempt, if any. */
  lastResponse?: string;
  /** The adapter that was called (`balis`). */
  via?: string;
  zh: string;
  en: string;
}

export interface IllDraft {
  id: string;
  status: DraftStatus;
  createdAt: string;
  updatedAt: string;
  source: { resultSetId?: string; clusterId?: string; recordId: string };
  /** The lending library; `catalogue` when the copy was found in one of its catalogues (ill.lenderLibrary). */
  lender: { id: string; name: { zh: string; en: string }; code?: string; catalogue?: { id: string; name: { zh: string; en: string } } };
  /** The chosen copy; absent when the lender holds none in these records. */
  copy?: CopyRef;
  eligibility: { eligible: boolean; reasons: Reason[] };
  /** Eligible copies elsewhere in the cluster/records, other libraries or other copies. */
  alternatives: CopyRef[];
  override?: LibrarianOverride;
  /** The signed-in reader who made it (src/auth): only they and librarians see it. */
  owner?: string;
  form: BalisForm;
  bibliographic: BibliographicExtras;
  /** ISO 18626 serviceInfo/needBeforeDate (YYYY-MM-DD). */
  needBeforeDate?: string;
  /** Null once wiped on the reader's request. */
  reader: ReaderFields | null;
  readerDeletedAt?: string;
  warnings: DraftWarning[];
  submission: SubmissionState;
  /** The reader's open requests for the same volume when this one was made (confirmed with `confirmDuplicate`). */
  duplicateOf?: string[];
  /** Set with status `needs_check`. */
  needsCheck?: NeedsCheck;
  /** Form fields the reader corrected (`bibliographic` in the request), kept as typed. */
  edited?: string[];
}
