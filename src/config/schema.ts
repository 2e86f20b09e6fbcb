/**
 * The member-library configuration as data. Common fields are checked here;
 * each adapter checks its own `settings` block (src/config/load.ts pairs them).
 */
import { z } from 'zod';
import { defaultsSchema } from './layers.ts';
import { HOLDING_STATUSES } from '../holdings/model.ts';
import { authSchema } from '../auth/schema.ts';
import { holdingsFieldSchema } from './holdings-fields-schema.ts';
import { storesSchema } from '../stores/config.ts';
import { SEARCH_FIELDS } from '../query/model.ts';

export const CATEGORIES = ['理工类', '农学类', '医学类', '其他类'] as const;
export type Category = (typeof CATEGORIES)[number];

const text = z.string().trim().min(1);

/**
 * A union catalogue (a library whose adapter lists members, the BALIS union) whose "(暂停服务)"
 * mark suspends this library; absent = the configured status alone decides (src/holdings/lender-service.ts).
 */
const followUnion = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'the id of a union-catalogue library of this config')
  .optional();

const serviceSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('active'), followUnion }).strict(),
  z
    .object({
      status: z.literal('suspended'),
      notice: z.object({ zh: text, en: text.optional() }).strict(),
      since: z.iso.date().optional(),
      followUnion,
    })
    .strict(),
]);
export type ServiceStatus = z.infer<typeof serviceSchema>;

/** The library's own rule for "may this copy go out on ILL". */
export const illRuleSchema = z
  .object({
    /** The lender code BALIS uses (上海图书馆 → 123114). */
    lenderCode: text.optional(),
    /** Normalized statuses a copy must have. Default: available. */
    statuses: z.array(z.enum(HOLDING_STATUSES)).min(1).default(['available']),
    /** 馆藏类型 values that may go out on ILL; absent = any loanable type. */
    collectionTypes: z.array(text).min(1).optional(),
    /** Branches (馆址) in scope; absent = all. */
    branches: z.array(text).min(1).optional(),
    /**
     * The library that lends this catalogue's copies, when the catalogue is one of its databases
     * (上海图书馆's Japanese catalogue → "shl"): the form, the print view and ISO 18626 name it.
     */
    lenderLibrary: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'the id of a library of this config').optional(),
  })
  .strict();

const interceptorsSchema = z
  .object({
    /** Keep this library's answers (same query and window) for a while. */
    cache: z.object({ ttlSeconds: z.number().int().positive(), max: z.number().int().positive().default(200) }).strict().optional(),
    /** At most this many searches per second to the library, after a burst. */
    rateLimit: z.object({ searchesPerSecond: z.number().positive(), burst: z.number().int().positive().default(1) }).strict().optional(),
    /** Ask again after a 429/503 Retry-After that fits in maxWaitMs. */
    retryAfter: z.object({ maxWaitMs: z.number().int().min(0).default(5000), retries: z.number().int().min(1).max(3).default(1) }).strict().optional(),
    /** Stop asking a library that keeps failing (src/interceptors/circuit-breaker.ts); on unless false, defaults per kind in src/config/resilience.ts. */
    breaker: z
      .union([
        z.literal(false),
        z
          .object({
            failures: z.number().int().min(1).max(100).optional(),
            cooldownMs: z.number().int().min(1000).optional(),
            maxCooldownMs: z.number().int().min(1000).optional(),
            probeTimeoutMs: z.number().int().min(100).optional(),
          })
          .strict(),
      ])
      .optional(),
    /** Learn the library's timeout from its answers: min(timeoutMs, max(floorMs, k × p95)), and its lateness for the early end: earlyEndMargin × p99; on unless false. */
    adaptiveTimeout: z
      .union([
        z.literal(false),
        z
          .object({ k: z.number().min(1).max(20).optional(), floorMs: z.number().int().min(50).optional(), minSamples: z.number().int().min(3).max(50).optional(), earlyEndMargin: z.number().min(1).max(20).optional() })
          .strict(),
      ])
      .optional(),
  })
  .strict();

