/**
 * The member-library configuration as data. Common fields are checked here;
 * each adapter checks its own `settings` block (src/config/load.ts pairs them).
 */
import { z } from 'zod';
import { HOLDING_STATUSES } from '../holdings/model.ts';
import { holdingsFieldSchema } from './holdings-fields-schema.ts';

export const CATEGORIES = ['理工类', '农学类', '医学类', '其他类'] as const;
export type Category = (typeof CATEGORIES)[number];

const text = z.string().trim().min(1);

export const serviceSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('active') }).strict(),
  z
    .object({
      status: z.literal('suspended'),
      notice: z.object({ zh: text, en: text.optional() }).strict(),
      since: z.iso.date().optional(),
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
  })
  .strict();

/** Used only by the demo launcher and tests: what a simulated library serves. Ignored by the gateway core. */
export const simulateSchema = z
  .object({
    /** Added to every answer: a number, or [min, max] for a spread. */
    latencyMs: z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]).default(0),
    /** Which fixture collection the simulator serves (fixtures/catalogue by default). */
    catalogue: z.string().default('default'),
    /** Fraction of catalogue records this library holds (deterministic by id). */
    share: z.number().min(0).max(1).default(0.7),
    fault: z.enum(['none', 'hang', 'http500', 'garbage', 'html', 'truncated', 'diagnostic', 'reset']).default('none'),
  })
  .strict();
export type SimulateConfig = z.infer<typeof simulateSchema>;

export const libraryCommonSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", at most 40'),
    name: z.object({ zh: text, en: text }).strict(),
    category: z.enum(CATEGORIES),
    adapter: text,
    settings: z.unknown(),
    /** Budget for this library in one search (all phases); the gateway deadline still caps it. */
    timeoutMs: z.number().int().positive().optional(),
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
    simulate: simulateSchema.optional(),
    /** Which MARC fields/subfields hold this library's copies; absent = the format's defaults. */
    holdingsFields: z.array(holdingsFieldSchema).min(1).optional(),
  })
  .strict();

export type LibraryCommon = z.infer<typeof libraryCommonSchema>;

/** A library after loading: `settings` parsed by its adapter's schema. */
export interface LibraryConfig extends Omit<LibraryCommon, 'settings'> {
  settings: unknown;
}

export const gatewaySchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().default('127.0.0.1'),
    /** Overall deadline of one federated search. */
    deadlineMs: z.number().int().positive().default(8000),
    /** How many targets are searched at once. */
    concurrency: z.number().int().positive().default(32),
    /** Records asked of each library per search. */
    recordsPerLibrary: z.number().int().min(0).max(200).default(20),
    cache: z
      .object({
        maxResultSets: z.number().int().min(0).default(500),
        ttlSeconds: z.number().int().min(0).default(600),
      })
      .strict()
      .default({ maxResultSets: 500, ttlSeconds: 600 }),
  })
  .strict();
export type GatewaySettings = z.infer<typeof gatewaySchema>;

export const fileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    gateway: gatewaySchema.default(gatewaySchema.parse({})),
    libraries: z.array(z.unknown()).min(1),
  })
  .strict();

export interface GatewayConfig {
  file: string;
  gateway: GatewaySettings;
  libraries: LibraryConfig[];
}
