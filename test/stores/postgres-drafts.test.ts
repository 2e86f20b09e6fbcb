/**
 * The PostgreSQL draft store against a real PostgreSQL: migrations once for instances starting
 * together, the SQLite store's behaviour, exactly-once submission when two instances submit the
 * same draft, and the crash-mid-submit case (SIGKILL during the BALIS call, then another
 * instance reconciles to the same request number).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { openIll, type Ill } from '../../src/ill/setup.ts';
import { silentLogger } from '../../src/logging.ts';
import { PG_MIGRATIONS } from '../../src/stores/postgres/migrations.ts';
import { PostgresDraftStorage } from '../../src/stores/postgres/drafts.ts';
import { StoreStartError } from '../../src/stores/errors.ts';
import { freeLoopbackPort } from '../../peers/proc.ts';
import { startPostgres, type PostgresPeer } from '../../peers/services.ts';
import { READER, draftBody, fakeGateway, oneCluster, resultSet, seedRecords, tempDir } from '../ill/fixtures.ts';
import { describeService } from '../peers/services.ts';

const CHILD = fileURLToPath(new URL('../ill/crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describeService('PostgreSQL draft store (real PostgreSQL)', ['postgres'], () => {
  let peer: PostgresPeer;
  let sim: BalisSimulator;
  const tmp = tempDir();
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    [peer, sim] = await Promise.all([startPostgres(), startBalisSimulator()]);
  }, 60_000);
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    await sim?.close();
    await peer?.stop();
    tmp.remove();
  });

  const storage = async (url: string) => {
    const s = await PostgresDraftStorage.open(url, 'gateway.stores.ill.url');
    opened.push(s);
    return s;
  };
  const instance = (drafts: PostgresDraftStorage): Ill => {
    const ill = openIll({
      gateway: fakeGateway([resultSet('rs1', seedRecords())]),
      logger: silentLogger(),
      clusters: oneCluster,
      settings: { dataDir: tmp.dir },
      drafts,
      submission: balisSubmission({ url: sim.url, timeoutMs: 30_000 }),
    });
    opened.push(ill);
    return ill;
  };

  it('applies the migrations once when instances start together', async () => {
    const url = await peer.createDatabase('migrations');
    const [a, b, c] = await Promise.all([storage(url), storage(url), storage(url)]);
    const newest = PG_MIGRATIONS.at(-1)!.version;
    expect([a.schemaVersion, b.schemaVersion, c.schemaVersion]).toEqual([newest, newest, newest]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query('SELECT version FROM schema_version ORDER BY version')).rows.map((r: { version: number }) => r.version);
    await client.end();
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('keeps drafts like the SQLite store: by reader barcode, reader wipe, status history', async () => {
    const url = await peer.createDatabase('roundtrip');
    const a = instance(await storage(url));
    const b = instance(await storage(url));
    const one = await a.service.create(draftBody());
    const two = await a.service.create(draftBody({ reader: { ...READER, readerBarcode: '99999' } }));
    expect(await b.service.get(one.id)).toEqual(one);
    expect((await b.service.list({ readerBarcode: '07063', limit: 10, offset: 0 })).map((d) => d.id)).toEqual([one.id]);
    expect((await b.service.list({ limit: 10, offset: 0 })).map((d) => d.id).sort()).toEqual([one.id, two.id].sort());
    const wiped = await b.service.wipeReader(one.id);
    expect(wiped.reader).toBeNull();
    expect(wiped.form).toEqual(one.form);
    expect(await a.service.list({ readerBarcode: '07063', limit: 10, offset: 0 })).toEqual([]);
    expect((await a.store.events(one.id)).map((e) => e.status)).toEqual(['draft', 'reader_deleted']);
  });

  it('submits a draft once when two instances submit it at the same time', async () => {
    const url = await peer.createDatabase('exactlyonce');
    const a = instance(await storage(url));
    const b = instance(await storage(url));
    const draft = await a.service.create(draftBody());
    const before = sim.received;
    sim.holdAnswers = true;
    const arrived = sim.nextRequest();
    const first = a.submitter.submit(draft.id);
    await arrived;
    // B asks while A's call is in flight: it waits for A's claim, then finds the draft submitted.
    const second = b.submitter.submit(draft.id);
    sim.holdAnswers = false;
    sim.release();
    const [x, y] = await Promise.all([first, second]);
    expect(sim.received - before).toBe(1);
    expect(x.draft.submission.requestNumber).toBeDefined();
    expect(y.draft.submission.requestNumber).toBe(x.draft.submission.requestNumber);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect((await a.store.events(draft.id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'submitted']);
  });

  it('a killed instance mid-submit leaves the draft submitting; another instance reconciles it to the same number', { timeout: 60_000 }, async () => {
    const url = await peer.createDatabase('crash');
    const a = instance(await storage(url));
    const draft = await a.service.create(draftBody());
    sim.holdAnswers = true;
    const acceptedBefore = sim.accepted;
    const receivedBefore = sim.received;
    const arrived = sim.nextRequest();
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, 'submit', tmp.dir, sim.url, draft.id], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ILL_PG_URL: url } });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    await Promise.race([arrived, exited.then(() => Promise.reject(new Error(`child exited early: ${stderr}`)))]);
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const stranded = await a.service.get(draft.id);
    expect(stranded.status).toBe('submitting');
    expect(stranded.reader).toEqual(READER);
    sim.holdAnswers = false;
    sim.release();
    // The dead child's claim went with its connection: this instance may take over at once.
    const b = instance(await storage(url));
    // BALIS documents no idempotent submission: not re-sent, held for a librarian with what is known.
    const settled = await b.reconcile();
    expect(settled.map((d) => [d.id, d.status])).toEqual([[draft.id, 'needs_check']]);
    expect(settled[0]?.needsCheck).toMatchObject({ attemptStartedAt: stranded.submission.submittingAt, attempts: 1, via: 'balis' });
    expect(settled[0]?.needsCheck?.payloadSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(sim.received - receivedBefore).toBe(1);
    expect(sim.accepted - acceptedBefore).toBe(1);
    expect((await a.store.events(draft.id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'needs_check']);
    await expect(b.submitter.submit(draft.id)).rejects.toMatchObject({ status: 409 });
    expect(await b.submitter.resolveCheck(draft.id, { found: true, requestNumber: 'ST00000009' })).toMatchObject({ status: 'submitted', submission: { requestNumber: 'ST00000009' } });
    expect(sim.received - receivedBefore).toBe(1);
  });

  it('refuses to start without a reachable PostgreSQL, naming the field', async () => {
    const port = await freeLoopbackPort();
    await expect(PostgresDraftStorage.open(`postgres://gw:secret@127.0.0.1:${port}/ill`, 'gateway.stores.ill.url')).rejects.toThrow(StoreStartError);
    await expect(PostgresDraftStorage.open(`postgres://gw:secret@127.0.0.1:${port}/ill`, 'gateway.stores.ill.url')).rejects.toThrow(/^gateway\.stores\.ill\.url: PostgreSQL at postgres:\/\/gw:\*\*\*@127/u);
  });
});
