/**
 * InitializeRequest [20] / InitializeResponse [21] (Z39.50-2003 §3.2.1.1):
 *   referenceId [2] OPT, protocolVersion [3] IMPLICIT BIT STRING, options [4] IMPLICIT BIT STRING,
 *   preferredMessageSize [5], exceptionalRecordSize [6] (both IMPLICIT INTEGER),
 *   idAuthentication [7] (EXPLICIT: it tags an untagged CHOICE) OPT,
 *   (response only: result [12] IMPLICIT BOOLEAN),
 *   implementationId [110] / Name [111] / Version [112] IMPLICIT InternationalString OPT,
 *   userInformationField [11] EXTERNAL OPT, otherInfo OPT.
 */
import { findContext, isUniversal, readBitString, readBoolean, readInteger, readOctets, requireContext } from '../ber-reader.ts';
import { BerError, UNIVERSAL, type BerElement, type BerInteger } from '../ber-types.ts';
import { bitStringContent, booleanContent, ctxCons, ctxPrim, integerContent, sequence, tlv, visibleString } from '../ber-writer.ts';
import { decodeExternal, encodeExternal, type External } from '../external.ts';
import { diagnosticsFromExternal, type Decode, type ZDiagnostic } from './diag.ts';
import { encodeOtherInfo, externalsIn } from './other-info.ts';
import { INIT_OPTIONS, PDU_TAG, type InitOption } from './tags.ts';

export type IdAuthentication =
  | { kind: 'open'; text: string }
  | { kind: 'idPass'; groupId?: string; userId?: string; password?: string }
  | { kind: 'anonymous' };

export interface InitRequest {
  referenceId?: Buffer;
  /** 1, 2, 3 (bit n-1). Default all three, as every client does (v1 and v2 are identical). */
  versions?: number[];
  options: InitOption[];
  preferredMessageSize: number;
  exceptionalRecordSize: number;
  idAuthentication?: IdAuthentication;
  implementationId?: string;
  implementationName?: string;
  implementationVersion?: string;
  /** otherInfo [201]: a charset-negotiation proposal. */
  otherInfo?: External[];
}

export interface InitResponse {
  referenceId?: Buffer;
  versions: number[];
  options: InitOption[];
  preferredMessageSize: BerInteger;
  exceptionalRecordSize: BerInteger;
  result: boolean;
  implementationId?: string;
  implementationName?: string;
  implementationVersion?: string;
  userInformationField?: External;
  /** Diagnostics found in userInformationField (diag-1), typical of a rejected Init. */
  diagnostics: ZDiagnostic[];
  /** EXTERNALs of otherInfo [201] (a charset-negotiation response). */
  otherInfo?: External[];
}

type Encode = (s: string) => Buffer;
const utf8: Encode = (s) => Buffer.from(s, 'utf8');

function versionBits(versions: number[]): Buffer {
  // YAZ sends one whole octet with 0 unused bits (`83 02 00 E0`); we match it byte for byte.
  return bitStringContent(versions.map((v) => v - 1), 8);
}

function optionBits(options: readonly InitOption[]): Buffer {
  const bits = options.map((o) => INIT_OPTIONS.indexOf(o));
  // Length: whole octets up to the highest bit set, like YAZ (search+present+… → 16 bits).
  const length = Math.max(8, Math.ceil((Math.max(...bits, 0) + 1) / 8) * 8);
  return bitStringContent(bits, length);
}

function encodeAuth(auth: IdAuthentication, encode: Encode): Buffer {
  if (auth.kind === 'open') return ctxCons(7, visibleString(auth.text));
  if (auth.kind === 'anonymous') return ctxCons(7, tlv('universal', false, 5, Buffer.alloc(0)));
  const parts: Buffer[] = [];
  if (auth.groupId !== undefined) parts.push(ctxPrim(0, encode(auth.groupId)));
  if (auth.userId !== undefined) parts.push(ctxPrim(1, encode(auth.userId)));
  if (auth.password !== undefined) parts.push(ctxPrim(2, encode(auth.password)));
  return ctxCons(7, sequence(...parts));
}

