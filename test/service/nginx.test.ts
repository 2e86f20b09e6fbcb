/**
 * deploy/nginx.conf through a real nginx (Debian's): `nginx -t` accepts it, and one search and
 * one SSE stream go through it to the gateway, the stream arriving event by event (buffering
 * off) and the proxy's request id reaching the gateway. Skipped without nginx, failed with
 * REQUIRE_PEERS=1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/logging.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { onPath, peerGate } from '../peers/availability.ts';
import { freeLoopbackPort, runTool } from '../../peers/proc.ts';
import { ROOT } from '../helpers/built-dist.ts';
import { tempDataDir, tempDir } from '../helpers/temp-data.ts';
import { startSruLibraries, type LibraryPeers } from './sru-libraries.ts';

const gate = peerGate(onPath('nginx') || onPath('/usr/sbin/nginx') ? [] : ['nginx']);
const NGINX = onPath('nginx') ? 'nginx' : '/usr/sbin/nginx';

/** The example config inside a complete nginx.conf with a private prefix, ports rewritten. */
function nginxConf(prefix: string, listen: number, upstream: number): string {
  const site = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8').replace('server 127.0.0.1:8080;', `server 127.0.0.1:${upstream};`).replace('listen 80;', `listen 127.0.0.1:${listen};`);
  return `daemon on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${site}
}
`;
}

const suite = gate.action === 'skip' ? describe.skip : describe;

suite(`deploy/nginx.conf through a real nginx${gate.action === 'skip' ? ` [skipped: ${gate.reason}]` : ''}`, () => {
  if (gate.action === 'fail') {
    it('has nginx installed', () => {
      throw new Error(gate.reason);
    });
    return;
  }
  let peers: LibraryPeers;
  let gw: RunningGateway;
  let prefix: string;
  let conf: string;
  let url: string;
  beforeAll(async () => {
    peers = await startSruLibraries(['pku', 'thu'], 300);
    const config = parseConfig({ gateway: { port: 0, ill: { dataDir: tempDataDir() } }, libraries: peers.libraries }, 'nginx-test', adapterRegistry);
    gw = await startGateway({ config, registry: adapterRegistry, logger: silentLogger() });
    prefix = tempDir('nginx-');
    for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(prefix, dir));
    const listen = await freeLoopbackPort();
    conf = join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConf(prefix, listen, Number(new URL(gw.url).port)));
    url = `http://127.0.0.1:${listen}`;
  }, 60_000);
  afterAll(async () => {
    if (conf) await runTool(NGINX, ['-s', 'quit', '-c', conf, '-p', prefix]);
    await gw?.close();
    await peers?.close();
  });

  it('passes nginx -t', async () => {
    const result = await runTool(NGINX, ['-t', '-c', conf, '-p', prefix]);
    expect(result.stderr).toContain('test is successful');
    expect(result.code).toBe(0);
  });

  it('carries a search and an SSE stream to the gateway', async () => {
    const started = await runTool(NGINX, ['-c', conf, '-p', prefix]);
    expect(started.code, started.stderr).toBe(0);
    const search = await request(`${url}/api/search?title=${encodeURIComponent('The Cambridge History of China')}`);
    expect(search.statusCode).toBe(200);
    expect(search.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    const body = (await search.body.json()) as { libraries: { state: string }[]; total: number };
    expect(body.libraries.map((l) => l.state)).toEqual(['ok', 'ok']);
    expect(body.total).toBeGreaterThan(0);

    const stream = await request(`${url}/api/search/stream?q=China`);
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const chunks: string[] = [];
    for await (const chunk of stream.body) chunks.push((chunk as Buffer).toString('utf8'));
    const text = chunks.join('');
    expect(text).toMatch(/^event: start$/m);
    expect(text).toMatch(/^event: library$/m);
    expect(text).toMatch(/^event: done$/m);
    // Unbuffered: the start event arrived in a chunk of its own, before the libraries answered.
    expect(chunks[0]).toMatch(/^event: start/);
    expect(chunks[0]).not.toContain('event: done');
  });
});
