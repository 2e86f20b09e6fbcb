/**
 * Decoder for the Explain record syntax (OID 1.2.840.10003.5.100; Z39.50-1995 Appendix
 * "RecordSyntax-explain", YAZ z3950v3.asn), on the tree the shared BER reader builds:
 *   Explain-Record ::= CHOICE { targetInfo [0] IMPLICIT TargetInfo, databaseInfo [1] IMPLICIT
 *     DatabaseInfo, … attributeDetails [8] IMPLICIT AttributeDetails, … categoryList [100] … }
 *   TargetInfo ::= SEQUENCE { commonInfo [0], name [1] IMPLICIT InternationalString, …
 *     namedResultSets [4] IMPLICIT BOOLEAN, multipleDBsearch [5] IMPLICIT BOOLEAN,
 *     maxResultSets [6], maxResultSize [7], maxTerms [8] IMPLICIT INTEGER OPT,
 *     timeoutInterval [9] IMPLICIT IntUnit OPT, … description [12] IMPLICIT HumanString OPT, … }
 *   DatabaseInfo ::= SEQUENCE { commonInfo [0], name [1] IMPLICIT DatabaseName,
 *     explainDatabase [2] IMPLICIT NULL OPT, … available [6] IMPLICIT BOOLEAN,
 *     titleString [7] IMPLICIT HumanString OPT, description [9] IMPLICIT HumanString OPT, …
 *     recordCount [14] CHOICE { actualNumber [0] IMPLICIT INTEGER, approxNumber [1] IMPLICIT INTEGER } OPT, … }
 *   AttributeDetails ::= SEQUENCE { commonInfo [0], databaseName [1] IMPLICIT DatabaseName,
 *     attributesBySet [2] IMPLICIT SEQUENCE OF AttributeSetDetails OPT, attributeCombinations [3] OPT }
 *   AttributeSetDetails ::= SEQUENCE { attributeSet [0] IMPLICIT OID, attributesByType [1] IMPLICIT
 *     SEQUENCE OF AttributeTypeDetails }
 *   AttributeTypeDetails ::= SEQUENCE { attributeType [0] IMPLICIT INTEGER, defaultIfOmitted [1] OPT,
 *     attributeValues [2] IMPLICIT SEQUENCE OF AttributeValue OPT }
 *   AttributeValue ::= SEQUENCE { value [0] StringOrNumeric, description [1] IMPLICIT HumanString OPT,
 *     subAttributes [2], superAttributes [3] OPT, partialSupport [4] IMPLICIT NULL OPT }
 * The module has no IMPLICIT TAGS default, so a tag not written IMPLICIT is explicit (recordCount,
 * value: tags on a CHOICE always are). Members we do not use, and unknown ones, are skipped.
 */
import { decodeBer, explicitInner, findContext, readBoolean, readOctets, readOid, readSmallInteger } from '../ber-reader.ts';
import { BerError, type BerElement } from '../ber-types.ts';
import type { Decode } from '../apdu/diag.ts';
import {
  EXPLAIN_LIMITS,
  ExplainError,
  ExplainLimitError,
  type ExplainAttributeDetails,
  type ExplainAttributeValue,
  type ExplainDatabaseInfo,
  type ExplainRecord,
  type ExplainTargetInfo,
} from './model.ts';

const utf8: Decode = (b) => b.toString('utf8');

/** Explain-Record arms by tag, for naming the ones we skip. */
const CATEGORY_NAMES: Record<number, string> = {
  0: 'targetInfo',
  1: 'databaseInfo',
  2: 'schemaInfo',
  3: 'tagSetInfo',
  4: 'recordSyntaxInfo',
  5: 'attributeSetInfo',
  6: 'termListInfo',
  7: 'extendedServicesInfo',
  8: 'attributeDetails',
  9: 'termListDetails',
  10: 'elementSetDetails',
  11: 'retrievalRecordDetails',
  12: 'sortDetails',
  13: 'processing',
  14: 'variants',
  15: 'units',
  100: 'categoryList',
};

/** Decodes an Explain record from its BER bytes (the fuzz and test entry). */
export function decodeExplainBytes(bytes: Buffer, decode: Decode = utf8): ExplainRecord {
  checkSize(bytes.length);
  return decodeExplainRecord(decodeBer(bytes), decode);
}

/** Decodes the Explain-Record a retrieval record's EXTERNAL carries as its single-ASN1-type. */
export function decodeExplainRecord(el: BerElement, decode: Decode = utf8): ExplainRecord {
  checkSize(el.raw.length);
  checkShape(el);
  if (el.cls !== 'context' || !el.constructed) throw new ExplainError('an Explain-Record is a context-tagged constructed element');
  const read = new Reader(decode);
  switch (el.tag) {
    case 0:
      return { category: 'targetInfo', targetInfo: read.targetInfo(el) };
    case 1:
      return { category: 'databaseInfo', databaseInfo: read.databaseInfo(el) };
    case 8:
      return { category: 'attributeDetails', attributeDetails: read.attributeDetails(el) };
    default:
      return { category: 'other', name: CATEGORY_NAMES[el.tag] ?? `[${el.tag}]` };
  }
}

function checkSize(bytes: number): void {
  if (bytes > EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES) throw new ExplainLimitError('MAX_EXPLAIN_BYTES', `Explain record of ${bytes} bytes is over ${EXPLAIN_LIMITS.MAX_EXPLAIN_BYTES}`);
}

