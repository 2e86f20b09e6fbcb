/**
 * Schema pieces shared by adapters' settings: timeouts, record limits,
 * charsets and credentials by reference (never a secret in a config file).
 */
import { z } from 'zod';

export const timeoutsSchema = z
  .object({
    connectMs: z.number().int().positive().default(3000),
    /** One request/response round (HTTP headers+body, or one Z39.50 APDU exchange). */
    requestMs: z.number().int().positive().default(6000),
  })
  .strict();

export const DEFAULT_TIMEOUTS = { connectMs: 3000, requestMs: 6000 } as const;

/** WHATWG encoding labels we accept for targets (decoded by TextDecoder, encoded by iconv-lite). */
const CHARSETS = ['utf-8', 'gbk', 'gb18030', 'gb2312', 'big5', 'shift_jis', 'euc-jp', 'iso-2022-jp', 'marc-8', 'iso-8859-1'] as const;
export const charsetSchema = z.enum(CHARSETS);
export type Charset = z.infer<typeof charsetSchema>;

/**
 * The two directions apart, for servers that read terms in one charset and send records in
 * another (UTF-8 terms, GBK or MARC-8 records); each defaults to the library's `charset`.
 */
export const directionalCharsetFields = {
  queryCharset: charsetSchema.optional(),
  recordCharset: charsetSchema.optional(),
};

/** Credentials name environment variables; the loader resolves them at start. */
export const credentialsSchema = z
  .object({
    userEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name'),
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
  })
  .strict();
export type CredentialsRef = z.infer<typeof credentialsSchema>;

export function resolveCredentials(
  ref: CredentialsRef | undefined,
  env: Record<string, string | undefined>,
): { user: string; password?: string } | undefined {
  if (!ref) return undefined;
  const user = env[ref.userEnv];
  if (user === undefined) return undefined;
  const password = ref.passwordEnv ? env[ref.passwordEnv] : undefined;
  return password === undefined ? { user } : { user, password };
}

/** ISBN queries: send both the ISBN-10 and ISBN-13 forms (targets index ISBNs as catalogued), or as given. */
export const isbnFormsSchema = z.enum(['both', 'as-given']).default('both');
