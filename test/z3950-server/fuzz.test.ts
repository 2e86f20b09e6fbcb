/**
 * Fuzzing the front end with mutated PDUs seeded from the codec's captured fixtures (yaz-client
 * ⇄ yaz-ztest traffic) plus Scan/Sort requests: 100k mutations through sessions in process (a
 * session takes mutated PDUs until it closes, so stream concatenation is fuzzed too), then 500
 * over real sockets while another session keeps searching. Every PDU must be answered or end
 * its session — never throw, never hang — and every byte sent must be whole BER.
 * Seeded, so a failure replays.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterDescriptor, AdapterRegistry } from '../../src/adapter-api/contract.ts';
import { gatewaySchema, type GatewayConfig } from '../../src/config/schema.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import { silentLogger } from '../../src/logging.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { loadCatalogue } from '../../src/simulation/catalogue.ts';
import { OPEN_ACCESS } from '../../src/z3950-server/credentials.ts';
import { startZ3950FrontEnd, type Z3950FrontEnd } from '../../src/z3950-server/server.ts';
import { frontEndService, type FrontEndService } from '../../src/z3950-server/service.ts';
import { FrontEndSession } from '../../src/z3950-server/session.ts';
import { decodeBer } from '../../src/z3950/ber-reader.ts';
import { ctxCons, ctxPrim, integerContent, sequence, tlv, universalOid } from '../../src/z3950/ber-writer.ts';
import { encodeScanRequest } from '../../src/z3950/apdu/scan.ts';
import { OID } from '../../src/z3950/oids.ts';
import { PduFramer } from '../../src/z3950/pdu-framer.ts';
import { testLibrary } from '../helpers/libraries.ts';
import { CASES, loadCase } from '../z3950/support/fixtures.ts';
import { RawClient, titleSearch } from './support/raw-client.ts';

const IN_PROCESS = 100_000;
const OVER_SOCKETS = 500;

/** xorshift32: small, fast and replayable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function sortRequest(): Buffer {
  const attrs = tlv('context', true, 44, [sequence(ctxPrim(120, integerContent(1)), ctxPrim(121, integerContent(4)))]);
  const key = sequence(ctxCons(1, tlv('context', true, 2, [universalOid(OID.BIB1_ATTRIBUTES), attrs])), ctxPrim(1, integerContent(0)), ctxPrim(2, integerContent(0)));
  return tlv('context', true, 43, [tlv('context', true, 3, [Buffer.from('\x1b\x07default', 'latin1')]), ctxPrim(4, Buffer.from('sorted')), tlv('context', true, 5, [key])]);
}

const fixtures = CASES.flatMap((name) => loadCase(name));
const initSeed = fixtures.find((a) => a.dir === 'c2s' && a.bytes[0] === 0xb4)!.bytes;
const seeds: Buffer[] = [...fixtures.map((a) => a.bytes), encodeScanRequest(['Default'], 'china', 5), sortRequest(), titleSearch('china')];

function mutate(random: () => number): Buffer {
  const pick = (n: number) => Math.floor(random() * n);
  let bytes = Buffer.from(seeds[pick(seeds.length)]!);
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    const at = pick(Math.max(1, bytes.length));
    switch (pick(7)) {
      case 0:
        bytes[at] = bytes[at]! ^ (1 << pick(8));
        break;
      case 1:
        bytes[at] = pick(256);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([pick(256)]), bytes.subarray(at)]);
        break;
      case 3:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
        break;
      case 4:
        bytes = bytes.subarray(0, at);
        break;
      case 5:
        // A length-like octet: long forms, indefinite, the reserved 0xFF.
        bytes[at] = [0x80, 0x81, 0x82, 0x84, 0x86, 0xff, 0x7f, 0x00][pick(8)]!;
        break;
      default: {
        const other = seeds[pick(seeds.length)]!;
        const from = pick(other.length);
        bytes = Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + 1 + pick(40))]);
      }
    }
  }
  return bytes;
}

/** The parts of net.Socket a session uses, recording what it sends. */
class FakeSocket extends EventEmitter {
  destroyed = false;
  ended = false;
  readonly framer = new PduFramer(1 << 24);
  sent = 0;
  setNoDelay(): this {
    return this;
  }
  write(bytes: Buffer): boolean {
    // Every response must be whole, well-formed BER.
    for (const pdu of this.framer.push(bytes)) {
      decodeBer(pdu);
      this.sent += 1;
    }
    return true;
  }
  end(): this {
    this.ended = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
}

function memoryRegistry(): AdapterRegistry {
  const library = testLibrary('mem');
  const records = loadCatalogue()
    .slice(0, 6)
    .map((marc) => toBibRecord(marc, { library }));
  const descriptor: AdapterDescriptor<unknown> = {
    kind: 'memory',
    settingsSchema: gatewaySchema.pick({}) as never,
    create: () => ({ search: async () => ({ hits: records.length, records, diagnostics: [] }), close: async () => undefined }),
  };
  return new Map([['memory', descriptor]]) as AdapterRegistry;
}

describe('fuzzing the Z39.50 front end', () => {
  let gateway: Gateway;
  let service: FrontEndService;
  let frontEnd: Z3950FrontEnd;
  const settings = { port: 0, host: '127.0.0.1', maxPduBytes: 65536, maxSessions: 500, maxResultSetsPerSession: 4, sessionsPerIpPerMinute: 100_000, idleTimeoutSeconds: 30, maxPresentRecords: 20, auth: 'none' as const };

  beforeAll(async () => {
    const config: GatewayConfig = { file: 'fuzz', gateway: gatewaySchema.parse({ deadlineMs: 2000 }), libraries: [testLibrary('mem', { adapter: 'memory' })] };
    gateway = new Gateway(config, { registry: memoryRegistry(), logger: silentLogger() });
    service = frontEndService(gateway, settings, OPEN_ACCESS);
    frontEnd = await startZ3950FrontEnd(gateway, settings, { credentials: OPEN_ACCESS });
  });

  afterAll(async () => {
    await frontEnd?.close();
    await gateway?.close();
  });

  it(`${IN_PROCESS} mutated PDUs through in-process sessions: answered or session ended, no throw, no hang`, async () => {
    const random = rng(0x5eed17);
    let sessions = 0;
    let answers = 0;
    let socket = new FakeSocket();
    let session = new FrontEndSession(socket as unknown as Socket, service);
    const fresh = async (): Promise<void> => {
      session.close('finished');
      socket = new FakeSocket();
      session = new FrontEndSession(socket as unknown as Socket, service);
      socket.emit('data', initSeed);
      await session.settled();
      sessions += 1;
    };
    await fresh();
    for (let i = 0; i < IN_PROCESS; i++) {
      const before = socket.sent;
      socket.emit('data', mutate(random));
      await session.settled();
      answers += socket.sent - before;
      if (socket.ended || socket.destroyed) await fresh();
    }
    // Many mutations are fatal to their session, many others are answered (diagnostics included).
    expect(sessions).toBeGreaterThan(IN_PROCESS / 10);
    expect(answers).toBeGreaterThan(IN_PROCESS / 10);
  }, 120_000);

  it(`${OVER_SOCKETS} mutated PDUs over real sockets while another session keeps being served`, async () => {
    const random = rng(0xbad5eed);
    const healthy = await RawClient.open(frontEnd.port);
    expect((await healthy.init())?.type).toBe('initResponse');
    const batch = 50;
    for (let done = 0; done < OVER_SOCKETS; done += batch) {
      const clients = await Promise.all(Array.from({ length: batch }, () => RawClient.open(frontEnd.port)));
      await Promise.all(
        clients.map(async (c) => {
          await c.init();
          c.send(mutate(random));
          // A client that sent half a PDU gets no answer; it gives up the way a real one would.
          const reply = await Promise.race([c.next(), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 100))]);
          expect(reply === 'waiting' || reply === undefined || typeof reply.type === 'string').toBe(true);
          c.close();
        }),
      );
      const answer = await healthy.request(titleSearch(`china ${done}`));
      expect(answer?.type === 'searchResponse' && answer.pdu.searchStatus).toBe(true);
    }
    healthy.close();
  }, 120_000);
});
