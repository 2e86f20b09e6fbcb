/**
 * Schema migrations of the draft database, applied in order inside one transaction each and
 * recorded in `schema_version`, so an old data directory is upgraded in place at start-up.
 * Append new steps; never edit an applied one.
 *
 * Reader data has its own columns (never inside `data_json`) so that wiping it is an UPDATE of
 * five columns and the listing by barcode can use an index.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** A table rebuild (SQLite's generalized ALTER TABLE): foreign keys off around it, checked before commit. */
  rebuild?: true;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'drafts with reader columns and submission state',
    sql: `
      CREATE TABLE drafts (
        id              TEXT PRIMARY KEY,
        status          TEXT NOT NULL CHECK (status IN ('draft', 'submitting', 'submitted', 'failed')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        lender          TEXT NOT NULL,
        record_id       TEXT NOT NULL,
        data_json       TEXT NOT NULL,
        reader_barcode  TEXT,
        reader_name     TEXT,
        recipient_name  TEXT,
        email           TEXT,
        phone           TEXT,
        reader_deleted_at TEXT,
        request_number  TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        submitting_at   TEXT,
        submitted_at    TEXT,
        last_error      TEXT,
        submit_warnings TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX drafts_reader ON drafts (reader_barcode);
      CREATE INDEX drafts_status ON drafts (status);
    `,
  },
  {
    version: 2,
    description: 'status history for audits and crash analysis',
    sql: `
      CREATE TABLE draft_events (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        draft_id  TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        status    TEXT NOT NULL,
        detail    TEXT
      );
      CREATE INDEX draft_events_draft ON draft_events (draft_id);
    `,
  },
  {
    version: 3,
    description: 'drafts listed by their owner (the signed-in reader, kept in data_json)',
    sql: `CREATE INDEX drafts_owner ON drafts (json_extract(data_json, '$.owner'));`,
  },
  {
    version: 4,
    description: 'statuses needs_check (a submission cut off by a restart, for a librarian) and cancelled (by the reader)',
    rebuild: true,
    sql: `
      CREATE TABLE drafts_v4 (
        id              TEXT PRIMARY KEY,
        status          TEXT NOT NULL CHECK (status IN ('draft', 'submitting', 'submitted', 'failed', 'needs_check', 'cancelled')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        lender          TEXT NOT NULL,
        record_id       TEXT NOT NULL,
        data_json       TEXT NOT NULL,
        reader_barcode  TEXT,
        reader_name     TEXT,
        recipient_name  TEXT,
        email           TEXT,
        phone           TEXT,
        reader_deleted_at TEXT,
        request_number  TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        submitting_at   TEXT,
        submitted_at    TEXT,
        last_error      TEXT,
        submit_warnings TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO drafts_v4 SELECT * FROM drafts;
      DROP TABLE drafts;
      ALTER TABLE drafts_v4 RENAME TO drafts;
      CREATE INDEX drafts_reader ON drafts (reader_barcode);
      CREATE INDEX drafts_status ON drafts (status);
      CREATE INDEX drafts_owner ON drafts (json_extract(data_json, '$.owner'));
    `,
  },
];

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) throw new Error(`ILL draft database is at schema version ${current}, newer than this gateway knows (${newest})`);
  const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    // Dropping a referenced table with foreign keys on would cascade into draft_events; the pragma
    // cannot change inside a transaction, so it is switched around it.
    if (m.rebuild) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuild && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${m.version} left rows with broken foreign keys`);
        record.run(m.version, m.description, new Date().toISOString());
      })();
    } finally {
      if (m.rebuild) db.pragma('foreign_keys = ON');
    }
  }
  return newest;
}
