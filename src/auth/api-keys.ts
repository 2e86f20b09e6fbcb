/**
 * Named API keys for scripts (librarian role), sent as `X-API-Key`. The config names an
 * environment variable per key; at start-up each key is read once and only its SHA-256 is kept.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AuthSettings } from './schema.ts';
import { AuthProblem, type Principal } from './principal.ts';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class ApiKeyConfigError extends Error {}

export function apiKeyAuthenticator(keys: AuthSettings['apiKeys'], env: Record<string, string | undefined>): (req: Request) => Principal | undefined {
  const hashed = keys.map((key, index) => {
    const value = env[key.env];
    if (!value || value.length < 24) throw new ApiKeyConfigError(`gateway.auth.apiKeys[${index}].env: environment variable ${key.env} is not set or shorter than 24 characters`);
    return { name: key.name, hash: sha256(value) };
  });
  return (req) => {
    const header = req.headers['x-api-key'];
    if (header === undefined) return undefined;
    const presented = sha256(Array.isArray(header) ? (header[0] ?? '') : header);
    // Compare against every key so the time taken does not say which one came close.
    let match: string | undefined;
    for (const key of hashed) if (timingSafeEqual(key.hash, presented)) match = key.name;
    if (match === undefined) throw new AuthProblem(401, 'unknown API key');
    return { id: `apikey:${match}`, roles: new Set(['reader', 'librarian']), via: 'api-key' };
  };
}
