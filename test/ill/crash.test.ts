/**
 * Nothing is lost and nothing is sent twice when the process dies mid-submit: a child process
 * submits a draft, the BALIS simulator accepts and holds its answer, the test SIGKILLs the child
 * while the call is in flight (synchronized on the simulator having received the request), then
 * a restarted child finds the draft `submitting`. BALIS documents no idempotent submission, so the
 * draft is not re-sent: it is marked `needs_check` with what is known, and a librarian settles it.
 * An adapter that does declare idempotent submission gets the draft re-sent with the same key.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { openIll } from '../../src/ill/setup.ts';
import { silentLogger } from '../../src/logging.ts';
import type { SubmissionAdapter } from '../../src/ill/submission.ts';
import { IllProblem } from '../../src/ill/problems.ts';
import { READER, draftBody, fakeGateway, oneCluster, resultSet, seedRecords, tempDir } from './fixtures.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function child(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, exited, output: () => ({ stdout, stderr }) };
}

function openStore(dataDir: string) {
  return openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir } });
}

describe('crash during submission', () => {
  const tmp = tempDir();
  let sim: BalisSimulator | undefined;
  afterAll(async () => {
    await sim?.close();
    tmp.remove();
  });

  // Two tsx child starts: allow for a loaded CI machine.
  it('keeps the draft as submitting after SIGKILL and reconciles it to the same ST number on restart', { timeout: 60_000 }, async () => {
    sim = await startBalisSimulator();
    sim.holdAnswers = true;
    const setup = openStore(tmp.dir);
    const draft = await setup.service.create(draftBody());
    setup.close();

    const arrived = sim.nextRequest();
    const first = child(['submit', tmp.dir, sim.url, draft.id]);
    const early = first.exited.then(() => {
      throw new Error(`child exited before BALIS saw the request: ${JSON.stringify(first.output())}`);
    });
    await Promise.race([arrived, early]);
    early.catch(() => undefined);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(first.output().stdout).toBe('submitting\n');
    expect(sim.accepted).toBe(1);

    const afterCrash = openStore(tmp.dir);
    const stranded = await afterCrash.service.get(draft.id);
    expect(stranded.status).toBe('submitting');
    expect(stranded.submission).toMatchObject({ attempts: 1 });
    expect(stranded.submission.requestNumber).toBeUndefined();
    expect(stranded.reader).toEqual(READER);
    expect(stranded.form).toEqual(draft.form);
    afterCrash.close();

    sim.holdAnswers = false;
    sim.release();
    const restart = child(['reconcile', tmp.dir, sim.url]);
    const { code } = await restart.exited;
    expect(code, restart.output().stderr).toBe(0);
    expect(JSON.parse(restart.output().stdout)).toEqual([{ id: draft.id, status: 'needs_check' }]);

    // Not re-sent: BALIS saw one request.
    expect(sim.received).toBe(1);
    expect(sim.accepted).toBe(1);
    const final = openStore(tmp.dir);
    const held = await final.service.get(draft.id);
    expect(held).toMatchObject({ status: 'needs_check', submission: { attempts: 1 } });
    expect(held.needsCheck).toMatchObject({ attemptStartedAt: stranded.submission.submittingAt, attempts: 1, via: 'balis' });
    expect(held.needsCheck?.payloadSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(held.needsCheck?.zh).toContain('请馆员向 BALIS 核实');
    expect(held.reader).toEqual(READER);
    expect((await final.store.events(draft.id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'needs_check']);
    // The reader's submit does not send it either; the librarian's check settles it with BALIS's number.
    await expect(final.submitter.submit(draft.id)).rejects.toMatchObject({ status: 409, title: 'Needs a librarian check' });
    expect(await final.submitter.resolveCheck(draft.id, { found: true, requestNumber: 'ST00000001' })).toMatchObject({ status: 'submitted', submission: { requestNumber: 'ST00000001' } });
    final.close();
    expect(sim.received).toBe(1);
  });
});

describe('restart with a submission cut off', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  function fakeAdapter(idempotentSubmission: boolean): SubmissionAdapter & { calls: string[] } {
    const calls: string[] = [];
    return { name: 'fake', idempotentSubmission, calls, submit: async (req) => (calls.push(req.idempotencyKey), { accepted: true, requestNumber: 'ST00000042', warnings: [] }) };
  }

  async function stranded(dir: string) {
    const ill = openStore(dir);
    const draft = await ill.service.create(draftBody());
    await ill.store.markSubmitting(draft.id, '2025-01-15T08:00:00.000Z', 'a'.repeat(64));
    ill.close();
    return draft.id;
  }

  it('re-sends with the same key only through an adapter that declares idempotent submission', async () => {
    const dir = join(tmp.dir, 'idempotent');
    const id = await stranded(dir);
    const adapter = fakeAdapter(true);
    const ill = openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir: dir }, submission: adapter });
    expect((await ill.reconcile()).map((d) => d.status)).toEqual(['submitted']);
    expect(adapter.calls).toEqual([id]);
    ill.close();
  });

  it('an explicit resubmit of a draft left submitting follows the same rule: held for a librarian, not re-sent, unless the adapter is idempotent', async () => {
    const dir = join(tmp.dir, 'explicit');
    const id = await stranded(dir);
    const plain = fakeAdapter(false);
    const ill = openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir: dir }, submission: plain });
    // No reconcile ran (another instance died mid-call, say): the reader presses submit again.
    const refused = await ill.submitter.submit(id).then(() => undefined, (error: unknown) => error as IllProblem);
    expect(refused).toBeInstanceOf(IllProblem);
    expect([refused?.status, refused?.title]).toEqual([409, 'Needs a librarian check']);
    expect(plain.calls).toEqual([]);
    const held = await ill.service.get(id);
    expect(held).toMatchObject({ status: 'needs_check', needsCheck: { attemptStartedAt: '2025-01-15T08:00:00.000Z', attempts: 1, payloadSha256: 'a'.repeat(64), via: 'fake' } });
    expect((await ill.store.events(id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'needs_check']);
    // Pressing again changes nothing until a librarian has checked.
    await expect(ill.submitter.submit(id)).rejects.toMatchObject({ status: 409 });
    expect(plain.calls).toEqual([]);
    ill.close();

    const again = join(tmp.dir, 'explicit-idempotent');
    const id2 = await stranded(again);
    const idempotent = fakeAdapter(true);
    const ill2 = openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir: again }, submission: idempotent });
    expect((await ill2.submitter.submit(id2)).draft.status).toBe('submitted');
    expect(idempotent.calls).toEqual([id2]);
    ill2.close();
  });

  it('holds it for a librarian otherwise, with the attempt\'s start, payload hash and last answer; a check "not received" makes it resubmittable', async () => {
    const dir = join(tmp.dir, 'plain');
    const id = await stranded(dir);
    const adapter = fakeAdapter(false);
    const ill = openIll({ gateway: fakeGateway([resultSet('rs1', seedRecords())]), logger: silentLogger(), clusters: oneCluster, settings: { dataDir: dir }, submission: adapter });
    const [held] = await ill.reconcile();
    expect(held).toMatchObject({ id, status: 'needs_check', needsCheck: { attemptStartedAt: '2025-01-15T08:00:00.000Z', attempts: 1, payloadSha256: 'a'.repeat(64), via: 'fake' } });
    expect(adapter.calls).toEqual([]);
    expect(await ill.submitter.resolveCheck(id, { found: false })).toMatchObject({ status: 'failed' });
    expect((await ill.submitter.submit(id)).draft.status).toBe('submitted');
    expect(adapter.calls).toEqual([id]);
    ill.close();
  });
});
