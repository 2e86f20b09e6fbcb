/**
 * Sign-in and roles on the production path (startGateway with `gateway.auth`, no demo sign-in):
 * every route × anonymous / reader / other reader / librarian (proxy group, ID-token group, API
 * key); a proxy header from outside the trusted range, an expired token and a token for another
 * audience are 401 problem+json; another reader's draft is 404. The issuer is a real HTTP
 * server on loopback publishing a JWKS made with jose.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry, illSubmission } from '../../adapters/index.ts';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/logging.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { inMemoryUiAssets } from '../../src/ui/bundle.ts';
import { tempDataDir } from '../helpers/temp-data.ts';
import { startSruLibraries, type LibraryPeers } from './sru-libraries.ts';

const API_KEY = 'k3y-for-the-nightly-report-script-0001';
const AUDIENCE = 'balis-gateway';

interface Issuer {
  url: string;
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string | number; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

async function startIssuer(): Promise<Issuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  let base = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    if (req.url === '/jwks') return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(base)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Who = 'anonymous' | 'reader' | 'other' | 'librarian' | 'token-librarian' | 'api-key';

describe('sign-in and roles', () => {
  let peers: LibraryPeers;
  let issuer: Issuer;
  let gw: RunningGateway;
  let readerToken: string;
  let librarianToken: string;
  /** A request from 127.0.0.2: loopback, but outside the trusted proxy range (127.0.0.1/32). */
  function fromOutside(path: string, h: Record<string, string>): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${gw.url}${path}`, { localAddress: '127.0.0.2', headers: h }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  const headers: Record<Who, () => Record<string, string>> = {
    anonymous: () => ({}),
    reader: () => ({ 'x-remote-user': 'reader-a@pku.edu.cn', 'x-remote-groups': 'students;pku' }),
    other: () => ({ authorization: `Bearer ${readerToken}` }),
    librarian: () => ({ 'x-remote-user': 'li.lan@pku.edu.cn', 'x-remote-groups': 'staff;ill-librarians' }),
    'token-librarian': () => ({ authorization: `Bearer ${librarianToken}` }),
    'api-key': () => ({ 'x-api-key': API_KEY }),
  };

  async function call(who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; type: string; json: Record<string, unknown> | undefined; headers: Record<string, unknown> }> {
    const res = await request(`${gw.url}${path}`, {
      method: method as 'GET',
      headers: { ...headers[who](), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    const text = await res.body.text();
    return { status: res.statusCode, type, json: type.includes('json') && text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: res.headers };
  }

  let resultSetId: string;
  let clusterId: string;
  // One reader drafts the same work in several tests here: duplicates confirmed (their check: test/ill/duplicates.test.ts).
  const draftFor = (extra: Record<string, unknown> = {}) => ({
    resultSetId,
    clusterId,
    lender: 'pku',
    reader: { readerBarcode: '2024010123', readerName: '张三', recipientName: '张三', email: 'zhangsan@example.edu.cn' },
    confirmDuplicate: true,
    ...extra,
  });

  beforeAll(async () => {
    peers = await startSruLibraries(['pku', 'thu']);
    issuer = await startIssuer();
    readerToken = await issuer.sign({ sub: 'reader-b', groups: ['students'] });
    librarianToken = await issuer.sign({ sub: 'librarian-2', groups: ['ill-librarians'] });
    const config = parseConfig(
      {
        gateway: {
          port: 0,
          deadlineMs: 5000,
          ill: { dataDir: tempDataDir(), balis: { url: peers.balisUrl } },
          auth: {
            proxy: { trustedProxies: ['127.0.0.1/32'] },
            oidc: { issuer: issuer.url, audience: AUDIENCE },
            librarianGroups: ['ill-librarians'],
            apiKeys: [{ name: 'nightly-report', env: 'GATEWAY_TEST_API_KEY' }],
          },
        },
        libraries: peers.libraries,
      },
      'auth-test',
      adapterRegistry,
    );
    gw = await startGateway({ config, registry: adapterRegistry, illSubmission, logger: silentLogger(), ui: inMemoryUiAssets(), env: { GATEWAY_TEST_API_KEY: API_KEY } });
    const search = await call('anonymous', 'GET', `/api/search?title=${encodeURIComponent('The Cambridge History of China')}&limit=50`);
    resultSetId = String(search.json?.resultSetId);
    const clusters = search.json?.clusters as { id: string; holdings: { library: string; eligible: boolean }[] }[];
    clusterId = clusters.find((c) => c.holdings.some((h) => h.library === 'pku' && h.eligible))!.id;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await issuer?.close();
    await peers?.close();
  });

  it('keeps search, SRU, the pages and liveness public', async () => {
    for (const path of ['/api/search?title=China', `/api/results/${resultSetId}`, '/api/libraries', '/sru?version=1.2&operation=explain', '/', '/librarian', '/healthz']) {
      for (const who of ['anonymous', 'reader', 'librarian'] as const) expect((await call(who, 'GET', path)).status, `${who} ${path}`).toBe(200);
    }
    const stream = await call('anonymous', 'GET', '/api/search/stream?title=China');
    expect(stream.status).toBe(200);
  });

  it('answers 401 problem+json to anonymous draft routes, all=1, DELETE …/reader and overrides', async () => {
    const mine = await call('reader', 'POST', '/api/ill/drafts', draftFor());
    expect(mine.status).toBe(201);
    const id = String(mine.json?.id);
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/ill/drafts', draftFor()],
      ['POST', '/api/ill/drafts', draftFor({ override: { librarian: true, reason: '馆长特批' } })],
      ['GET', '/api/ill/drafts'],
      ['GET', '/api/ill/drafts?all=1'],
      ['GET', '/api/ill/drafts?readerBarcode=2024010123'],
      ['GET', `/api/ill/drafts/${id}`],
      ['GET', `/api/ill/drafts/${id}/iso18626`],
      ['GET', `/api/ill/drafts/${id}/print`],
      ['POST', `/api/ill/drafts/${id}/submit`],
      ['DELETE', `/api/ill/drafts/${id}/reader`],
    ];
    for (const [method, path, body] of routes) {
      const res = await call('anonymous', method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.type).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.json).toMatchObject({ status: 401, title: 'Sign-in required' });
    }
  });

  it("lets a reader see, submit and wipe only their own drafts; another reader's is 404", async () => {
    const created = await call('reader', 'POST', '/api/ill/drafts', draftFor());
    expect(created.status).toBe(201);
    const id = String(created.json?.id);
    expect(created.json?.owner).toBe('reader-a@pku.edu.cn');
    for (const suffix of ['', '/iso18626', '/print']) {
      expect((await call('reader', 'GET', `/api/ill/drafts/${id}${suffix}`)).status).toBe(200);
      const other = await call('other', 'GET', `/api/ill/drafts/${id}${suffix}`);
      expect(other.status).toBe(404);
      expect(other.json).toMatchObject({ status: 404, title: 'Draft not found' });
    }
    expect((await call('other', 'POST', `/api/ill/drafts/${id}/submit`)).status).toBe(404);
    expect((await call('other', 'DELETE', `/api/ill/drafts/${id}/reader`)).status).toBe(404);
    const list = await call('reader', 'GET', '/api/ill/drafts');
    expect((list.json?.drafts as { owner: string }[]).every((d) => d.owner === 'reader-a@pku.edu.cn')).toBe(true);
    const otherList = await call('other', 'GET', '/api/ill/drafts');
    expect((otherList.json?.drafts as { id: string }[]).map((d) => d.id)).not.toContain(id);
    expect((await call('reader', 'GET', '/api/ill/drafts?all=1')).status).toBe(403);
    expect((await call('reader', 'POST', '/api/ill/drafts', draftFor({ override: { librarian: true, reason: 'x' } }))).status).toBe(403);
    const submitted = await call('reader', 'POST', `/api/ill/drafts/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect((submitted.json?.draft as { submission: { requestNumber: string } }).submission.requestNumber).toMatch(/^ST\d{8}$/);
    expect((await call('reader', 'DELETE', `/api/ill/drafts/${id}/reader`)).status).toBe(200);
    // The ID-token reader's own draft works the same way.
    const theirs = await call('other', 'POST', '/api/ill/drafts', draftFor());
    expect(theirs.json?.owner).toBe('reader-b');
    expect((await call('reader', 'GET', `/api/ill/drafts/${String(theirs.json?.id)}`)).status).toBe(404);
  });

  it('gives librarians (proxy group, ID-token group, API key) every draft, overrides and member health', async () => {
    const created = await call('reader', 'POST', '/api/ill/drafts', draftFor());
    const id = String(created.json?.id);
    for (const who of ['librarian', 'token-librarian', 'api-key'] as const) {
      const all = await call(who, 'GET', '/api/ill/drafts?all=1');
      expect(all.status, who).toBe(200);
      expect((all.json?.drafts as { id: string }[]).map((d) => d.id)).toContain(id);
      expect((await call(who, 'GET', '/api/ill/drafts?readerBarcode=2024010123')).status).toBe(200);
      expect((await call(who, 'GET', `/api/ill/drafts/${id}`)).status).toBe(200);
      const override = await call(who, 'POST', '/api/ill/drafts', draftFor({ override: { librarian: true, reason: '馆长特批' } }));
      expect(override.status, who).toBe(201);
      const libraries = await call(who, 'GET', '/api/libraries');
      expect((libraries.json?.libraries as { health?: unknown }[])[0]?.health).toBeDefined();
    }
    expect((await call('librarian', 'DELETE', `/api/ill/drafts/${id}/reader`)).status).toBe(200);
    const asReader = await call('reader', 'GET', '/api/libraries');
    expect((asReader.json?.libraries as { health?: unknown }[])[0]?.health).toBeUndefined();
  });

  it('refuses a proxy header from outside the trusted range as forged (401)', async () => {
    const res = await fromOutside('/api/ill/drafts?all=1', headers.librarian());
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect((JSON.parse(res.body) as { detail: string }).detail).toContain('only accepted from the sign-in proxy');
    // The same request without the header is simply anonymous; from the proxy's address it is the librarian.
    expect((await fromOutside('/api/search?title=China', {})).status).toBe(200);
    expect((await call('librarian', 'GET', '/api/ill/drafts?all=1')).status).toBe(200);
  });

  it('refuses an expired token, a token for another audience, a bad signature and an unknown API key (401)', async () => {
    const expired = await issuer.sign({ sub: 'reader-b' }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    const wrongAudience = await issuer.sign({ sub: 'reader-b' }, { audience: 'another-app' });
    const tampered = `${readerToken.slice(0, -4)}AAAA`;
    const cases: [Record<string, string>, RegExp][] = [
      [{ authorization: `Bearer ${expired}` }, /expired/],
      [{ authorization: `Bearer ${wrongAudience}` }, /not issued for this gateway \(aud\)/],
      [{ authorization: `Bearer ${tampered}` }, /could not be verified/],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, /Bearer/],
      [{ 'x-api-key': 'not-the-key' }, /unknown API key/],
    ];
    for (const [h, detail] of cases) {
      const res = await request(`${gw.url}/api/ill/drafts?all=1`, { headers: h });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(((await res.body.json()) as { detail: string }).detail).toMatch(detail);
    }
  });

  it('stops start-up when sign-in is enabled without an issuer or a proxy range, naming the field', () => {
    const base = { libraries: peers.libraries };
    const problems = (auth: unknown) => {
      try {
        parseConfig({ ...base, gateway: { auth } }, 'gateway.json', adapterRegistry);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ oidc: { audience: AUDIENCE } })).toEqual([expect.stringMatching(/^gateway\.auth\.oidc\.issuer: /)]);
    expect(problems({ proxy: {} })).toEqual([expect.stringMatching(/^gateway\.auth\.proxy\.trustedProxies: /)]);
    expect(problems({ proxy: { trustedProxies: ['10.0.0.0/33'] } })).toEqual([expect.stringMatching(/^gateway\.auth\.proxy\.trustedProxies\[0\]: /)]);
    expect(problems({})).toEqual([expect.stringMatching(/^gateway\.auth\.proxy\.trustedProxies: sign-in needs/)]);
  });
});
