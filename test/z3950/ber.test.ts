import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeBer, readBitString, readBoolean, readHeader, readInteger, readOctets, readOid, readString } from '../../src/z3950/ber-reader.ts';
import { BerError } from '../../src/z3950/ber-types.ts';
import {
  bitStringContent,
  encodeIdentifier,
  encodeLength,
  generalString,
  indefinite,
  integerContent,
  oidContent,
  sequence,
  tlv,
  tlvNode,
  universalBoolean,
  universalInteger,
  universalOid,
  visibleString,
} from '../../src/z3950/ber-writer.ts';
import { decodeExternal, encodeExternal, externalLength, type External } from '../../src/z3950/external.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('identifier and length octets', () => {
  it.each([
    ['context', true, 20, 'b4'],
    ['context', false, 5, '85'],
    ['context', true, 48, 'bf30'],
    ['context', false, 120, '9f78'],
    ['context', false, 211, '9f8153'],
    ['context', true, 201, 'bf8149'],
    ['application', false, 3, '43'],
    ['private', true, 16383, 'ffff7f'],
    ['universal', true, 16, '30'],
  ] as const)('%s %s [%i] ↔ %s', (cls, constructed, tag, bytes) => {
    expect(encodeIdentifier(cls, constructed, tag).toString('hex')).toBe(bytes);
    const header = readHeader(Buffer.concat([hex(bytes), hex('00')]), 0);
    expect(header).toEqual({ cls, constructed, tag, length: 0, headerLength: bytes.length / 2 + 1 });
  });

  it('encodes short and long definite lengths', () => {
    expect(encodeLength(5).toString('hex')).toBe('05');
    expect(encodeLength(127).toString('hex')).toBe('7f');
    expect(encodeLength(128).toString('hex')).toBe('8180');
    expect(encodeLength(366).toString('hex')).toBe('82016e');
    expect(encodeLength(0x01000000).toString('hex')).toBe('8401000000');
  });

  it('reports an incomplete header instead of guessing', () => {
    expect(readHeader(hex('bf'), 0)).toBe('incomplete');
    expect(readHeader(hex('bf81'), 0)).toBe('incomplete');
    expect(readHeader(hex('3082'), 0)).toBe('incomplete');
    expect(readHeader(hex('308201'), 0)).toBe('incomplete');
  });
});

describe('INTEGER', () => {
  const cases: [bigint | number, string][] = [
    [0, '00'],
    [127, '7f'],
    [128, '0080'],
    [256, '0100'],
    [-1, 'ff'],
    [-128, '80'],
    [-129, 'ff7f'],
    [32767, '7fff'],
    [32768, '008000'],
    [-32769, 'ff7fff'],
    [67108864, '04000000'],
    // Both sides of the 32-bit fast path.
    [2147483647, '7fffffff'],
    [2147483648, '0080000000'],
    [-2147483648, '80000000'],
    [-2147483649, 'ff7fffffff'],
    [2 ** 32 + 5, '0100000005'],
    [9787115163622, '08e6bd85cfe6'],
    [Number.MAX_SAFE_INTEGER, '1fffffffffffff'],
    [2n ** 63n, '008000000000000000'],
    [-(2n ** 70n), 'c00000000000000000'],
  ];
  it.each(cases)('%s ↔ %s', (value, content) => {
    expect(integerContent(value).toString('hex')).toBe(content);
    const decoded = readInteger(decodeBer(universalInteger(value)));
    expect(decoded).toEqual(value);
    // numbers while exact, bigints beyond 2^53
    expect(typeof decoded).toBe(typeof value);
  });

  it('rejects an empty INTEGER', () => {
    expect(() => readInteger(decodeBer(hex('0200')))).toThrow(BerError);
  });
});

describe('BOOLEAN, strings, BIT STRING', () => {
  it('reads any non-zero octet as TRUE', () => {
    expect(readBoolean(decodeBer(hex('010100')))).toBe(false);
    expect(readBoolean(decodeBer(hex('010101')))).toBe(true);
    expect(readBoolean(decodeBer(hex('0101ff')))).toBe(true);
    expect(readBoolean(decodeBer(hex('01012a')))).toBe(true);
    expect(readBoolean(decodeBer(universalBoolean(true)))).toBe(true);
    expect(() => readBoolean(decodeBer(hex('01020101')))).toThrow(BerError);
  });

  it('reads OCTET STRING primitive and constructed, Visible/GeneralString with a charset', () => {
    expect(readOctets(decodeBer(hex('0403616263'))).toString()).toBe('abc');
    expect(readOctets(decodeBer(hex('2408 0402 6162 0402 6364'))).toString()).toBe('abcd');
    expect(readString(decodeBer(visibleString('Nope')))).toBe('Nope');
    const gbk = Buffer.from('bcc6cbe3bbfa', 'hex'); // 计算机 in GBK
    const decoded = readString(decodeBer(generalString(gbk)), (b) => new TextDecoder('gbk').decode(b));
    expect(decoded).toBe('计算机');
  });

  it('reads named bits as YAZ sends them (unused = 0, trailing zeros)', () => {
    const options = readBitString(decodeBer(hex('030300e9a2')));
    expect([...options.bits]).toEqual([0, 1, 2, 4, 7, 8, 10, 14]);
    expect(bitStringContent([0, 1, 2], 8).toString('hex')).toBe('00e0');
    expect(bitStringContent([0, 1, 14], 16).toString('hex')).toBe('00c002');
    expect(() => readBitString(decodeBer(hex('030108')))).toThrow(BerError);
  });
});

