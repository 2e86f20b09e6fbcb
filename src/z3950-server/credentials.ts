/**
 * Who may open a session. The front end asks only this small interface; the configured check
 * is the JSON API's librarian API keys (gateway.auth.apiKeys): idPass userId = the key's name,
 * password = the key.
 */
import { matchApiKey, readApiKeys } from '../auth/api-keys.ts';
import type { AuthSettings } from '../auth/schema.ts';

export interface CredentialCheck {
  /** False: every client may search (no Init authentication asked). */
  readonly required: boolean;
  verify(userId: string, password: string): boolean;
}

export const OPEN_ACCESS: CredentialCheck = { required: false, verify: () => true };

/** Throws naming the field when librarian keys are asked for but none are configured. */
export function librarianKeyCredentials(mode: 'none' | 'librarian-keys', auth: AuthSettings | undefined, env: Record<string, string | undefined>): CredentialCheck {
  if (mode === 'none') return OPEN_ACCESS;
  if (!auth || auth.apiKeys.length === 0) throw new Error('gateway.z3950.auth: "librarian-keys" needs gateway.auth.apiKeys');
  const keys = readApiKeys(auth.apiKeys, env);
  return { required: true, verify: (userId, password) => matchApiKey(keys, password) === userId };
}
