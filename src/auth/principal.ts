/**
 * Who is asking: anonymous (public), a reader (their own drafts) or a librarian (everything).
 * The sign-in middleware puts the principal on `res.locals`; handlers ask through these guards.
 * A reader reaching another reader's draft gets the same 404 as a missing one.
 */
import type { Response } from 'express';
import { ProblemError } from '../http/problem.ts';

export type Role = 'reader' | 'librarian';

export interface Principal {
  /** Stable subject: the SSO user id, `apikey:<name>`, or the demo's users. Never logged. */
  id: string;
  roles: ReadonlySet<Role>;
  via: 'proxy' | 'oidc' | 'api-key' | 'demo' | 'test';
}

export function principalOf(res: Response): Principal | undefined {
  return (res.locals as { principal?: Principal }).principal;
}

export function isLibrarian(principal: Principal | undefined): boolean {
  return principal?.roles.has('librarian') ?? false;
}

export class AuthProblem extends ProblemError {
  constructor(status: 401 | 403, detail: string) {
    super(status, status === 401 ? 'Sign-in required' : 'Not allowed', detail, [], status === 401 ? 'urn:balis-gateway:problem:unauthenticated' : 'urn:balis-gateway:problem:forbidden');
    this.name = 'AuthProblem';
  }
}

export function signedIn(res: Response, what: string): Principal {
  const principal = principalOf(res);
  if (!principal) throw new AuthProblem(401, `sign in to ${what}`);
  return principal;
}

export function librarian(res: Response, what: string): Principal {
  const principal = signedIn(res, what);
  if (!isLibrarian(principal)) throw new AuthProblem(403, `only librarians may ${what}`);
  return principal;
}

/** Whether the principal may see a draft owned by `owner` (undefined: made before sign-in existed — librarians only). */
export function mayAccess(principal: Principal, owner: string | undefined): boolean {
  return isLibrarian(principal) || (owner !== undefined && owner === principal.id);
}
