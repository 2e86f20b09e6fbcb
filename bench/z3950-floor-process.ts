/**
 * Child process of bench/z3950-server.ts: the cheapest Node Z39.50 front end we could write that
 * asks Zebra what the gateway asks it — a floor, not a contender. Per client session one socket
 * to Zebra; Init is forwarded byte for byte both ways; a Search becomes ONE Search to Zebra with
 * up to 10 USMARC records piggy-backed (the client's query and databases copied as raw TLVs;
 * USMARC because the gateway's library asks for it), answered with Zebra's count and no records;
 * a Present is answered from the records that came, their NamePlusRecord TLVs copied unread. No
 * query model, no MARC decoding, no merging, no timers, no AbortSignals: one BER decode per PDU
 * and the socket round trips any Node front end has. Close ends the session; anything else is
 * refused with a Close (the bench sends neither mid-run). Messages as bench/gateway-process.ts:
 * 'cpu' → { cpu, mainThreadMs }; 'close' → exits. Sends { z3950Port } once listening.
 * argv: Zebra's host and port.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { decodeBer, findContext, readOctets, readSmallInteger } from '../src/z3950/ber-reader.ts';
import type { BerElement } from '../src/z3950/ber-types.ts';
import { booleanContent, ctxCons, ctxPrim, integerContent, oidContent, tlv } from '../src/z3950/ber-writer.ts';
import { OID } from '../src/z3950/oids.ts';
import { encodeClose } from '../src/z3950/apdu/close.ts';
import { encodeSearchResponse } from '../src/z3950/apdu/search.ts';
import { PDU_TAG } from '../src/z3950/apdu/tags.ts';
import { PduFramer } from '../src/z3950/pdu-framer.ts';
import { threadCpuMs } from './process-cpu.ts';

const [zebraHost = '127.0.0.1', zebraPort = '210'] = process.argv.slice(2);
const PIGGYBACK = 10;
/** largeSetLowerBound: no set counts as large (the gateway's adapter sends the same). */
const NEVER_LARGE = 2_000_000_000;
const MAX_PDU = 8 * 1024 * 1024;
const F = ctxCons(100, ctxPrim(0, Buffer.from('F')));
const F_MEDIUM = ctxCons(101, ctxPrim(0, Buffer.from('F')));
/** The syntax the gateway's library asks Zebra for (its recordSyntax setting), whatever the client's Search named. */
const USMARC = ctxPrim(104, oidContent(OID.USMARC));

function session(client: Socket): void {
  const zebra = connect({ host: zebraHost, port: Number(zebraPort), noDelay: true });
  client.setNoDelay(true);
  const fromClient = new PduFramer(MAX_PDU);
  const fromZebra = new PduFramer(MAX_PDU);
  /** What to do with Zebra's next PDU (the bench's client sends one request at a time). */
  let onZebra: ((pdu: Buffer) => void) | undefined;
  /** The last search's records: NamePlusRecord TLVs as Zebra sent them. */
  let records: readonly BerElement[] = [];
  const end = () => {
    client.destroy();
    zebra.destroy();
  };
  client.on('error', end).on('close', end);
  zebra.on('error', end).on('close', end);
  zebra.on('data', (chunk: Buffer) => {
    for (const pdu of fromZebra.push(chunk)) onZebra?.(pdu);
  });
  client.on('data', (chunk: Buffer) => {
    for (const bytes of fromClient.push(chunk)) {
      const pdu = decodeBer(bytes);
      switch (pdu.tag) {
        case PDU_TAG.initRequest:
          onZebra = (reply) => client.write(reply);
          zebra.write(bytes);
          break;
        case PDU_TAG.searchRequest:
          onZebra = (reply) => client.write(searchAnswered(pdu, reply));
          zebra.write(piggyBackedSearch(pdu));
          break;
        case PDU_TAG.presentRequest:
          client.write(presentAnswer(pdu));
          break;
        default:
          client.end(encodeClose({ closeReason: pdu.tag === PDU_TAG.close ? 'finished' : 'protocolError' }));
          zebra.destroy();
      }
    }
  });

  function searchAnswered(request: BerElement, reply: Buffer): Buffer {
    const response = decodeBer(reply);
    records = findContext(response, 28)?.children ?? [];
    const ref = findContext(request, 2);
    return encodeSearchResponse({
      ...(ref ? { referenceId: readOctets(ref) } : {}),
      resultCount: readSmallInteger(findContext(response, 23)!),
      numberOfRecordsReturned: 0,
      nextResultSetPosition: 1,
      searchStatus: true,
    });
  }

  function presentAnswer(request: BerElement): Buffer {
    const start = readSmallInteger(findContext(request, 30)!);
    const count = readSmallInteger(findContext(request, 29)!);
    const window = records.slice(start - 1, start - 1 + count);
    const ref = findContext(request, 2);
    return tlv('context', true, PDU_TAG.presentResponse, [
      ...(ref ? [ref.raw] : []),
      ctxPrim(24, integerContent(window.length)),
      ctxPrim(25, integerContent(start + window.length)),
      ctxPrim(27, integerContent(0)),
      ctxCons(28, ...window.map((r) => r.raw)),
    ]);
  }
}

/** The client's Search as one piggy-backed Search: its query [21], databases [18] and syntax [104] copied as they came. */
function piggyBackedSearch(request: BerElement): Buffer {
  const raw = (tag: number) => findContext(request, tag)?.raw;
  const ref = raw(2);
  return tlv('context', true, PDU_TAG.searchRequest, [
    ...(ref ? [ref] : []),
    ctxPrim(13, integerContent(PIGGYBACK)),
    ctxPrim(14, integerContent(NEVER_LARGE)),
    ctxPrim(15, integerContent(PIGGYBACK)),
    ctxPrim(16, booleanContent(true)),
    ctxPrim(17, Buffer.from('default')),
    raw(18)!,
    F,
    F_MEDIUM,
    USMARC,
    raw(21)!,
  ]);
}

const server = createServer(session);
server.listen(0, '127.0.0.1', () => process.send?.({ url: '', z3950Port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system, mainThreadMs: threadCpuMs(process.pid) });
  } else if (message === 'close') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
