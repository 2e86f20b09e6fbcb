/**
 * ILL drafts in PostgreSQL, shared by every gateway instance. Same tables and row shape as the
 * SQLite store. A submission claim is a session advisory lock on its own connection: held for
 * the BALIS call, released after it, and released by PostgreSQL itself when the holder dies
 * (its connection closes), so a killed instance never leaves a draft claimed for good.
 */
import pg from 'pg';
import type { DraftClaim, DraftEvent, DraftStorage } from '../../ill/draft-storage.ts';
import { toDraft, type ListQuery, type Row } from '../../ill/store.ts';
import type { IllDraft, NeedsCheck } from '../../ill/types.ts';
import { StoreStartError, redactUrl } from '../errors.ts';
import { migratePg } from './migrations.ts';

/** First key of the two-key advisory lock: the draft namespace (the second is the id's hash). */
const CLAIM_SPACE = 0x494c4c44;

export class PostgresDraftStorage implements DraftStorage {
  readonly kind = 'postgres';
  private up = true;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schemaVersion: number,
  ) {
    pool.on('error', () => {
      // An idle client lost its server; the pool replaces it. Queries report their own errors.
      this.up = false;
    });
  }

  /** Connects and migrates, or throws a StoreStartError naming the field and the (redacted) URL. */
  static async open(url: string, field: string, poolSize = 10): Promise<PostgresDraftStorage> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StoreStartError(`${field}: not a URL (expected postgres://user@host:port/database)`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new StoreStartError(`${field}: "${parsed.protocol}" is not a PostgreSQL URL (expected postgres://)`);
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    pool.on('error', () => undefined);
    try {
      const version = await migratePg(pool);
      return new PostgresDraftStorage(pool, version);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreStartError(`${field}: PostgreSQL at ${redactUrl(url)} is not usable (${(error as Error).message})`, { cause: error });
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      const result = await this.pool.query<R>(sql, params);
      this.up = true;
      return result;
    } catch (error) {
      if (!(error as { code?: string }).code) this.up = false;
      throw error;
    }
  }

  private async transaction(steps: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await steps(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async insert(draft: IllDraft): Promise<void> {
    const { id, status, createdAt, updatedAt, reader, readerDeletedAt: _r, submission: _s, ...data } = draft;
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO drafts (id, status, created_at, updated_at, lender, record_id, data_json,
           reader_barcode, reader_name, recipient_name, email, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, status, createdAt, updatedAt, data.lender.id, data.source.recordId, JSON.stringify(data),
          reader?.readerBarcode ?? null, reader?.readerName ?? null, reader?.recipientName ?? null, reader?.email ?? null, reader?.phone ?? null],
      );
      await event(client, id, createdAt, status);
    });
  }

  async get(id: string): Promise<IllDraft | undefined> {
    const row = (await this.query<Row>('SELECT * FROM drafts WHERE id = $1', [id])).rows[0];
    return row ? toDraft(row) : undefined;
  }

  async list(query: ListQuery): Promise<IllDraft[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.readerBarcode !== undefined) {
      params.push(query.readerBarcode);
      where.push(`reader_barcode = $${params.length}`);
    }
    if (query.owner !== undefined) {
      params.push(query.owner);
      where.push(`((data_json::jsonb) ->> 'owner') = $${params.length}`);
    }
    params.push(query.limit, query.offset);
    const sql = `SELECT * FROM drafts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT $${params.length - 1} OFFSET $${params.length}`;
    return (await this.query<Row>(sql, params)).rows.map(toDraft);
  }

  async submitting(): Promise<IllDraft[]> {
    return (await this.query<Row>("SELECT * FROM drafts WHERE status = 'submitting' ORDER BY submitting_at")).rows.map(toDraft);
  }

  async wipeReader(id: string, at: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `UPDATE drafts SET reader_barcode = NULL, reader_name = NULL, recipient_name = NULL, email = NULL, phone = NULL,
           reader_deleted_at = COALESCE(reader_deleted_at, $1), updated_at = $1 WHERE id = $2`,
        [at, id],
      );
      await event(client, id, at, 'reader_deleted');
    });
  }

  async markSubmitting(id: string, at: string, payloadSha256?: string): Promise<void> {
    await this.transition(
      id, at, 'submitting',
      'UPDATE drafts SET status = $1, attempts = attempts + 1, submitting_at = $2, updated_at = $2 WHERE id = $3',
      ['submitting', at, id],
      payloadSha256 === undefined ? undefined : `payload sha256:${payloadSha256}`,
    );
  }

  async markCancelled(id: string, at: string): Promise<void> {
    await this.transition(id, at, 'cancelled', 'UPDATE drafts SET status = $1, updated_at = $2 WHERE id = $3', ['cancelled', at, id]);
  }

  async markNeedsCheck(id: string, at: string, check: NeedsCheck): Promise<void> {
    await this.transition(
      id, at, 'needs_check',
      `UPDATE drafts SET status = $1, data_json = (data_json::jsonb || jsonb_build_object('needsCheck', $2::jsonb))::text, updated_at = $3 WHERE id = $4 AND status = 'submitting'`,
      ['needs_check', JSON.stringify(check), at, id],
      check.en,
    );
  }

  async markSubmitted(id: string, at: string, requestNumber: string, warnings: readonly string[]): Promise<void> {
    await this.transition(
      id, at, 'submitted',
      'UPDATE drafts SET status = $1, request_number = $2, submit_warnings = $3, submitted_at = $4, last_error = NULL, updated_at = $4 WHERE id = $5',
      ['submitted', requestNumber, JSON.stringify(warnings), at, id],
      requestNumber,
    );
  }

  async markFailed(id: string, at: string, error: string): Promise<void> {
    await this.transition(id, at, 'failed', 'UPDATE drafts SET status = $1, last_error = $2, updated_at = $3 WHERE id = $4', ['failed', error, at, id], error);
  }

  async events(id: string): Promise<DraftEvent[]> {
    return (await this.query<DraftEvent>('SELECT at, status, detail FROM draft_events WHERE draft_id = $1 ORDER BY seq', [id])).rows;
  }

  async claim(id: string, waitMs: number): Promise<DraftClaim | undefined> {
    const client = await this.pool.connect();
    const deadline = Date.now() + waitMs;
    try {
      for (;;) {
        const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [CLAIM_SPACE, id])).rows[0]?.ok === true;
        if (got) break;
        if (Date.now() >= deadline) {
          client.release();
          return undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CLAIM_SPACE, id]);
          client.release();
        } catch {
          // The connection is gone, and with it the lock.
          client.release(true);
        }
      },
    };
  }

  ready(): boolean {
    return this.up;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transition(id: string, at: string, status: string, sql: string, params: unknown[], detail?: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(sql, params);
      await event(client, id, at, status, detail);
    });
  }
}

async function event(client: pg.PoolClient, id: string, at: string, status: string, detail?: string): Promise<void> {
  await client.query('INSERT INTO draft_events (draft_id, at, status, detail) VALUES ($1, $2, $3, $4)', [id, at, status, detail ?? null]);
}
