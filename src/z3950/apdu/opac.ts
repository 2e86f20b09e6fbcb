/**
 * OPAC record syntax, OID 1.2.840.10003.5.102 (Z39.50-2003 Appendix 5 "REC.4", RecordSyntax-opac):
 *   OPACRecord ::= SEQUENCE { bibliographicRecord [1] IMPLICIT EXTERNAL OPT,
 *                             holdingsData [2] IMPLICIT SEQUENCE OF HoldingsRecord OPT }
 *   HoldingsRecord ::= CHOICE { marcHoldingsRecord [1] IMPLICIT EXTERNAL,
 *                               holdingsAndCirc [2] IMPLICIT HoldingsAndCircData }
 *   HoldingsAndCircData: [1]…[17] IMPLICIT InternationalString OPT, volumes [18] IMPLICIT SEQUENCE OF Volume,
 *                        circulationData [19] IMPLICIT SEQUENCE OF CircRecord
 *   Volume ::= SEQUENCE { enumeration [1], chronology [2], enumAndChron [3] } (strings, OPT)
 *   CircRecord ::= SEQUENCE { availableNow [1] BOOLEAN, availablityDate [2] (sic), availableThru [3],
 *     restrictions [4], itemId [5], renewable [6] BOOLEAN, onHold [7] BOOLEAN, enumAndChron [8],
 *     midspine [9], temporaryLocation [10] }
 * It travels as the single-ASN1-type of the record's EXTERNAL.
 */
import { findContext, readBoolean, readOctets } from '../ber-reader.ts';
import { BerError, tagName, type BerElement } from '../ber-types.ts';
import { booleanContent, ctxPrim, sequence, tlv } from '../ber-writer.ts';
import { decodeExternal, encodeExternal, type External } from '../external.ts';
import type { Decode } from './diag.ts';

const HOLDINGS_STRINGS = [
  'typeOfRecord',
  'encodingLevel',
  'format',
  'receiptAcqStatus',
  'generalRetention',
  'completeness',
  'dateOfReport',
  'nucCode',
  'localLocation',
  'shelvingLocation',
  'callNumber',
  'shelvingData',
  'copyNumber',
  'publicNote',
  'reproductionNote',
  'termsUseRepro',
  'enumAndChron',
] as const; // tags 1..17 in this order
type HoldingsStringField = (typeof HOLDINGS_STRINGS)[number];

const CIRC_STRINGS = { 2: 'availablityDate', 3: 'availableThru', 4: 'restrictions', 5: 'itemId', 8: 'enumAndChron', 9: 'midspine', 10: 'temporaryLocation' } as const;
type CircStringField = (typeof CIRC_STRINGS)[keyof typeof CIRC_STRINGS];

interface OpacVolume {
  enumeration?: string;
  chronology?: string;
  enumAndChron?: string;
}

/** The ASN.1 makes the three BOOLEANs mandatory; lax targets omit them, so they stay optional here. */
export type OpacCirculation = { availableNow?: boolean; renewable?: boolean; onHold?: boolean } & Partial<Record<CircStringField, string>>;

export type OpacHoldingsAndCirc = Partial<Record<HoldingsStringField, string>> & {
  volumes: OpacVolume[];
  circulationData: OpacCirculation[];
};

export type OpacHolding = ({ kind: 'holdingsAndCirc' } & OpacHoldingsAndCirc) | { kind: 'marcHoldings'; external: External };

export interface OpacRecord {
  bibliographicRecord?: External;
  holdings: OpacHolding[];
}

const utf8: Decode = (b) => b.toString('utf8');

function decodeCirc(el: BerElement, decode: Decode): OpacCirculation {
  const circ: OpacCirculation = {};
  for (const f of el.children) {
    if (f.cls !== 'context') continue;
    if (f.tag === 1) circ.availableNow = readBoolean(f);
    else if (f.tag === 6) circ.renewable = readBoolean(f);
    else if (f.tag === 7) circ.onHold = readBoolean(f);
    else if (f.tag in CIRC_STRINGS) circ[CIRC_STRINGS[f.tag as keyof typeof CIRC_STRINGS]] = decode(readOctets(f));
  }
  return circ;
}