export function encodeInitRequest(req: InitRequest, encode: Encode = utf8): Buffer {
  const parts: Buffer[] = [];
  if (req.referenceId) parts.push(ctxPrim(2, req.referenceId));
  parts.push(ctxPrim(3, versionBits(req.versions ?? [1, 2, 3])));
  parts.push(ctxPrim(4, optionBits(req.options)));
  parts.push(ctxPrim(5, integerContent(req.preferredMessageSize)));
  parts.push(ctxPrim(6, integerContent(req.exceptionalRecordSize)));
  if (req.idAuthentication) parts.push(encodeAuth(req.idAuthentication, encode));
  if (req.implementationId !== undefined) parts.push(ctxPrim(110, encode(req.implementationId)));
  if (req.implementationName !== undefined) parts.push(ctxPrim(111, encode(req.implementationName)));
  if (req.implementationVersion !== undefined) parts.push(ctxPrim(112, encode(req.implementationVersion)));
  if (req.otherInfo && req.otherInfo.length > 0) parts.push(encodeOtherInfo(req.otherInfo.map((external) => ({ kind: 'external', external }))));
  return tlv('context', true, PDU_TAG.initRequest, parts);
}

function setBits(el: BerElement): number[] {
  return [...readBitString(el).bits].sort((a, b) => a - b);
}

export function decodeInitResponse(el: BerElement, decode: Decode = (b) => b.toString('utf8')): InitResponse {
  if (el.cls !== 'context' || el.tag !== PDU_TAG.initResponse) throw new BerError('not an InitializeResponse', 0);
  const str = (tag: number): string | undefined => {
    const f = findContext(el, tag);
    return f ? decode(readOctets(f)) : undefined;
  };
  const ref = findContext(el, 2);
  const uif = findContext(el, 11);
  // userInformationField is `[11] EXTERNAL`, explicit: the EXTERNAL (0x28) sits inside the wrapper.
  // Some targets tag it implicitly; then the wrapper holds the EXTERNAL's members directly.
  const inner = uif?.children[0];
  const userInformationField = uif ? decodeExternal(inner && isUniversal(inner, UNIVERSAL.EXTERNAL) ? inner : uif) : undefined;
  const res: InitResponse = {
    versions: setBits(requireContext(el, 3, 'protocolVersion')).map((b) => b + 1),
    options: setBits(requireContext(el, 4, 'options'))
      .filter((b) => b < INIT_OPTIONS.length)
      .map((b) => INIT_OPTIONS[b]!),
    preferredMessageSize: readInteger(requireContext(el, 5, 'preferredMessageSize')),
    exceptionalRecordSize: readInteger(requireContext(el, 6, 'exceptionalRecordSize')),
    result: readBoolean(requireContext(el, 12, 'result')),
    diagnostics: userInformationField ? diagnosticsFromExternal(userInformationField, decode) : [],
  };
  if (ref) res.referenceId = readOctets(ref);
  const id = str(110);
  const name = str(111);
  const version = str(112);
  if (id !== undefined) res.implementationId = id;
  if (name !== undefined) res.implementationName = name;
  if (version !== undefined) res.implementationVersion = version;
  if (userInformationField) res.userInformationField = userInformationField;
  const other = externalsIn(findContext(el, 201));
  if (other.length > 0) res.otherInfo = other;
  return res;
}

/** Target side, for test peers and round trips. */
export function encodeInitResponse(res: Omit<InitResponse, 'diagnostics'>, encode: Encode = utf8): Buffer {
  const parts: Buffer[] = [];
  if (res.referenceId) parts.push(ctxPrim(2, res.referenceId));
  parts.push(ctxPrim(3, versionBits(res.versions)));
  parts.push(ctxPrim(4, optionBits(res.options)));
  parts.push(ctxPrim(5, integerContent(res.preferredMessageSize)));
  parts.push(ctxPrim(6, integerContent(res.exceptionalRecordSize)));
  parts.push(ctxPrim(12, booleanContent(res.result)));
  if (res.implementationId !== undefined) parts.push(ctxPrim(110, encode(res.implementationId)));
  if (res.implementationName !== undefined) parts.push(ctxPrim(111, encode(res.implementationName)));
  if (res.implementationVersion !== undefined) parts.push(ctxPrim(112, encode(res.implementationVersion)));
  if (res.userInformationField) parts.push(ctxCons(11, encodeExternal(res.userInformationField)));
  if (res.otherInfo && res.otherInfo.length > 0) parts.push(encodeOtherInfo(res.otherInfo.map((external) => ({ kind: 'external', external }))));
  return tlv('context', true, PDU_TAG.initResponse, parts);
}