describe('OBJECT IDENTIFIER', () => {
  it.each([
    ['1.2.840.10003.3.1', '2a8648ce130301'],
    ['1.2.840.10003.5.102', '2a8648ce130566'],
    ['1.2.840.10003.5.109.10', '2a8648ce13056d0a'],
    ['1.2.840.10003.15.1000.81.1', '2a8648ce130f87685101'],
    ['1.0.10646.1.0.8', '28d316010008'],
    ['2.999.3', '883703'],
    ['1.2.99999999999999999999', '2a8aebe3d7c5d698bfff7f'],
  ])('%s ↔ %s', (oid, content) => {
    expect(oidContent(oid).toString('hex')).toBe(content);
    expect(readOid(decodeBer(universalOid(oid)))).toBe(oid);
  });

  it('rejects malformed OIDs', () => {
    expect(() => readOid(decodeBer(hex('0600')))).toThrow(BerError);
    expect(() => readOid(decodeBer(hex('06022a86')))).toThrow(/ends inside an arc/);
    expect(() => readOid(decodeBer(hex('06022a80')))).toThrow(BerError);
    expect(() => oidContent('3.1')).toThrow(RangeError);
  });
});

describe('EXTERNAL', () => {
  const marc = Buffer.from('00026nam  2200025   4500\x1e\x1d', 'latin1');
  const cases: External[] = [
    { directReference: '1.2.840.10003.5.10', encoding: { kind: 'octet-aligned', bytes: marc } },
    { directReference: '1.2.840.10003.5.102', encoding: { kind: 'single-ASN1-type', element: decodeBer(sequence(universalBoolean(true))) } },
    { directReference: '1.2.840.10003.5.101', indirectReference: 7, dataValueDescriptor: 'text', encoding: { kind: 'arbitrary', unusedBits: 3, bits: hex('a0') } },
  ];
  it.each(cases.map((c) => [c.encoding.kind, c] as const))('round-trips %s', (_kind, ext) => {
    const bytes = encodeExternal(ext);
    expect(bytes[0]).toBe(0x28);
    const back = decodeExternal(decodeBer(bytes));
    expect(back.directReference).toBe(ext.directReference);
    expect(back.indirectReference).toEqual(ext.indirectReference);
    expect(back.dataValueDescriptor).toBe(ext.dataValueDescriptor);
    expect(back.encoding.kind).toBe(ext.encoding.kind);
    expect(encodeExternal(back).equals(bytes)).toBe(true);
  });

  it('knows the encoded length without encoding, short and long forms, any outer tag', () => {
    const big: External = { directReference: '1.2.840.10003.5.10', encoding: { kind: 'octet-aligned', bytes: Buffer.alloc(70_000, 0x41) } };
    for (const ext of [...cases, big]) {
      expect(externalLength(ext)).toBe(encodeExternal(ext).length);
      expect(externalLength(ext, { cls: 'context', tag: 1 })).toBe(encodeExternal(ext, { cls: 'context', tag: 1 }).length);
      expect(externalLength(ext, { cls: 'context', tag: 203 })).toBe(encodeExternal(ext, { cls: 'context', tag: 203 }).length);
    }
  });

  it('decodes an IMPLICIT-tagged EXTERNAL ([1] in OPACRecord) and the trace bytes', () => {
    const bytes = encodeExternal(cases[0]!, { cls: 'context', tag: 1 });
    expect(bytes[0]).toBe(0xa1);
    const ext = decodeExternal(decodeBer(bytes));
    expect(ext.encoding).toEqual({ kind: 'octet-aligned', bytes: marc });
    // single-ASN1-type with an explicit [0] around the OPACRecord SEQUENCE: 28 … 06 … A0 … 30 …
    const traced = decodeExternal(decodeBer(hex('280d 06072a8648ce130566 a002 3000')));
    expect(traced.directReference).toBe('1.2.840.10003.5.102');
    expect(traced.encoding.kind === 'single-ASN1-type' && traced.encoding.element.tag).toBe(16);
  });

  it('rejects an EXTERNAL without encoding or with a stray member', () => {
    expect(() => decodeExternal(decodeBer(hex('280906072a8648ce13050a')))).toThrow(/without encoding/);
    expect(() => decodeExternal(decodeBer(hex('2803 850100')))).toThrow(BerError);
  });
});

