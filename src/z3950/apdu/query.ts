/**
 * Type-1 query (Z39.50-2003 §3.7, "RPNQuery"):
 *   Query ::= CHOICE { …, type-1 [1] IMPLICIT RPNQuery, … }            -- A1
 *   RPNQuery ::= SEQUENCE { attributeSet OID, rpn RPNStructure }
 *   RPNStructure ::= CHOICE { op [0] Operand,                            -- A0 (explicit: tags an untagged CHOICE)
 *                             rpnRpnOp [1] IMPLICIT SEQUENCE { rpn1, rpn2, op Operator } }   -- A1
 *   AttributesPlusTerm ::= [102] IMPLICIT SEQUENCE { attributes AttributeList, term Term }  -- BF 66
 *   AttributeList ::= [44] IMPLICIT SEQUENCE OF AttributeElement       -- BF 2C
 *   AttributeElement ::= SEQUENCE { attributeSet [1] IMPLICIT OID OPT, attributeType [120] IMPLICIT INTEGER,
 *                                   attributeValue CHOICE { numeric [121] IMPLICIT INTEGER, complex [224] … } }
 *   Term.general [45] IMPLICIT OCTET STRING                             -- 9F 2D
 *   Operator ::= [46] CHOICE { and [0] IMPLICIT NULL, or [1], and-not [2], prox [3] }  -- BF 2E 02 8x 00
 */
import { ctxCons, ctxPrim, integerContent, oidContent, sequence, tlv, universalOid } from '../ber-writer.ts';

export interface AttributeElement {
  /** v3 per-attribute set; omitted means the query's attributeSet. */
  attributeSet?: string;
  type: number;
  value: number;
}

type RpnOperator = 'and' | 'or' | 'and-not';

export type RpnStructure =
  | {
      kind: 'term';
      attributes: AttributeElement[];
      /** Term bytes in the target's charset. */
      term: Buffer;
      /** The term as text, for logs and PQF. */
      text: string;
    }
  | { kind: 'op'; op: RpnOperator; left: RpnStructure; right: RpnStructure };

export interface RpnQuery {
  attributeSet: string;
  rpn: RpnStructure;
}

const OPERATOR_TAG: Record<RpnOperator, number> = { and: 0, or: 1, 'and-not': 2 };

function encodeAttribute(a: AttributeElement): Buffer {
  const parts: Buffer[] = [];
  if (a.attributeSet !== undefined) parts.push(ctxPrim(1, oidContent(a.attributeSet)));
  parts.push(ctxPrim(120, integerContent(a.type)), ctxPrim(121, integerContent(a.value)));
  return sequence(...parts);
}

function encodeStructure(node: RpnStructure): Buffer {
  if (node.kind === 'term') {
    const attributes = tlv('context', true, 44, node.attributes.map(encodeAttribute));
    const apt = tlv('context', true, 102, [attributes, ctxPrim(45, node.term)]);
    return ctxCons(0, apt);
  }
  const operator = ctxCons(46, ctxPrim(OPERATOR_TAG[node.op], Buffer.alloc(0)));
  return ctxCons(1, encodeStructure(node.left), encodeStructure(node.right), operator);
}

/** The Query CHOICE with type-1 chosen: ready to go inside SearchRequest.query [21]. */
export function encodeQuery(q: RpnQuery): Buffer {
  return ctxCons(1, universalOid(q.attributeSet), encodeStructure(q.rpn));
}
