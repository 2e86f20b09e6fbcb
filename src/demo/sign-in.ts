/**
 * The demo signs its visitors in without a login page, so the two-command start shows the
 * whole flow: the librarian page (and any request it makes, or one with `X-Demo-Role:
 * librarian`) acts as the demo librarian; everything else as the demo reader.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '../auth/sign-in.ts';

const DEMO_READER = 'demo-reader';
const DEMO_LIBRARIAN = 'demo-librarian';

function fromLibrarianPage(req: IncomingMessage): boolean {
  if ((req.url ?? '').split('?')[0] === '/librarian') return true;
  const referer = req.headers.referer;
  if (!referer) return false;
  try {
    return new URL(referer).pathname === '/librarian';
  } catch {
    return false;
  }
}

export function demoSignIn(): Authenticator {
  return (req) =>
    req.headers['x-demo-role'] === 'librarian' || fromLibrarianPage(req)
      ? { id: DEMO_LIBRARIAN, roles: new Set(['reader', 'librarian']), via: 'demo' }
      : { id: DEMO_READER, roles: new Set(['reader']), via: 'demo' };
}
