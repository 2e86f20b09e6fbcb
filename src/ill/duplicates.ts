/**
 * "Have I asked for this already?" A reader's open request (draft, submitting, submitted,
 * failed-but-resubmittable, needs check) for the same volume — the same volume ISBN, or the same
 * title proper with the same volume designation and edition — at any lender. Drafting shows
 * them and asks for confirmation; the librarian list marks them.
 */
import { isValidIsbn, toIsbn13 } from '../identifiers/isbn.ts';
import { editionKey, sameVolume, volumeKey } from '../merge/designations.ts';
import { titleKey } from '../merge/keys.ts';
import type { DraftStatus, IllDraft } from './types.ts';

/** Statuses of a request that is still on its way (or may still be sent). */
const OPEN: ReadonlySet<DraftStatus> = new Set<DraftStatus>(['draft', 'submitting', 'submitted', 'failed', 'needs_check']);

export type VolumeDraft = Pick<IllDraft, 'form' | 'bibliographic'>;

interface VolumeIdentity {
  isbn?: string;
  title: string;
  volume: string;
  edition: string;
}

function identity(draft: VolumeDraft): VolumeIdentity {
  const isbn = draft.bibliographic.isbn ?? draft.form.isbnIssn;
  const id: VolumeIdentity = {
    title: titleKey(draft.bibliographic.titleProper || draft.form.title),
    volume: volumeKey(draft.bibliographic.volume),
    edition: editionKey(draft.bibliographic.edition),
  };
  if (isbn && isValidIsbn(isbn)) id.isbn = toIsbn13(isbn) as string;
  return id;
}

/** Same volume: the same volume ISBN, or the same title proper, volume and edition (either side may lack an ISBN). */
export function sameRequestedVolume(a: VolumeDraft, b: VolumeDraft): boolean {
  const x = identity(a);
  const y = identity(b);
  if (x.isbn !== undefined && y.isbn !== undefined && x.isbn === y.isbn) return true;
  if (x.title === '' || x.title !== y.title || x.edition !== y.edition) return false;
  return x.volume === y.volume || sameVolume(x.volume, y.volume);
}

export interface DuplicateRef {
  id: string;
  status: DraftStatus;
  createdAt: string;
  requestNumber?: string;
  lender: IllDraft['lender'];
  title: string;
  /** "您已于 2026-12-05 申请过此书 (ST00000001)" and its English. */
  zh: string;
  en: string;
}

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function duplicateRef(draft: IllDraft): DuplicateRef {
  const day = DAY.format(new Date(draft.createdAt));
  const number = draft.submission.requestNumber ?? draft.id;
  const ref: DuplicateRef = {
    id: draft.id,
    status: draft.status,
    createdAt: draft.createdAt,
    lender: draft.lender,
    title: draft.form.title,
    zh: `您已于 ${day} 申请过此书 (${number})`,
    en: `You requested this on ${day} (${number})`,
  };
  if (draft.submission.requestNumber) ref.requestNumber = draft.submission.requestNumber;
  return ref;
}

/** The reader's open requests for the same volume as `candidate` (itself excluded). */
export function openDuplicates(candidate: VolumeDraft & { id?: string }, readersDrafts: readonly IllDraft[]): IllDraft[] {
  return readersDrafts.filter((d) => d.id !== candidate.id && OPEN.has(d.status) && sameRequestedVolume(candidate, d));
}

/** Whose request a draft is: the signed-in owner, else the reader barcode on the form. */
export function readerOf(draft: Pick<IllDraft, 'owner' | 'reader'>): { owner: string } | { readerBarcode: string } | undefined {
  if (draft.owner !== undefined) return { owner: draft.owner };
  return draft.reader ? { readerBarcode: draft.reader.readerBarcode } : undefined;
}
