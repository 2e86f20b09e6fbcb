/**
 * `gateway.stores`: which implementation keeps what. Absent = everything embedded (`npm start`
 * needs no service). A URL carrying a password is given by environment variable name (`urlEnv`)
 * rather than written into the file. Checked at load (shape) and at start (reachability).
 */
import { z } from 'zod';
import { StoreStartError } from './errors.ts';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');

function urlWithScheme(schemes: readonly string[]) {
  return z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
}

const REDIS = ['redis:', 'rediss:'] as const;
const POSTGRES = ['postgres:', 'postgresql:'] as const;

const redisFields = {
  kind: z.literal('redis'),
  url: urlWithScheme(REDIS).optional(),
  urlEnv: envName.optional(),
  /** Prefix of every key, so several gateways (or tests) can share one Redis. */
  keyPrefix: z.string().min(1).max(64).default('gw:'),
};

const oneUrl = (s: { url?: string | undefined; urlEnv?: string | undefined }) => (s.url === undefined) !== (s.urlEnv === undefined);
const oneUrlMessage = { message: 'give exactly one of url and urlEnv', path: ['url'] };

const embedded = z.object({ kind: z.literal('embedded') }).strict();

export const storesSchema = z
  .object({
    resultSets: z
      .union([
        embedded,
        z
          .object({
            ...redisFields,
            /** A set larger than this (compressed bytes) stays on the instance that made it. */
            maxBytesPerSet: z.number().int().positive().default(2_000_000),
          })
          .strict()
          .refine(oneUrl, oneUrlMessage),
      ])
      .default({ kind: 'embedded' }),
    /** Per-library rate limits and connection caps (iPac politeness). */
    limits: z.union([embedded, z.object(redisFields).strict().refine(oneUrl, oneUrlMessage)]).default({ kind: 'embedded' }),
    health: z.union([embedded, z.object(redisFields).strict().refine(oneUrl, oneUrlMessage)]).default({ kind: 'embedded' }),
    ill: z
      .union([
        z.object({ kind: z.literal('sqlite') }).strict(),
        z
          .object({ kind: z.literal('postgres'), url: urlWithScheme(POSTGRES).optional(), urlEnv: envName.optional(), poolSize: z.number().int().min(2).max(100).default(10) })
          .strict()
          .refine(oneUrl, oneUrlMessage),
      ])
      .default({ kind: 'sqlite' }),
  })
  .strict();

export type StoresSettings = z.infer<typeof storesSchema>;

/** The URL itself, from the file or the named environment variable; errors name the field. */
export function resolveUrl(store: { url?: string | undefined; urlEnv?: string | undefined }, field: string, env: Record<string, string | undefined>, schemes: readonly string[]): string {
  if (store.url !== undefined) return store.url;
  const name = store.urlEnv as string;
  const value = env[name];
  if (!value) throw new StoreStartError(`${field}Env: environment variable ${name} is not set`);
  let ok: boolean;
  try {
    ok = schemes.includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new StoreStartError(`${field}Env: ${name} does not hold a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  return value;
}

export const REDIS_SCHEMES = REDIS;
export const POSTGRES_SCHEMES = POSTGRES;