export const libraryCommonSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", at most 40'),
    name: z.object({ zh: text, en: text }).strict(),
    category: z.enum(CATEGORIES),
    adapter: text,
    settings: z.unknown(),
    /** Budget for this library in one search (all phases); the gateway deadline still caps it. */
    timeoutMs: z.number().int().positive().optional(),
    /** Wrappers around this library's adapter (src/interceptors): absent = none. */
    interceptors: interceptorsSchema.optional(),
    ill: illRuleSchema.default({ statuses: ['available'] }),
    service: serviceSchema.default({ status: 'active' }),
    /** Holdings vocabulary overrides (status text → status; collection type → loanable). */
    vocabulary: z
      .object({
        statuses: z.record(z.string(), z.enum(HOLDING_STATUSES)).optional(),
        collectionTypes: z.record(z.string(), z.boolean()).optional(),
      })
      .strict()
      .optional(),
    /** Which MARC fields/subfields hold this library's copies; absent = the format's defaults. */
    holdingsFields: z.array(holdingsFieldSchema).min(1).optional(),
    /**
     * What the library can search, as configured: overrides discovery (the library is then not
     * probed). A search using an index not listed skips the library with "unsupported: <index>".
     */
    capabilities: z
      .object({
        indexes: z
          .array(z.enum(SEARCH_FIELDS))
          .min(1)
          .refine((list) => new Set(list).size === list.length, 'an index is listed twice'),
      })
      .strict()
      .optional(),
  })
  .strict();

type LibraryCommon = z.infer<typeof libraryCommonSchema>;

/** A library after loading: `settings` parsed by its adapter's schema. */
export interface LibraryConfig extends Omit<LibraryCommon, 'settings'> {
  settings: unknown;
}

const bilingual = z.object({ zh: text, en: text }).strict();

/**
 * The gateway's own SRU endpoint (/sru, /sru/<database>). Every library id is a database and
 * science/agriculture/medicine/other name the four BALIS categories unless `databases`
 * redefines a name; listed databases come first. Checked against the libraries at start-up.
 */
const sruDatabaseSchema = z.union([
  z
    .object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" and "_", at most 40'),
      title: bilingual.optional(),
      category: z.enum(CATEGORIES),
    })
    .strict(),
  z
    .object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" and "_", at most 40'),
      title: bilingual.optional(),
      libraries: z.array(z.string().min(1)).min(1),
    })
    .strict(),
]);

