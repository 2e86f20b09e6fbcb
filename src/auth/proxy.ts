/**
 * Sign-in by a trusted reverse proxy (CAS, Shibboleth, an OIDC proxy): it authenticates the
 * reader and passes the user id, and groups, in headers. Only connections from the configured
 * address ranges may set them; the header from anywhere else is a forgery and gets 401.
 */
import { BlockList, isIPv4 } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { AuthSettings } from './schema.ts';
import { AuthProblem, type Principal, type Role } from './principal.ts';

type ProxySettings = NonNullable<AuthSettings['proxy']>;

function trustedRanges(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix] = cidr.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is checked as 127.0.0.1. */
function peerAddress(req: IncomingMessage): { address: string; type: 'ipv4' | 'ipv6' } | undefined {
  const raw = req.socket.remoteAddress;
  if (!raw) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw)?.[1];
  if (mapped) return { address: mapped, type: 'ipv4' };
  return { address: raw, type: isIPv4(raw) ? 'ipv4' : 'ipv6' };
}

function splitGroups(value: string | undefined): string[] {
  return (value ?? '').split(/[;,]/u).map((g) => g.trim()).filter((g) => g !== '');
}

export function rolesFor(groups: readonly string[], librarianGroups: readonly string[]): Set<Role> {
  const roles = new Set<Role>(['reader']);
  if (groups.some((g) => librarianGroups.includes(g))) roles.add('librarian');
  return roles;
}

export function proxyAuthenticator(settings: ProxySettings, librarianGroups: readonly string[]): (req: IncomingMessage) => Principal | undefined {
  const trusted = trustedRanges(settings.trustedProxies);
  return (req) => {
    const user = req.headers[settings.userHeader];
    if (user === undefined) return undefined;
    const peer = peerAddress(req);
    if (!peer || !trusted.check(peer.address, peer.type)) throw new AuthProblem(401, `the ${settings.userHeader} header is only accepted from the sign-in proxy`);
    const id = (Array.isArray(user) ? user[0] : user)?.trim();
    if (!id || id.length > 256) throw new AuthProblem(401, `the ${settings.userHeader} header is empty or too long`);
    const groupsValue = req.headers[settings.groupsHeader];
    const groups = splitGroups(Array.isArray(groupsValue) ? groupsValue.join(';') : groupsValue);
    return { id, roles: rolesFor(groups, librarianGroups), via: 'proxy' };
  };
}
