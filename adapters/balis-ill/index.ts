/**
 * The BALIS ILL system as the ILL domain (src/ill) sees it: a submission adapter built from
 * its settings. Client (client.ts), wire contract (wire.ts) and simulator (sim/) live here;
 * drafts, validation, exports and the store stay in src/ill.
 */
import type { SubmissionAdapterFactory } from '../../src/ill/submission.ts';
import { balisSubmission } from './client.ts';
import { balisIllSettingsSchema } from './settings.ts';

export const balisIllSubmission: SubmissionAdapterFactory = {
  kind: 'balis-ill',
  create: (settings) => balisSubmission(balisIllSettingsSchema.parse(settings)),
};
