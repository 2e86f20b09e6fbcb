/**
 * Nothing is lost when the process dies mid-submit: a child process submits a draft, the BALIS
 * simulator accepts and holds its answer, the test SIGKILLs the child while the call is in
 * flight (synchronized on the simulator having received the request), then a restarted child
 * reconciles the draft with the same idempotency key and gets the same request number.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBalisSimulator, type BalisSimulator } from '../../adapters/balis-ill/sim/simulator.ts';
import { openIll } from '../../src/ill/setup.ts';
import { silentLogger } from '../../src/logging.ts';
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
    expect(JSON.parse(restart.output().stdout)).toEqual([{ id: draft.id, status: 'submitted', requestNumber: 'ST00000001' }]);

    expect(sim.received).toBe(2);
    expect(sim.accepted).toBe(1);
    const final = openStore(tmp.dir);
    expect(await final.service.get(draft.id)).toMatchObject({ status: 'submitted', submission: { requestNumber: 'ST00000001', attempts: 2 } });
    expect((await final.store.events(draft.id)).map((e) => e.status)).toEqual(['draft', 'submitting', 'submitting', 'submitted']);
    final.close();
  });
});
