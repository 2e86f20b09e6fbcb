/**
 * Regenerates fixtures/z3950/<case>/ from real traffic: yaz-client talks to yaz-ztest through
 * a recording TCP proxy; each direction is cut into APDUs with our framer and saved as hex.
 * Run: npx tsx test/adapters/z3950/support/capture.ts   (needs the Debian `yaz` package)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { PduFramer } from '../../../../src/z3950/pdu-framer.ts';
import { startYazZtest } from '../../../peers/ztest.ts';

interface Case {
  name: string;
  description: string;
  database: string;
  commands: string[];
  clientArgs?: string[];
}

const CASES: Case[] = [
  { name: 'usmarc-find-12', description: 'Init, find 12, present 1 record as USMARC, Close', database: 'Default', commands: ['find 12', 'format usmarc', 'show 1', 'close'] },
  { name: 'opac-present', description: 'find 12, present 1 record as OPAC (indefinite lengths)', database: 'Default', commands: ['find 12', 'format opac', 'show 1'] },
  { name: 'diag-109', description: 'search in unknown database Nope -> non-surrogate diagnostic 109', database: 'Nope', commands: ['find 12'] },
  { name: 'present-13', description: 'present beyond the hit count -> diagnostic 13', database: 'Default', commands: ['find 3', 'format usmarc', 'show 5'] },
  { name: 'bigint-count', description: 'ISBN term makes ztest return a 44-bit resultCount', database: 'Default', commands: ['find @attr 1=7 @attr 4=2 9787115163622'] },
  { name: 'boolean-query', description: 'Boolean PQF query with several attributes', database: 'Default', commands: ['find @and @attr 1=4 @attr 4=2 computer @or @attr 1=1003 knuth @attr 1=31 @attr 2=4 @attr 4=109 1990'] },
  { name: 'idpass-auth', description: 'Init with idPass authentication', database: 'Default', commands: ['find 1'], clientArgs: ['-u', 'user1/pass1'] },
  { name: 'xml-present', description: 'present 1 record as XML', database: 'Default', commands: ['find 2', 'format xml', 'show 1'] },
  { name: 'grs1-surrogate', description: 'present as GRS-1 -> surrogate diagnostic', database: 'Default', commands: ['find 2', 'format grs-1', 'show 1'] },
];

interface Apdu {
  dir: 'c2s' | 's2c';
  hex: string;
}

async function record(c: Case, ztestPort: number, outDir: string): Promise<void> {
  const apdus: Apdu[] = [];
  const proxy = createServer((client: Socket) => {
    const upstream = connect(ztestPort, '127.0.0.1');
    const framers = { c2s: new PduFramer(1 << 26), s2c: new PduFramer(1 << 26) };
    const tap = (dir: 'c2s' | 's2c', to: Socket) => (chunk: Buffer) => {
      for (const pdu of framers[dir].push(chunk)) apdus.push({ dir, hex: pdu.toString('hex') });
      to.write(chunk);
    };
    client.on('data', tap('c2s', upstream));
    upstream.on('data', tap('s2c', client));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  mkdirSync(outDir, { recursive: true });
  const apduText = join(outDir, 'yaz-client-apdu.txt');
  rmSync(apduText, { force: true });
  const script = [`open tcp:127.0.0.1:${port}/${c.database}`, ...c.commands, 'quit', ''].join('\n');
  // Asynchronous on purpose: the proxy runs in this process's event loop.
  const client = spawn('yaz-client', ['-a', apduText, ...(c.clientArgs ?? [])], { stdio: ['pipe', 'ignore', 'inherit'] });
  client.stdin.end(script);
  const status = await new Promise<number | null>((r) => client.once('exit', r));
  if (status !== 0) throw new Error(`yaz-client failed for ${c.name} (exit ${status})`);
  await new Promise<void>((r) => proxy.close(() => r()));
  const text = readFileSync(apduText, 'utf8');
  writeFileSync(apduText, text);
  const fixture = { case: c.name, description: c.description, captured: 'yaz-client 5.34 <-> yaz-ztest 5.34 via recording proxy', database: c.database, commands: c.commands, clientArgs: c.clientArgs ?? [], apdus };
  writeFileSync(join(outDir, 'apdus.json'), JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${c.name}: ${apdus.map((a) => `${a.dir}:${a.hex.slice(0, 2)}`).join(' ')}`);
}

const root = join(import.meta.dirname, '../../../../fixtures/z3950');
const peer = await startYazZtest();
try {
  for (const c of CASES) await record(c, peer.port, join(root, c.name));
} finally {
  await peer.stop();
}
