/**
 * The ILL draft-store seam. Embedded SQLite (store.ts, the default) or PostgreSQL shared by every
 * instance (src/stores/postgres/drafts.ts). `claim` is what makes a submission exactly-once:
 * only the holder of a draft's claim may call BALIS for it, on this instance or any other.
 */
import { DraftStore, type ListQuery } from './store.ts';
import type { IllDraft, NeedsCheck } from './types.ts';

export interface DraftEvent {
  at: string;
  status: string;
  detail: string | null;
}

/** The exclusive right to submit one draft; released when the call settled (or the holder died). */
export interface DraftClaim {
  release(): Promise<void>;
}

export interface DraftStorage {
  readonly kind: string;
  readonly schemaVersion: number;
  insert(draft: IllDraft): Promise<void>;
  get(id: string): Promise<IllDraft | undefined>;
  list(query: ListQuery): Promise<IllDraft[]>;
  /** Drafts whose BALIS call may have been cut off (a process killed mid-submit). */
  submitting(): Promise<IllDraft[]>;
  wipeReader(id: string, at: string): Promise<void>;
  /** `payloadSha256` goes into the status history (what this attempt sent, for a later check). */
  markSubmitting(id: string, at: string, payloadSha256?: string): Promise<void>;
  /** A cut-off submission waits for a librarian; only from `submitting`. */
  markNeedsCheck(id: string, at: string, check: NeedsCheck): Promise<void>;
  /** Withdrawn by the reader (before submission, or cancelled at BALIS). */
  markCancelled(id: string, at: string): Promise<void>;
  markSubmitted(id: string, at: string, requestNumber: string, warnings: readonly string[]): Promise<void>;
  markFailed(id: string, at: string, error: string): Promise<void>;
  events(id: string): Promise<DraftEvent[]>;
  /** Waits up to `waitMs` for the draft's claim; undefined when another holder keeps it longer. */
  claim(id: string, waitMs: number): Promise<DraftClaim | undefined>;
  ready(): boolean;
  close(): Promise<void>;
}

/** The SQLite store behind the seam; claims are per process (one process owns the file). */
export class SqliteDraftStorage implements DraftStorage {
  readonly kind = 'sqlite';
  private readonly claimed = new Set<string>();

  constructor(readonly store: DraftStore) {}

  get schemaVersion(): number {
    return this.store.schemaVersion;
  }

  async insert(draft: IllDraft): Promise<void> {
    this.store.insert(draft);
  }
  async get(id: string): Promise<IllDraft | undefined> {
    return this.store.get(id);
  }
  async list(query: ListQuery): Promise<IllDraft[]> {
    return this.store.list(query);
  }
  async submitting(): Promise<IllDraft[]> {
    return this.store.submitting();
  }
  async wipeReader(id: string, at: string): Promise<void> {
    this.store.wipeReader(id, at);
  }
  async markSubmitting(id: string, at: string, payloadSha256?: string): Promise<void> {
    this.store.markSubmitting(id, at, payloadSha256);
  }
  async markNeedsCheck(id: string, at: string, check: NeedsCheck): Promise<void> {
    this.store.markNeedsCheck(id, at, check);
  }
  async markCancelled(id: string, at: string): Promise<void> {
    this.store.markCancelled(id, at);
  }
  async markSubmitted(id: string, at: string, requestNumber: string, warnings: readonly string[]): Promise<void> {
    this.store.markSubmitted(id, at, requestNumber, warnings);
  }
  async markFailed(id: string, at: string, error: string): Promise<void> {
    this.store.markFailed(id, at, error);
  }
  async events(id: string): Promise<DraftEvent[]> {
    return this.store.events(id);
  }

  // The in-process answer to "in progress" stays immediate (409), as before the seam.
  async claim(id: string): Promise<DraftClaim | undefined> {
    if (this.claimed.has(id)) return undefined;
    this.claimed.add(id);
    return { release: async () => void this.claimed.delete(id) };
  }

  ready(): boolean {
    return this.store.ready();
  }

  async close(): Promise<void> {
    this.store.close();
  }
}
