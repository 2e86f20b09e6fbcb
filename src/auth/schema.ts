/**
 * `gateway.auth`: who may sign in, and how. Absent = nobody signs in (search, SRU and the UI
 * pages stay public; drafts answer 401). Readers come through the campus SSO — a trusted
 * reverse proxy's header (CAS, Shibboleth, an OIDC proxy) or an OIDC ID token — and librarians
 * are readers whose groups include one of `librarianGroups`; scripts use named API keys.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const text = z.string().trim().min(1);

/** `10.0.0.0/8`, `127.0.0.1`, `::1/128`. */
const cidrSchema = text.refine((value) => {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}, 'an IP address or CIDR range such as 10.0.0.0/8');

const headerName = text.regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name').transform((h) => h.toLowerCase());

export const authSchema = z
  .object({
    /** A reverse proxy that signs readers in and passes the user (and groups) in headers. */
    proxy: z
      .object({
        /** Addresses the proxy connects from; the header from anywhere else is refused as forged. */
        trustedProxies: z.array(cidrSchema).min(1),
        userHeader: headerName.default('x-remote-user'),
        /** Groups, separated by `;` (Shibboleth) or `,`. */
        groupsHeader: headerName.default('x-remote-groups'),
      })
      .strict()
      .optional(),
    /** OIDC ID tokens sent as `Authorization: Bearer …`, verified against the issuer's keys. */
    oidc: z
      .object({
        issuer: z.url(),
        /** The client id the token must be issued to (`aud`). */
        audience: text,
        /** Default: `jwks_uri` from the issuer's /.well-known/openid-configuration. */
        jwksUrl: z.url().optional(),
        /** The claim listing the user's groups or roles. */
        groupsClaim: text.default('groups'),
        clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
      })
      .strict()
      .optional(),
    /** A reader whose groups include one of these is a librarian. */
    librarianGroups: z.array(text).min(1).default(['librarian']),
    /** Named keys for scripts (librarian role), sent as `X-API-Key`; the key itself lives in the named environment variable. */
    apiKeys: z
      .array(z.object({ name: text.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-"'), env: text.regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') }).strict())
      .default([]),
  })
  .strict()
  .refine((auth) => auth.proxy !== undefined || auth.oidc !== undefined || auth.apiKeys.length > 0, {
    message: 'sign-in needs proxy.trustedProxies (a reverse proxy), oidc.issuer (ID tokens) or apiKeys',
    path: ['proxy', 'trustedProxies'],
  });
export type AuthSettings = z.infer<typeof authSchema>;
