/**
 * The Explain fixtures (test/z3950/explain/support/explain-ber.ts) read by YAZ's own codec,
 * generated from the standard's ASN.1: yaz-client fetches every fixture from the Explain test
 * target in the Explain syntax and prints what it decoded (-a). A member the ASN.1 requires,
 * or a wrong tag, makes it report "Decoding incoming APDU" and drop the record.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTool } from '../../../peers/proc.ts';
import { describePeer } from '../../peers/availability.ts';
import { startExplainTarget, UNION_EXPLAIN } from './support/explain-target.ts';

const EVERY_FIXTURE = [
  ...UNION_EXPLAIN,
  { category: 'TargetInfo', file: 'targetinfo-indefinite.ber' },
  { category: 'DatabaseInfo', database: 'xwts', file: 'databaseinfo-approx.ber' },
  { category: 'AttributeDetails', database: 'xwts', file: 'attributedetails-names.ber' },
];

describePeer('Explain fixtures decoded by yaz-client', ['yaz'], () => {
  let target: Awaited<ReturnType<typeof startExplainTarget>>;
  let dir: string;
  beforeAll(async () => {
    target = await startExplainTarget(EVERY_FIXTURE);
    dir = await mkdtemp(join(tmpdir(), 'explain-yaz-'));
  });
  afterAll(async () => {
    await target?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('decodes all eight records with every member we encoded', async () => {
    const log = join(dir, 'apdu.log');
    const commands = ['base IR-Explain-1', 'format explain'];
    for (const category of ['TargetInfo', 'DatabaseInfo', 'AttributeDetails', 'CategoryList']) commands.push(`find @attr exp1 1=1 ${category}`, 'show 1+3');
    const run = await runTool('yaz-client', ['-a', log, `tcp:127.0.0.1:${target.port}`], { input: `${commands.join('\n')}\nquit\n`, timeoutMs: 20_000 });
    const apdus = await readFile(log, 'latin1');
    expect(run.stdout).not.toMatch(/Decoding incoming APDU/);
    expect(run.stdout.match(/Record type: Explain/g)).toHaveLength(8);
    for (const decoded of ['maxResultSize 50000', 'maxTerms 20', 'timeoutInterval {', 'actualNumber 1234567', 'approxNumber 80000', 'explainDatabase NULL', 'partialSupport NULL', "string 'Title'", 'numeric 1016', 'categoryList {', 'unitSystems {']) {
      expect(apdus, decoded).toContain(decoded);
    }
  });
});
