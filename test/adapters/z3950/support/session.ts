/** Session options for tests: short timeouts, UTF-8, a loopback target. */
import { textCodec } from '../../../../src/adapter-api/text-codec.ts';
import type { SessionOptions } from '../../../../adapters/z3950/session.ts';
import { OID } from '../../../../src/z3950/oids.ts';
import type { RpnQuery } from '../../../../src/z3950/apdu/query.ts';

export function sessionOptions(port: number, timeouts: Partial<SessionOptions['timeouts']> = {}, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: '127.0.0.1',
    port,
    timeouts: { connectMs: 2000, initMs: 2000, searchMs: 3000, presentMs: 3000, ...timeouts },
    maxPduBytes: 1 << 20,
    codec: textCodec('utf-8'),
    ...extra,
  };
}

/** A bare term, the way `find <text>` sends it: yaz-ztest reads leading digits as the hit count. */
export function bareTerm(text: string): RpnQuery {
  return { attributeSet: OID.BIB1_ATTRIBUTES, rpn: { kind: 'term', attributes: [], term: Buffer.from(text), text } };
}
