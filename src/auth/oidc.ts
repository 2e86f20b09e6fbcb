/**
 * Sign-in by OIDC ID token (`Authorization: Bearer <jwt>`), verified with jose against the
 * issuer's published keys: signature, issuer, audience, expiry. The key set is fetched on first
 * use and cached by jose (refetched when a token names an unknown key).
 */
import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload } from 'jose';
import type { IncomingMessage } from 'node:http';
import { request } from 'undici';
import type { AuthSettings } from './schema.ts';
import { AuthProblem, type Principal } from './principal.ts';
import { rolesFor } from './proxy.ts';

type OidcSettings = NonNullable<AuthSettings['oidc']>;

const TIMEOUT_MS = 5000;

async function discoverJwksUrl(issuer: string): Promise<URL> {
  const url = new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`);
  const res = await request(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`OIDC discovery ${url.href}: HTTP ${res.statusCode}`);
  }
  const body = (await res.body.json()) as { jwks_uri?: unknown };
  if (typeof body.jwks_uri !== 'string') throw new Error(`OIDC discovery ${url.href}: no jwks_uri`);
  return new URL(body.jwks_uri);
}

function groupsOf(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(/[\s,;]+/u).filter(Boolean) : [];
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/iu.exec(header);
  if (!match?.[1]) throw new AuthProblem(401, 'the Authorization header must be "Bearer <ID token>"');
  return match[1];
}

export function oidcAuthenticator(settings: OidcSettings, librarianGroups: readonly string[]): (req: IncomingMessage) => Promise<Principal | undefined> {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    keys ??= createRemoteJWKSet(settings.jwksUrl ? new URL(settings.jwksUrl) : await discoverJwksUrl(settings.issuer), { timeoutDuration: TIMEOUT_MS });
    return keys;
  };
  return async (req) => {
    const token = bearerToken(req);
    if (token === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, await keySet(), { issuer: settings.issuer, audience: settings.audience, clockTolerance: settings.clockToleranceSeconds });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthProblem(401, 'the ID token has no subject');
      return { id: payload.sub, roles: rolesFor(groupsOf(payload, settings.groupsClaim), librarianGroups), via: 'oidc' };
    } catch (error) {
      if (error instanceof AuthProblem) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthProblem(401, 'the ID token has expired: sign in again');
      if (error instanceof errors.JWTClaimValidationFailed) throw new AuthProblem(401, `the ID token was not issued for this gateway (${error.claim})`);
      if (error instanceof errors.JOSEError) throw new AuthProblem(401, 'the ID token could not be verified');
      throw error;
    }
  };
}