describe('constructed, explicit/implicit tagging and indefinite lengths', () => {
  it('decodes nested indefinite-length elements and keeps raw bytes', () => {
    const inner = tlv('context', false, 1, Buffer.from('u'));
    const bytes = indefinite('context', 25, [hex('980101'), indefinite('context', 28, [indefinite('universal', 16, [inner])])]);
    const el = decodeBer(bytes);
    expect(el.indefinite).toBe(true);
    expect(el.children).toHaveLength(2);
    const rec = el.children[1]!.children[0]!;
    expect(rec.indefinite).toBe(true);
    expect(rec.children[0]!.content.toString()).toBe('u');
    expect(el.raw.equals(bytes)).toBe(true);
  });

  it('TLVs nested unwritten (tlvNode) come out byte for byte as written level by level: short and long lengths, high tag numbers', () => {
    const record = Buffer.alloc(300, 0x41);
    const levelByLevel = tlv('context', true, 28, [sequence(tlv('context', false, 0, Buffer.from('db')), tlv('context', true, 1, [tlv('context', true, 1, [tlv('universal', true, 8, [universalOid('1.2.840.10003.5.10'), tlv('context', false, 1, record)])])])), tlv('private', false, 300, Buffer.from('x'))]);
    const node = tlvNode('context', true, 28, [
      tlvNode('universal', true, 16, [tlv('context', false, 0, Buffer.from('db')), tlvNode('context', true, 1, [tlvNode('context', true, 1, [tlvNode('universal', true, 8, [universalOid('1.2.840.10003.5.10'), tlvNode('context', false, 1, record)])])])]),
      tlvNode('private', false, 300, Buffer.from('x')),
    ]);
    expect(node.length).toBe(levelByLevel.length);
    const written = Buffer.alloc(node.length + 2);
    expect(node.writeTo(written, 1)).toBe(node.length + 1);
    expect(written.subarray(1, -1).equals(levelByLevel)).toBe(true);
    // The outermost tlv() writes a node given as content in place.
    expect(tlv('context', true, 28, [tlvNode('context', false, 1, record)]).equals(tlv('context', true, 28, [tlv('context', false, 1, record)]))).toBe(true);
  });

  it('gives every element its own TLV as raw and its own children, siblings and nesting alike (raw is cut on demand)', () => {
    const a = tlv('context', false, 0, Buffer.from('db'));
    const b = tlv('context', true, 1, [universalInteger(300), tlv('private', false, 300, Buffer.from('x'))]);
    const c = indefinite('context', 28, [universalBoolean(true)]);
    const bytes = sequence(a, b, c);
    const el = decodeBer(bytes);
    expect(el.raw.equals(bytes)).toBe(true);
    expect(el.children.map((child) => child.raw.toString('hex'))).toEqual([a, b, c].map((x) => x.toString('hex')));
    expect(el.children[1]!.children.map((child) => child.raw.toString('hex'))).toEqual([universalInteger(300), tlv('private', false, 300, Buffer.from('x'))].map((x) => x.toString('hex')));
    expect(el.children[2]!.children).toHaveLength(1);
    expect(el.children[0]!.children).toEqual([]);
    // A PDU that fails deep inside leaves nothing behind for the next one.
    expect(() => decodeBer(sequence(b, hex('3003020501')))).toThrow(BerError);
    const again = decodeBer(bytes);
    expect(again.children).toHaveLength(3);
    expect(again.children[1]!.children).toHaveLength(2);
  });

  it('keeps nothing of a PDU that failed part-way: its elements decoded so far hold the whole PDU', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const failed = (): WeakRef<Buffer> => {
      // 4 MB of good elements, then one whose length runs past the PDU.
      const good = Buffer.concat(Array.from({ length: 4096 }, () => tlv('context', false, 0, Buffer.alloc(1000, 0x61))));
      const pdu = sequence(good, hex('0405 0101'));
      expect(() => decodeBer(pdu)).toThrow(BerError);
      return new WeakRef(pdu);
    };
    const pdu = failed();
    // A WeakRef's target lives to the end of the job that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(pdu.deref()).toBeUndefined();
  });

  it('explicit [21] wraps the whole inner TLV; implicit [23] replaces the tag', () => {
    const explicit = decodeBer(hex('b503 020105'));
    expect(explicit.children[0]!.tag).toBe(2);
    expect(readInteger(explicit.children[0]!)).toBe(5);
    expect(readInteger(decodeBer(hex('970117')))).toBe(23);
  });
});

describe('bad BER never hangs and always throws BerError', () => {
  it.each([
    ['truncated header', '30'],
    ['length runs past the data', '3005020101'],
    ['child runs past its parent', '3003020501'],
    ['indefinite length on a primitive', '0480'],
    ['reserved length 0xFF', '30ff'],
    ['absurd length-of-length', '308f0000000000000000000000000000'],
    ['missing end-of-contents', '3080020101'],
    ['trailing bytes', '300000'],
    ['leading 0x80 in a high tag', '9f807800'],
  ])('%s', (_name, bytes) => {
    expect(() => decodeBer(hex(bytes))).toThrow(BerError);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = Buffer.concat([...Array.from({ length: 100 }, () => hex('3080')), ...Array.from({ length: 100 }, () => hex('0000'))]);
    expect(() => decodeBer(deep)).toThrow(/nested too deeply/);
  });
});
