/**
 * The one small interface every adapter implements (adapters/<kind>/index.ts).
 * The core sees only this; it never imports a specific adapter.
 */
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics.ts';
import type { QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';
import type { LibraryConfig, ServiceStatus } from '../config/schema.ts';
import type { Logger } from '../logging.ts';
import type { Capabilities } from './capabilities.ts';
import type { AdapterProgress } from './progress.ts';
import type { LimiterFactory } from './limits.ts';

export interface SearchRequest {
  query: QueryNode;
  /** 1-based position of the first record wanted. */
  start: number;
  /** How many records to fetch (0 = count only). */
  count: number;
  /** Aborted by the fan-out on deadline or client disconnect: stop all I/O. */
  signal: AbortSignal;
  /** Ask the library itself, never a kept answer (a live recheck of holdings). */
  fresh?: boolean;
  /**
   * Progress for the live per-library state (searching, fetching n of N): see progress.ts.
   * (An early-records callback was dropped: the merge is order-independent and replaces
   * nothing, so brief records shown early would later be duplicates of the full ones.)
   */
  onProgress?: (progress: AdapterProgress) => void;
  /**
   * The gateway request this search serves (the access log's id), passed on so the library's
   * own logs can be matched with ours: `X-Request-Id` on HTTP, `referenceId` on Z39.50 APDUs.
   */
  requestId?: string;
  /**
   * Told how long a wrapper waited for a shared store before the library was asked (the circuit
   * breaker's read of its state): the search's Server-Timing. Adapters ignore it.
   */
  onStoreWait?: (ms: number) => void;
}

export interface SearchResult {
  hits: number;
  records: BibRecord[];
  /** Non-fatal problems: surrogate (per-record) diagnostics, decode errors, charset warnings. */
  diagnostics: Diagnostic[];
  /** Set when the adapter's own record cap (its `maxRecords`) stopped it short of `count`: the cap. */
  cappedAt?: number;
}

/** One member of a union target (the BALIS union catalogue) as the union system lists it. */
export interface UnionMember {
  /** The union system's code for the member (BALIS lender code, 上海图书馆 → 123114). */
  code: string;
  /** Name without service remarks ("上海图书馆", not "上海图书馆(暂停服务)"). */
  name: string;
  category?: string;
  /** Our library id, when the config maps this member to one. */
  library?: string;
  /** Service as the union system shows it (a "(暂停服务)" mark reads as suspended). */
  service: ServiceStatus;
}

export interface TargetAdapter {
  /** Resolves with the result or rejects with a TargetError (anything else counts as an internal error). */
  search(request: SearchRequest): Promise<SearchResult>;
  /** Release pooled connections. Idempotent. */
  close(): Promise<void>;
  /** Optional, union targets only: the members and their service status as the union system lists them. */
  members?(options: { signal: AbortSignal }): Promise<UnionMember[]>;
  /**
   * Optional: what the library can do, asked of the library itself the way its protocol allows
   * (SRU explain, Z39.50 Init and probe searches, a search form's index options). Rejects when
   * the library does not say; the gateway then treats its capabilities as unknown.
   */
  probe?(options: { signal: AbortSignal }): Promise<Capabilities>;
}

export interface AdapterContext {
  library: LibraryConfig;
  /**
   * Pooled HTTP dispatcher with the given connect timeout (an undici Agent, shared per
   * timeout value; a MockAgent in tests). Connect timeouts live on the dispatcher in undici.
   */
  httpDispatcher(connectTimeoutMs: number): Dispatcher;
  logger: Logger;
  /** Environment for credential references (process.env in production). */
  env: Record<string, string | undefined>;
  /** Shared politeness limits (gateway.stores.limits); absent = the adapter keeps its own per process. */
  limits?: LimiterFactory;
}

export interface AdapterDescriptor<Settings = unknown> {
  /** Same name as the folder, the config's "adapter" value and fixtures/<kind>/. */
  kind: string;
  /** Validates this adapter's `settings` block; unknown keys are errors. */
  settingsSchema: z.ZodType<Settings>;
  create(settings: Settings, context: AdapterContext): TargetAdapter;
  /** The most records this adapter fetches for one search with these settings, when it caps them (`--check-config` compares it with recordsPerLibrary). */
  recordCap?(settings: Settings): number | undefined;
}

// Registries hold descriptors of different settings types; the loader pairs each with its own parsed settings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAdapterDescriptor = AdapterDescriptor<any>;
export type AdapterRegistry = ReadonlyMap<string, AnyAdapterDescriptor>;
