/**
 * The sign-in middleware: asks each configured method in turn (API key, ID token, proxy
 * header), puts the principal on `res.locals`, and answers 401 problem+json for credentials
 * that are present but wrong (forged, expired, wrong audience) — on every route, so a client
 * learns at once that its credentials are bad. No credentials at all is simply anonymous.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { apiKeyAuthenticator } from './api-keys.ts';
import { oidcAuthenticator } from './oidc.ts';
import type { Principal } from './principal.ts';
import { proxyAuthenticator } from './proxy.ts';
import type { AuthSettings } from './schema.ts';

/** Reads only what node:http gives (headers, socket, url), so it can run before the Express app (fast-refusal.ts). */
export type Authenticator = (req: IncomingMessage) => Principal | undefined | Promise<Principal | undefined>;

export function configuredAuthenticator(settings: AuthSettings | undefined, env: Record<string, string | undefined>): Authenticator {
  if (!settings) return () => undefined;
  const methods: Authenticator[] = [];
  if (settings.apiKeys.length > 0) methods.push(apiKeyAuthenticator(settings.apiKeys, env));
  if (settings.oidc) methods.push(oidcAuthenticator(settings.oidc, settings.librarianGroups));
  if (settings.proxy) methods.push(proxyAuthenticator(settings.proxy, settings.librarianGroups));
  return async (req) => {
    for (const method of methods) {
      const principal = await method(req);
      if (principal) return principal;
    }
    return undefined;
  };
}

export function signInMiddleware(authenticate: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => authenticate(req))
      .then((principal) => {
        if (principal) (res.locals as { principal?: Principal }).principal = principal;
        next();
      }, next);
  };
}
