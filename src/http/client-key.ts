/**
 * Who is asking, for per-client fairness (admission control): the signed-in principal when there
 * is one (an API key's owner, an SSO user), else the client's IP address, so a
 * portal behind one address and a reader in the UI are told apart by who they are.
 */
export interface ClientOrigin {
  ip?: string | undefined;
  socket?: { remoteAddress?: string | undefined };
}

export function clientKey(req: ClientOrigin, principal?: string): string {
  if (principal) return `principal:${principal}`;
  return `ip:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
}
