/**
 * Drafts kept in an embedded SQLite file (better-sqlite3: synchronous, so a status written
 * before the BALIS call is on disk before the call starts). WAL with synchronous=FULL survives
 * a killed process; secure_delete and a WAL checkpoint after a wipe make deleted reader data
 * unrecoverable from the file, not just invisible to queries.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';
import type { DraftStatus, IllDraft, NeedsCheck, ReaderFields } from './types.ts';

export const DRAFTS_FILE = 'ill-drafts.sqlite';

type StoredData = Omit<IllDraft, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'reader' | 'readerDeletedAt' | 'submission'>;

export interface Row {
  id: string;
  status: DraftStatus;
  created_at: string;
  updated_at: string;
  data_json: string;
  reader_barcode: string | null;
  reader_name: string | null;
  recipient_name: string | null;
  email: string | null;
  phone: string | null;
  reader_deleted_at: string | null;
  request_number: string | null;
  attempts: number;
  submitting_at: string | null;
  submitted_at: string | null;
  last_error: string | null;
  submit_warnings: string;
}

export interface ListQuery {
  readerBarcode?: string;
  /** Only this signed-in reader's drafts. */
  owner?: string;
  limit: number;
  offset: number;
}

export function toDraft(row: Row): IllDraft {
  const data = JSON.parse(row.data_json) as StoredData;
  let reader: ReaderFields | null = null;
  if (row.reader_barcode !== null && row.recipient_name !== null && row.email !== null) {
    reader = { readerBarcode: row.reader_barcode, recipientName: row.recipient_name, email: row.email };
    if (row.reader_name !== null) reader.readerName = row.reader_name;
    if (row.phone !== null) reader.phone = row.phone;
  }
  const submission: IllDraft['submission'] = { attempts: row.attempts, warnings: JSON.parse(row.submit_warnings) as string[] };
  if (row.request_number !== null) submission.requestNumber = row.request_number;
  if (row.submitting_at !== null) submission.submittingAt = row.submitting_at;
  if (row.submitted_at !== null) submission.submittedAt = row.submitted_at;
  if (row.last_error !== null) submission.lastError = row.last_error;
  const draft: IllDraft = { ...data, id: row.id, status: row.status, createdAt: row.created_at, updatedAt: row.updated_at, reader, submission };
  if (row.reader_deleted_at !== null) draft.readerDeletedAt = row.reader_deleted_at;
  return draft;
}

export class DraftStore {
  readonly file: string;
  readonly schemaVersion: number;
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    // Reader data: the directory is the owner's alone, the database file too. SQLite gives its
    // -wal and -shm files the database file's mode, so creating that file 0600 first covers them.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    this.file = join(dataDir, DRAFTS_FILE);
    closeSync(openSync(this.file, 'a', 0o600));
    chmodSync(this.file, 0o600);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    try {
      this.schemaVersion = migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  insert(draft: IllDraft): void {
    const { id, status, createdAt, updatedAt, reader, readerDeletedAt: _r, submission: _s, ...data } = draft;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO drafts (id, status, created_at, updated_at, lender, record_id, data_json,
             reader_barcode, reader_name, recipient_name, email, phone)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, status, createdAt, updatedAt, data.lender.id, data.source.recordId, JSON.stringify(data),
          reader?.readerBarcode ?? null, reader?.readerName ?? null, reader?.recipientName ?? null, reader?.email ?? null, reader?.phone ?? null);
      this.event(id, createdAt, status);
    })();
  }

  get(id: string): IllDraft | undefined {
    const row = this.db.prepare('SELECT * FROM drafts WHERE id = ?').get(id) as Row | undefined;
    return row ? toDraft(row) : undefined;
  }

  /** Newest first; by reader barcode and/or owner, or all when neither is given. */
  list(query: ListQuery): IllDraft[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.readerBarcode !== undefined) {
      where.push('reader_barcode = ?');
      params.push(query.readerBarcode);
    }
    if (query.owner !== undefined) {
      where.push("json_extract(data_json, '$.owner') = ?");
      params.push(query.owner);
    }
    const sql = `SELECT * FROM drafts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, query.limit, query.offset) as Row[]).map(toDraft);
  }

  /** Drafts whose BALIS call may have been cut off (process killed mid-submit). */
  submitting(): IllDraft[] {
    return (this.db.prepare("SELECT * FROM drafts WHERE status = 'submitting' ORDER BY submitting_at").all() as Row[]).map(toDraft);
  }

  wipeReader(id: string, at: string): void {
    this.db
      .prepare(
        `UPDATE drafts SET reader_barcode = NULL, reader_name = NULL, recipient_name = NULL, email = NULL, phone = NULL,
           reader_deleted_at = COALESCE(reader_deleted_at, ?), updated_at = ? WHERE id = ?`,
      )
      .run(at, at, id);
    this.event(id, at, 'reader_deleted');
    // The old row image may still sit in the WAL until a checkpoint copies and truncates it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Recorded before BALIS is called: a restart finds the draft here and reconciles it. */
  markSubmitting(id: string, at: string, payloadSha256?: string): void {
    this.transition(
      id, at, 'submitting',
      'UPDATE drafts SET status = ?, attempts = attempts + 1, submitting_at = ?, updated_at = ? WHERE id = ?',
      ['submitting', at, at, id],
      payloadSha256 === undefined ? undefined : `payload sha256:${payloadSha256}`,
    );
  }

  markCancelled(id: string, at: string): void {
    this.transition(id, at, 'cancelled', 'UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?', ['cancelled', at, id]);
  }

  markNeedsCheck(id: string, at: string, check: NeedsCheck): void {
    this.transition(
      id, at, 'needs_check',
      "UPDATE drafts SET status = ?, data_json = json_set(data_json, '$.needsCheck', json(?)), updated_at = ? WHERE id = ? AND status = 'submitting'",
      ['needs_check', JSON.stringify(check), at, id],
      check.en,
    );
  }

  markSubmitted(id: string, at: string, requestNumber: string, warnings: readonly string[]): void {
    this.transition(
      id, at, 'submitted',
      'UPDATE drafts SET status = ?, request_number = ?, submit_warnings = ?, submitted_at = ?, last_error = NULL, updated_at = ? WHERE id = ?',
      ['submitted', requestNumber, JSON.stringify(warnings), at, at, id],
      requestNumber,
    );
  }

  markFailed(id: string, at: string, error: string): void {
    this.transition(id, at, 'failed', 'UPDATE drafts SET status = ?, last_error = ?, updated_at = ? WHERE id = ?', ['failed', error, at, id], error);
  }

  /** Status history (no reader data is ever written there). */
  events(id: string): { at: string; status: string; detail: string | null }[] {
    return this.db.prepare('SELECT at, status, detail FROM draft_events WHERE draft_id = ? ORDER BY seq').all(id) as { at: string; status: string; detail: string | null }[];
  }

  /** Readiness: the database file is open and answers. */
  ready(): boolean {
    return this.db.open && (this.db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private transition(id: string, at: string, status: string, sql: string, params: unknown[], detail?: string): void {
    this.db.transaction(() => {
      this.db.prepare(sql).run(...params);
      this.event(id, at, status, detail);
    })();
  }

  private event(id: string, at: string, status: string, detail?: string): void {
    this.db.prepare('INSERT INTO draft_events (draft_id, at, status, detail) VALUES (?, ?, ?, ?)').run(id, at, status, detail ?? null);
  }
}
