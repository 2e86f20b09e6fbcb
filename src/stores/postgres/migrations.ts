/**
 * The draft schema on PostgreSQL, same approach as the SQLite store (src/ill/migrations.ts):
 * numbered steps applied in order, one transaction each, recorded in `schema_version`. Several
 * instances starting at once serialize on an advisory lock, so each step runs exactly once.
 * Append new steps; never edit an applied one.
 */
import type pg from 'pg';

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
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
        seq       BIGSERIAL PRIMARY KEY,
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
    sql: `CREATE INDEX drafts_owner ON drafts (((data_json::jsonb) ->> 'owner'));`,
  },
  {
    version: 4,
    description: 'statuses needs_check (a submission cut off by a restart, for a librarian) and cancelled (by the reader)',
    sql: `
      ALTER TABLE drafts DROP CONSTRAINT drafts_status_check;
      ALTER TABLE drafts ADD CONSTRAINT drafts_status_check CHECK (status IN ('draft', 'submitting', 'submitted', 'failed', 'needs_check', 'cancelled'));
    `,
  },
];

/** Lock id for migrations: any constant, as long as every instance uses the same. */
const MIGRATION_LOCK = 0x494c4c31;

export async function migratePg(pool: pg.Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = Number((await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]?.v ?? 0);
    const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > newest) throw new Error(`ILL draft database is at schema version ${current}, newer than this gateway knows (${newest})`);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)', [m.version, m.description, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return newest;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
