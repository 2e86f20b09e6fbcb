/**
 * Wires the ILL parts from the gateway config: the draft store under `ill.dataDir`, the record
 * source over result sets (plus the merge clusters the caller supplies), the BALIS adapter when
 * `ill.balis.url` is set, and the router. Reconciles drafts a killed process left `submitting`.
 */
import type { Router } from 'express';
import { illSettingsSchema, type GatewayConfig, type IllSettings } from '../config/schema.ts';
import type { Logger } from '../logging.ts';
import type { ServiceSnapshot } from '../holdings/lender-service.ts';
import { gatewayRecordSource, resultSetClusters, type ClusterIndex, type IllRecordSource, type ResultSetLookup } from './record-source.ts';
import { illRouter, type IllMetrics, type LiveCopy } from './routes.ts';
import type { CopyRef } from './types.ts';
import type { Holding } from '../holdings/model.ts';
import { IllService, type LibraryLookup } from './service.ts';
import { SqliteDraftStorage, type DraftStorage } from './draft-storage.ts';
import { DraftStore } from './store.ts';
import { Submitter } from './submitter.ts';
import { ReaderRequests } from './reader-requests.ts';
import type { SubmissionAdapter, SubmissionAdapterFactory } from './submission.ts';
import type { IllDraft } from './types.ts';

export interface IllDeps {
  gateway: LibraryLookup & ResultSetLookup & { config: Pick<GatewayConfig, 'gateway'>; lenderServices?: () => Promise<ServiceSnapshot>; recheckCopy?: (copy: CopyRef) => Promise<{ holding?: Holding; outcome: { error?: { message: string }; asOf?: string } } | undefined> };
  logger: Logger;
  /** Merged clusters by id; default: the clusters kept on each result set (src/merge), when there are any. */
  clusters?: ClusterIndex;
  /** Replaces the default source entirely (tests, other front ends). */
  records?: IllRecordSource;
  /** Replaces the adapter built from `ill.balis`. */
  submission?: SubmissionAdapter;
  /** Builds the adapter from `ill.balis` (start-up passes adapters/balis-ill); absent = drafts only. */
  submissionFactory?: SubmissionAdapterFactory;
  /** Overrides the config's `ill` block (tests: a temp dataDir). */
  settings?: Partial<IllSettings>;
  /** A shared draft store (gateway.stores.ill); absent = the SQLite file under ill.dataDir. Not closed by close(). */
  drafts?: DraftStorage;
  /** How long a submit waits for another instance's call on the same draft. */
  claimWaitMs?: number;
  clock?: () => Date;
  metrics?: IllMetrics;
}

export interface Ill {
  service: IllService;
  submitter: Submitter;
  store: DraftStorage;
  settings: IllSettings;
  router: Router;
  /** Drafts a previous process left `submitting`, after re-submission. */
  reconcile(): Promise<IllDraft[]>;
  close(): Promise<void>;
}

export function illSettings(config: Pick<GatewayConfig, 'gateway'>, overrides: Partial<IllSettings> = {}): IllSettings {
  return illSettingsSchema.parse({ ...(config.gateway.ill ?? {}), ...overrides });
}

export function openIll(deps: IllDeps): Ill {
  const settings = illSettings(deps.gateway.config, deps.settings);
  const logger = deps.logger.child({ component: 'ill' });
  const owned = deps.drafts ? undefined : new SqliteDraftStorage(new DraftStore(settings.dataDir));
  const store: DraftStorage = deps.drafts ?? (owned as DraftStorage);
  const clock = deps.clock;
  const submission = deps.submission ?? (settings.balis && deps.submissionFactory ? deps.submissionFactory.create(settings.balis) : undefined);
  const service = new IllService({
    store,
    libraries: deps.gateway,
    records: deps.records ?? gatewayRecordSource(deps.gateway, deps.clusters ?? resultSetClusters),
    settings,
    logger,
    ...(clock ? { clock } : {}),
    ...(deps.gateway.lenderServices ? { services: deps.gateway.lenderServices.bind(deps.gateway) } : {}),
  });
  const submitter = new Submitter({ store, logger, ...(deps.claimWaitMs !== undefined ? { claimWaitMs: deps.claimWaitMs } : {}), ...(submission ? { adapter: submission } : {}), ...(clock ? { clock } : {}) });
  return {
    service,
    submitter,
    store,
    settings,
    router: illRouter({ service, submitter, requests: new ReaderRequests({ store, adapter: submission, logger, ...(clock ? { clock } : {}) }), settings, logger, ...(deps.metrics ? { metrics: deps.metrics } : {}), ...(deps.gateway.recheckCopy ? { recheckCopy: liveCopy((copy) => deps.gateway.recheckCopy!(copy)) } : {}) }),
    reconcile: () => submitter.reconcile(),
    close: async () => owned?.close(),
  };
}

/** The gateway's live recheck of a copy, as the submit route reads it. */
function liveCopy(recheck: NonNullable<IllDeps['gateway']['recheckCopy']>): (copy: CopyRef) => Promise<LiveCopy | undefined> {
  return async (copy) => {
    const answer = await recheck(copy);
    if (!answer) return undefined;
    if (!answer.holding) return { error: answer.outcome.error?.message ?? 'the copy was not found again' };
    return { statusText: answer.holding.statusText, eligible: answer.holding.ill?.eligible ?? false, ...(answer.holding.asOf ? { asOf: answer.holding.asOf } : {}) };
  };
}
