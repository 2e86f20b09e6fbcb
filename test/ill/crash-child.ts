/**
 * Child process for crash.test.ts: opens the draft store in a data directory and either
 * submits one draft to the BALIS simulator (the test kills it mid-call) or, after a restart,
 * reconciles drafts left `submitting` and prints them as JSON.
 * Usage: node --import tsx crash-child.ts <submit|reconcile> <dataDir> <balisUrl> [draftId]
 * With ILL_PG_URL set, the drafts live in that PostgreSQL database instead of SQLite.
 */
import { gatewaySchema } from '../../src/config/schema.ts';
import { balisSubmission } from '../../adapters/balis-ill/client.ts';
import { openIll } from '../../src/ill/setup.ts';
import { PostgresDraftStorage } from '../../src/stores/postgres/drafts.ts';
import { silentLogger } from '../../src/logging.ts';
import { testLibrary } from '../helpers/libraries.ts';

// Only the lender's config is needed here; importing the HTTP fixtures would slow every start.
const LIBRARIES = [testLibrary('shl', { name: { zh: '上海图书馆', en: 'Shanghai Library' }, ill: { lenderCode: '123114' } })];
const [mode, dataDir, url, draftId] = process.argv.slice(2);
if (!mode || !dataDir || !url) throw new Error('usage: crash-child.ts <submit|reconcile> <dataDir> <balisUrl> [draftId]');

const drafts = process.env.ILL_PG_URL ? await PostgresDraftStorage.open(process.env.ILL_PG_URL, 'ILL_PG_URL') : undefined;
const ill = openIll({
  ...(drafts ? { drafts } : {}),
  gateway: { config: { gateway: gatewaySchema.parse({}) }, libraries: LIBRARIES, library: (id) => LIBRARIES.find((l) => l.id === id), resultSet: () => undefined },
  logger: silentLogger(),
  settings: { dataDir },
  submission: balisSubmission({ url, timeoutMs: 60_000 }),
});

if (mode === 'submit') {
  process.stdout.write('submitting\n');
  await ill.submitter.submit(draftId ?? '');
  process.stdout.write('returned\n');
} else {
  const settled = await ill.reconcile();
  process.stdout.write(`${JSON.stringify(settled.map((d) => ({ id: d.id, status: d.status, requestNumber: d.submission.requestNumber })))}\n`);
}
await ill.close();
await drafts?.close();
