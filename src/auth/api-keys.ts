/**
 * Named API keys for scripts (librarian role), sent as `X-API-Key`. The config names an
 * environment variable per key; at start-up each key is read once and only its SHA-256 is kept.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthSettings } from './schema.ts';
import { AuthProblem, type Principal } from './principal.ts';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

class ApiKeyConfigError extends Error {}

export interface HashedApiKey {
  name: string;
  hash: Buffer;
}

/** Reads each key once from its environment variable; only the hashes are kept. */
export function readApiKeys(keys: AuthSettings['apiKeys'], env: Record<string, string | undefined>): HashedApiKey[] {
  return keys.map((key, index) => {
    const value = env[key.env];
    if (!value || value.length < 24) throw new ApiKeyConfigError(`gateway.auth.apiKeys[${index}].env: environment variable ${key.env} is not set or shorter than 24 characters`);
    return { name: key.name, hash: sha256(value) };
  });
}

/** The name of the key `presented` is, if any (also the Z39.50 front end's Init check). */
export function matchApiKey(hashed: readonly HashedApiKey[], presented: string): string | undefined {
  const digest = sha256(presented);
  // Compare against every key so the time taken does not say which one came close.
  let match: string | undefined;
  for (const key of hashed) if (timingSafeEqual(key.hash, digest)) match = key.name;
  return match;
}

export function apiKeyAuthenticator(keys: AuthSettings['apiKeys'], env: Record<string, string | undefined>): (req: IncomingMessage) => Principal | undefined {
  const hashed = readApiKeys(keys, env);
  return (req) => {
    // `X-API-Key: <key>`, or `Authorization: Bearer <key>` for scrapers that only send that (an ID token has dots; a key has none).
    const header = req.headers['x-api-key'] ?? /^Bearer\s+([^.\s]+)$/iu.exec(req.headers.authorization ?? '')?.[1];
    if (header === undefined) return undefined;
    const match = matchApiKey(hashed, Array.isArray(header) ? (header[0] ?? '') : header);
    if (match === undefined) throw new AuthProblem(401, 'unknown API key');
    return { id: `apikey:${match}`, roles: new Set(['reader', 'librarian']), via: 'api-key' };
  };
}