function decodeVolume(el: BerElement, decode: Decode): OpacVolume {
  const vol: OpacVolume = {};
  const get = (tag: number): string | undefined => {
    const f = findContext(el, tag);
    return f ? decode(readOctets(f)) : undefined;
  };
  const [e, c, ec] = [get(1), get(2), get(3)];
  if (e !== undefined) vol.enumeration = e;
  if (c !== undefined) vol.chronology = c;
  if (ec !== undefined) vol.enumAndChron = ec;
  return vol;
}

function decodeHoldingsAndCirc(el: BerElement, decode: Decode): OpacHoldingsAndCirc {
  const h: OpacHoldingsAndCirc = { volumes: [], circulationData: [] };
  for (const f of el.children) {
    if (f.cls !== 'context') continue;
    if (f.tag >= 1 && f.tag <= 17) h[HOLDINGS_STRINGS[f.tag - 1]!] = decode(readOctets(f));
    else if (f.tag === 18) h.volumes = f.children.map((v) => decodeVolume(v, decode));
    else if (f.tag === 19) h.circulationData = f.children.map((c) => decodeCirc(c, decode));
  }
  return h;
}

/** Decodes the OPACRecord SEQUENCE (the EXTERNAL's single-ASN1-type). Strings use the target charset. */
export function decodeOpacRecord(el: BerElement, decode: Decode = utf8): OpacRecord {
  if (!el.constructed) throw new BerError(`OPACRecord ${tagName(el)} must be constructed`, 0);
  const bib = findContext(el, 1);
  const holdingsData = findContext(el, 2);
  const holdings: OpacHolding[] = (holdingsData?.children ?? []).map((h) => {
    if (h.cls === 'context' && h.tag === 1) return { kind: 'marcHoldings', external: decodeExternal(h) };
    if (h.cls === 'context' && h.tag === 2) return { kind: 'holdingsAndCirc', ...decodeHoldingsAndCirc(h, decode) };
    throw new BerError(`unexpected ${tagName(h)} in holdingsData`, 0);
  });
  const rec: OpacRecord = { holdings };
  if (bib) rec.bibliographicRecord = decodeExternal(bib);
  return rec;
}

/** Encoder for test targets and round trips. */
export function encodeOpacRecord(rec: OpacRecord, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): Buffer {
  const parts: Buffer[] = [];
  if (rec.bibliographicRecord) parts.push(encodeExternal(rec.bibliographicRecord, { cls: 'context', tag: 1 }));
  if (rec.holdings.length > 0) {
    const items = rec.holdings.map((h) => {
      if (h.kind === 'marcHoldings') return encodeExternal(h.external, { cls: 'context', tag: 1 });
      const fields: Buffer[] = [];
      HOLDINGS_STRINGS.forEach((name, i) => {
        const v = h[name];
        if (v !== undefined) fields.push(ctxPrim(i + 1, encode(v)));
      });
      if (h.volumes.length > 0) fields.push(tlv('context', true, 18, h.volumes.map((v) => encodeVolume(v, encode))));
      if (h.circulationData.length > 0) fields.push(tlv('context', true, 19, h.circulationData.map((c) => encodeCirc(c, encode))));
      return tlv('context', true, 2, fields);
    });
    parts.push(tlv('context', true, 2, items));
  }
  return sequence(...parts);
}

function encodeVolume(v: OpacVolume, encode: (s: string) => Buffer): Buffer {
  const parts: Buffer[] = [];
  if (v.enumeration !== undefined) parts.push(ctxPrim(1, encode(v.enumeration)));
  if (v.chronology !== undefined) parts.push(ctxPrim(2, encode(v.chronology)));
  if (v.enumAndChron !== undefined) parts.push(ctxPrim(3, encode(v.enumAndChron)));
  return sequence(...parts);
}

function encodeCirc(c: OpacCirculation, encode: (s: string) => Buffer): Buffer {
  const parts: Buffer[] = [ctxPrim(1, booleanContent(c.availableNow ?? false))];
  const str = (tag: keyof typeof CIRC_STRINGS): void => {
    const v = c[CIRC_STRINGS[tag]];
    if (v !== undefined) parts.push(ctxPrim(tag, encode(v)));
  };
  str(2);
  str(3);
  str(4);
  str(5);
  parts.push(ctxPrim(6, booleanContent(c.renewable ?? false)), ctxPrim(7, booleanContent(c.onHold ?? false)));
  str(8);
  str(9);
  str(10);
  return sequence(...parts);
}