export const sruSchema = z
  .object({
    /** Title of the whole union (/sru) in explain. */
    title: bilingual.default({ zh: 'BALIS 联合检索', en: 'BALIS union search' }),
    databases: z.array(sruDatabaseSchema).default([]),
    defaultRecords: z.number().int().min(0).default(10),
    maxRecords: z.number().int().min(1).max(1000).default(50),
    /** Short name or URI of the schema served when a request names none. */
    defaultSchema: z.string().min(1).default('marcxml'),
    defaultTerms: z.number().int().min(1).default(20),
    maxTerms: z.number().int().min(1).max(1000).default(100),
    /** Libraries whose licence forbids passing their source MARC on: MARCXML gives diagnostic 68 for their records. */
    withholdMarc: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((s) => s.defaultRecords <= s.maxRecords, { message: 'defaultRecords must not exceed maxRecords', path: ['defaultRecords'] })
  .refine((s) => s.defaultTerms <= s.maxTerms, { message: 'defaultTerms must not exceed maxTerms', path: ['defaultTerms'] });
export type SruSettings = z.infer<typeof sruSchema>;

/**
 * The gateway's Z39.50 front end (src/z3950-server). Absent = off; databases are the SRU
 * endpoint's (/sru/<db>). With auth "librarian-keys" a client signs in with a librarian API key.
 */
const z3950ServerSchema = z
  .object({
    port: z.number().int().min(0).max(65535),
    host: z.string().default('127.0.0.1'),
    /** Largest APDU accepted from a client, and the largest preferredMessageSize granted. */
    maxPduBytes: z.number().int().min(4096).max(64 * 1024 * 1024).default(1024 * 1024),
    maxSessions: z.number().int().min(1).default(200),
    maxResultSetsPerSession: z.number().int().min(1).max(1000).default(10),
    /** New sessions per client address per minute. */
    sessionsPerIpPerMinute: z.number().int().min(1).default(60),
    idleTimeoutSeconds: z.number().int().min(1).default(600),
    /** Records a Present may ask for at once. */
    maxPresentRecords: z.number().int().min(1).max(1000).default(100),
    /** librarian-keys: Init must carry idPass userId = an API key's name, password = the key (gateway.auth.apiKeys). */
    auth: z.enum(['none', 'librarian-keys']).default('none'),
  })
  .strict();
export type Z3950ServerSettings = z.infer<typeof z3950ServerSchema>;

/**
 * Interlibrary-loan drafts (src/ill). Optional: absent means every default below. Reader data
 * never goes into this block; `balis.url` is where confirmed forms are posted.
 */
export const illSettingsSchema = z
  .object({
    /** ISO 18626 requestingAgencyId value: this gateway's own library. */
    requestingAgencyId: text.default('BALIS-GATEWAY'),
    /** agencyIdType of both agency ids: BALIS codes are no ISIL (reference 06 §5), so a private type. */
    agencyIdType: text.default('BALIS'),
    /** URI sent as ill:scheme on agencyIdType, naming the private code list. */
    agencyIdScheme: z.url().optional(),
    /** JavaScript regular expression a reader barcode must match in full. */
    barcodePattern: z
      .string()
      .min(1)
      .default('^[0-9A-Za-z-]{1,32}$')
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
    /** Where the draft database lives (created if missing). */
    dataDir: text.default('data'),
    /** Put the reader (barcode, name, e-mail) into the ISO 18626 patronInfo block. */
    includePatronInIso18626: z.boolean().default(false),
    /** ISO 18626 schema version written on exports: 1.2 (2017) or 2021-2. */
    iso18626Version: z.enum(['1.2', '2021-2']).default('1.2'),
    /** Where the reader collects the book: requestedDeliveryInfo address on exports. */
    pickupAddress: z
      .object({ line1: text, line2: text.optional(), locality: text.optional(), postalCode: text.optional(), region: text.optional(), country: text.default('CN') })
      .strict()
      .optional(),
    /** The BALIS ILL system confirmed forms are posted to; absent = submission disabled. */
    balis: z
      .object({ url: z.url(), timeoutMs: z.number().int().positive().default(15_000) })
      .strict()
      .optional(),
  })
  .strict();
export type IllSettings = z.infer<typeof illSettingsSchema>;

export const gatewaySchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().default('127.0.0.1'),
    /**
     * Connections the kernel holds for the main port before the gateway accepts them (Linux caps
     * it at net.core.somaxconn). Node's default, 511, overflows under a burst: a dropped SYN is
     * retried by the client only after 1 s, so a refusal that is immediate here reaches it late.
     */
    listenBacklog: z.number().int().min(1).max(65535).default(4096),
    /** Overall deadline of one federated search. */
    deadlineMs: z.number().int().positive().default(8000),
    /** How many targets are searched at once. */
    concurrency: z.number().int().positive().default(32),
    /** Records asked of each library per search. */
    recordsPerLibrary: z.number().int().min(0).max(200).default(20),
    cache: z
      .object({
        maxResultSets: z.number().int().min(0).default(500),
        /** Estimated heap of all kept result sets (bytes); the least recently used go first. */
        maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
        ttlSeconds: z.number().int().min(0).default(600),
      })
      .strict()
      .default({ maxResultSets: 500, maxBytes: 64 * 1024 * 1024, ttlSeconds: 600 }),
    /** Admission control (src/gateway/admission.ts); each field defaults to a size for the machine. */
    admission: z
      .object({
        maxInFlight: z.number().int().positive().optional(),
        maxQueue: z.number().int().min(0).optional(),
        perClient: z.number().int().positive().optional(),
        minRunMs: z.number().int().min(0).optional(),
        /** Longest wait for a slot before a 503 (default: as long as the deadline leaves minRunMs). */
        maxWaitMs: z.number().int().min(0).optional(),
        /** Bound in-flight searches by the event loop's load under maxInFlight (src/gateway/loop-load.ts); default true. */
        adaptive: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /**
     * Holdings age faster than bibliographic data (cache.ttlSeconds): a work opened from a kept
     * result set has its copies asked again, live, once they are older than this.
     */
    holdings: z
      .object({ ttlSeconds: z.number().int().min(0).default(60), recheckTimeoutMs: z.number().int().positive().default(5000) })
      .strict()
      .default({ ttlSeconds: 60, recheckTimeoutMs: 5000 }),
    /** Relevance ranking of merged results: boost for works with an ILL-eligible copy (0 = off). */
    ranking: z
      .object({ illBoost: z.number().min(0).max(10).default(0.2) })
      .strict()
      .default({ illBoost: 0.2 }),
    /**
     * Capability discovery (src/gateway/capabilities.ts): every library is probed at start and
     * again every intervalSeconds (± jitter, a fraction of it, so libraries are not all asked at once).
     */
    discovery: z
      .object({
        enabled: z.boolean().default(true),
        intervalSeconds: z.number().int().min(60).default(3600),
        jitter: z.number().min(0).max(0.5).default(0.2),
        timeoutMs: z.number().int().min(100).default(15_000),
      })
      .strict()
      .default({ enabled: true, intervalSeconds: 3600, jitter: 0.2, timeoutMs: 15_000 }),
    /**
     * /healthz and /readyz on a port of their own, answered by a worker thread
     * (src/http/health-listener.ts) so a burst on the main loop does not delay them; absent = off
     * (the main port answers both either way). host defaults to gateway.host.
     */
    health: z
      .object({
        port: z.number().int().min(0).max(65535),
        host: z.string().optional(),
        /** A main loop that has not beaten for this long is reported as stalled (503). */
        maxLoopStallMs: z.number().int().min(1000).default(10_000),
      })
      .strict()
      .optional(),
    /** The SRU endpoint; absent = every default. */
    sru: sruSchema.optional(),
    /** ILL drafts and submission; absent = every default. */
    ill: illSettingsSchema.optional(),
    /** Sign-in of readers and librarians (src/auth/schema.ts); absent = nobody signs in. */
    auth: authSchema.optional(),
    /** The Z39.50 front end; absent = off. */
    z3950: z3950ServerSchema.optional(),
    /**
     * How often the libraries' learned answer times (adaptive timeouts, early end) are read again
     * from the health store, in the background: a search reads them without a round trip, at most
     * this much (plus one read) old.
     */
    learnedRefreshMs: z.number().int().min(100).max(60_000).default(1000),
    /** Where result sets, limits, health samples and ILL drafts are kept; absent = all embedded. */
    stores: storesSchema.optional(),
  })
  .strict();
type GatewaySettings = z.infer<typeof gatewaySchema>;

export const fileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    gateway: gatewaySchema.default(gatewaySchema.parse({})),
    /** Per adapter kind, under each library's own settings (src/config/layers.ts). */
    defaults: defaultsSchema.optional(),
    libraries: z.array(z.unknown()).min(1),
  })
  .strict();

export interface GatewayConfig {
  file: string;
  gateway: GatewaySettings;
  libraries: LibraryConfig[];
}
