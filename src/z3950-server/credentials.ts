/**
 * Who may open a session. The front end asks only this small interface, so the librarian
 * API-key store can stand behind it when it exists; today the users come from the config,
 * each password read from the environment variable it names (never from the file).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Z3950ServerSettings } from '../config/schema.ts';

export interface CredentialCheck {
  /** False: every client may search (no Init authentication asked). */
  readonly required: boolean;
  verify(userId: string, password: string): boolean;
}

export const OPEN_ACCESS: CredentialCheck = { required: false, verify: () => true };

function digest(text: string): Buffer {
  // Equal-length digests, so the comparison time says nothing about the password's length.
  return createHash('sha256').update(text, 'utf8').digest();
}

/** From gateway.z3950.auth; throws naming the field when a password variable is unset. */
export function configCredentials(auth: Z3950ServerSettings['auth'], env: Record<string, string | undefined>): CredentialCheck {
  if (!auth) return OPEN_ACCESS;
  const users = new Map<string, Buffer>();
  for (const [index, user] of auth.users.entries()) {
    const password = env[user.passwordEnv];
    if (password === undefined || password === '') {
      throw new Error(`gateway.z3950.auth.users[${index}].passwordEnv: environment variable ${user.passwordEnv} is not set`);
    }
    users.set(user.userId, digest(password));
  }
  return {
    required: true,
    verify(userId, password) {
      const expected = users.get(userId);
      const given = digest(password);
      return expected !== undefined && timingSafeEqual(expected, given);
    },
  };
}
