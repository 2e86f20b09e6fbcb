import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/ill/migrations.ts';
import { openIll, type Ill } from '../../src/ill/setup.ts';
import { DRAFTS_FILE, DraftStore } from '../../src/ill/store.ts';
import { silentLogger } from '../../src/logging.ts';
import { READER, draftBody, fakeGateway, oneCluster, resultSet, seedRecords, tempDir } from './fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function open(dataDir: string): Ill {
  const ill = openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir } });
  cleanups.push(() => ill.close());
  return ill;
}

function temp(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

describe('draft store', () => {
  it('keeps reader data private: directory 0700, database and WAL files 0600', () => {
    const dir = join(temp(), 'private');
    const ill = open(dir);
    ill.service.create(draftBody());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of [DRAFTS_FILE, `${DRAFTS_FILE}-wal`]) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('creates the data directory and applies every migration once, recording versions', () => {
    const dir = join(temp(), 'nested', 'data');
    const store = new DraftStore(dir);
    cleanups.push(() => store.close());
    expect(existsSync(join(dir, DRAFTS_FILE))).toBe(true);
    expect(store.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    store.close();
    const db = new Database(join(dir, DRAFTS_FILE));
    cleanups.push(() => db.close());
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(migrate(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(MIGRATIONS.length);
  });

  it('upgrades a version-1 database in place and refuses one newer than it knows', () => {
    const dir = temp();
    const db = new Database(join(dir, DRAFTS_FILE));
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO drafts (id, status, created_at, updated_at, lender, record_id, data_json) VALUES ('old', 'draft', 't', 't', 'shl', 'shl:1', '{}')").run();
    db.close();
    const store = new DraftStore(dir);
    expect(store.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    store.close();

    const newer = new Database(join(dir, DRAFTS_FILE));
    newer.prepare("INSERT INTO schema_version VALUES (99, 'future', 't')").run();
    newer.close();
    expect(() => new DraftStore(dir)).toThrow(/schema version 99/u);
  });

  it('rebuilds the drafts table for the needs_check and cancelled statuses without losing rows or their history', () => {
    const dir = temp();
    const db = new Database(join(dir, DRAFTS_FILE));
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare("INSERT INTO drafts (id, status, created_at, updated_at, lender, record_id, data_json, reader_barcode) VALUES ('old', 'submitting', 't', 't', 'shl', 'shl:1', '{\"owner\":\"r1\"}', '2024010123')").run();
    db.prepare("INSERT INTO draft_events (draft_id, at, status) VALUES ('old', 't', 'draft'), ('old', 't', 'submitting')").run();
    expect(() => db.prepare("UPDATE drafts SET status = 'needs_check'").run()).toThrow(/CHECK/u);
    db.close();
    const store = new DraftStore(dir);
    cleanups.push(() => store.close());
    expect(store.get('old')).toMatchObject({ status: 'submitting', owner: 'r1', reader: null });
    expect(store.events('old').map((e) => e.status)).toEqual(['draft', 'submitting']);
    expect(store.list({ owner: 'r1', limit: 10, offset: 0 }).map((d) => d.id)).toEqual(['old']);
    store.close();
    const after = new Database(join(dir, DRAFTS_FILE));
    cleanups.push(() => after.close());
    after.prepare("UPDATE drafts SET status = 'needs_check'").run();
    expect(after.pragma('foreign_key_check')).toEqual([]);
    after.prepare("INSERT INTO draft_events (draft_id, at, status) VALUES ('old', 't', 'needs_check')").run();
  });

  it('keeps drafts across a reopen and lists them by reader barcode, newest first', async () => {
    const dir = temp();
    const first = open(dir);
    const a = await first.service.create(draftBody());
    const b = await first.service.create(draftBody({ reader: { ...READER, readerBarcode: '99999' } }));
    first.close();

    const again = open(dir);
    expect(await again.service.get(a.id)).toEqual(a);
    expect((await again.service.list({ readerBarcode: '07063', limit: 10, offset: 0 })).map((d) => d.id)).toEqual([a.id]);
    expect((await again.service.list({ limit: 10, offset: 0 })).map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    expect((await again.store.events(a.id)).map((e) => e.status)).toEqual(['draft']);
  });

  it('wipes the reader fields for good: gone from queries and from the database file', async () => {
    const dir = temp();
    const ill = open(dir);
    const draft = await ill.service.create(draftBody());
    const fileBytes = () => Buffer.concat([join(dir, DRAFTS_FILE), join(dir, `${DRAFTS_FILE}-wal`)].filter(existsSync).map((f) => readFileSync(f)));
    expect(fileBytes().includes(Buffer.from(READER.email, 'utf8'))).toBe(true);
    const wiped = await ill.service.wipeReader(draft.id);
    expect(wiped.reader).toBeNull();
    expect(wiped.readerDeletedAt).toBeDefined();
    expect(wiped.form).toEqual(draft.form);
    expect(wiped.status).toBe('draft');
    expect(await ill.service.list({ readerBarcode: '07063', limit: 10, offset: 0 })).toEqual([]);
    ill.close();
    const bytes = fileBytes();
    expect(bytes.length).toBeGreaterThan(0);
    for (const value of [READER.email, READER.readerName, READER.phone]) expect(bytes.includes(Buffer.from(value, 'utf8'))).toBe(false);
  });
});