/** Depth and element count of the whole record, walked with an explicit stack before anything is read. */
function checkShape(root: BerElement): void {
  const stack: { el: BerElement; depth: number }[] = [{ el: root, depth: 1 }];
  let elements = 1;
  while (stack.length > 0) {
    const { el, depth } = stack.pop()!;
    if (depth > EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH) throw new ExplainLimitError('MAX_EXPLAIN_DEPTH', `Explain record nested more than ${EXPLAIN_LIMITS.MAX_EXPLAIN_DEPTH} deep`);
    // Counted before they are stacked, so a record far past the limit costs no more than one at it.
    elements += el.children.length;
    if (elements > EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS) throw new ExplainLimitError('MAX_EXPLAIN_ELEMENTS', `Explain record of more than ${EXPLAIN_LIMITS.MAX_EXPLAIN_ELEMENTS} elements`);
    for (const child of el.children) stack.push({ el: child, depth: depth + 1 });
  }
}

class Reader {
  constructor(private readonly decode: Decode) {}

  targetInfo(el: BerElement): ExplainTargetInfo {
    const out: ExplainTargetInfo = { name: this.string(required(el, 1, 'TargetInfo.name')) };
    assign(out, 'namedResultSets', optional(el, 4, readBoolean));
    assign(out, 'multipleDatabaseSearch', optional(el, 5, readBoolean));
    assign(out, 'maxResultSets', optional(el, 6, readSmallInteger));
    assign(out, 'maxResultSize', optional(el, 7, readSmallInteger));
    assign(out, 'maxTerms', optional(el, 8, readSmallInteger));
    assign(out, 'timeoutInterval', optional(el, 9, (e) => this.intUnit(e)));
    assign(out, 'description', optional(el, 12, (e) => this.humanString(e)));
    return out;
  }

  databaseInfo(el: BerElement): ExplainDatabaseInfo {
    const out: ExplainDatabaseInfo = { name: this.string(required(el, 1, 'DatabaseInfo.name')), explainDatabase: findContext(el, 2) !== undefined };
    assign(out, 'available', optional(el, 6, readBoolean));
    assign(out, 'title', optional(el, 7, (e) => this.humanString(e)));
    assign(out, 'description', optional(el, 9, (e) => this.humanString(e)));
    assign(
      out,
      'recordCount',
      optional(el, 14, (wrapper) => {
        const choice = explicitInner(wrapper);
        if (choice.cls !== 'context' || (choice.tag !== 0 && choice.tag !== 1)) throw new ExplainError('DatabaseInfo.recordCount is actualNumber [0] or approxNumber [1]');
        return { count: readSmallInteger(choice), approximate: choice.tag === 1 };
      }),
    );
    return out;
  }

  attributeDetails(el: BerElement): ExplainAttributeDetails {
    const out: ExplainAttributeDetails = { databaseName: this.string(required(el, 1, 'AttributeDetails.databaseName')), attributeSets: [] };
    for (const setDetails of optional(el, 2, (e) => constructedChildren(e, 'attributesBySet')) ?? []) {
      const types = constructedChildren(required(setDetails, 1, 'AttributeSetDetails.attributesByType'), 'attributesByType').map((typeDetails) => {
        const values = findContext(typeDetails, 2);
        return {
          type: readSmallInteger(required(typeDetails, 0, 'AttributeTypeDetails.attributeType')),
          values: values ? constructedChildren(values, 'attributeValues').map((v) => this.attributeValue(v)) : ('all' as const),
        };
      });
      out.attributeSets.push({ attributeSet: readOid(required(setDetails, 0, 'AttributeSetDetails.attributeSet')), types });
    }
    return out;
  }

  private attributeValue(el: BerElement): ExplainAttributeValue {
    const out: ExplainAttributeValue = { value: this.stringOrNumeric(explicitInner(required(el, 0, 'AttributeValue.value'))) };
    assign(out, 'description', optional(el, 1, (e) => this.humanString(e)));
    if (findContext(el, 4)) out.partial = true;
    return out;
  }

  /** IntUnit ::= SEQUENCE { value [1] IMPLICIT INTEGER, unitUsed [2] IMPLICIT Unit }; Unit.unit [3] StringOrNumeric (explicit). */
  private intUnit(el: BerElement): { value: number; unit?: string } {
    const out: { value: number; unit?: string } = { value: readSmallInteger(required(el, 1, 'IntUnit.value')) };
    const unit = findContext(el, 2);
    const name = unit ? findContext(unit, 3) : undefined;
    if (name) out.unit = String(this.stringOrNumeric(explicitInner(name)));
    return out;
  }

  /** StringOrNumeric ::= CHOICE { string [1] IMPLICIT InternationalString, numeric [2] IMPLICIT INTEGER }. */
  private stringOrNumeric(el: BerElement): number | string {
    if (el.cls === 'context' && el.tag === 1) return this.string(el);
    if (el.cls === 'context' && el.tag === 2) return readSmallInteger(el);
    throw new ExplainError('StringOrNumeric is string [1] or numeric [2]');
  }

  /** HumanString ::= SEQUENCE OF SEQUENCE { language [0] OPT, text [1] }: the first text. */
  private humanString(el: BerElement): string | undefined {
    for (const entry of constructedChildren(el, 'HumanString')) {
      const text = findContext(entry, 1);
      if (text) return this.string(text);
    }
    return undefined;
  }

  private string(el: BerElement): string {
    return this.decode(readOctets(el));
  }
}

function required(el: BerElement, tag: number, what: string): BerElement {
  const found = findContext(el, tag);
  if (!found) throw new ExplainError(`${what} [${tag}] missing`);
  return found;
}

function optional<T>(el: BerElement, tag: number, read: (e: BerElement) => T): T | undefined {
  const found = findContext(el, tag);
  return found ? read(found) : undefined;
}

function constructedChildren(el: BerElement, what: string): readonly BerElement[] {
  if (!el.constructed) throw new BerError(`${what} must be constructed`, 0);
  return el.children;
}

function assign<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}
