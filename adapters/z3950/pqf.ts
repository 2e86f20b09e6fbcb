/**
 * Prefix Query Format (YAZ's textual RPN: `@and @attr 1=4 "a b" @attr 1=1003 c`), for logs,
 * debugging and comparing our encoder with yaz-client. The Bib-1 attribute set is PQF's default
 * and is not printed.
 */
import type { RpnQuery, RpnStructure } from '../../src/z3950/apdu/query.ts';
import { OID } from '../../src/z3950/oids.ts';

const PQF_OPERATOR = { and: '@and', or: '@or', 'and-not': '@not' } as const;

/** Quotes a term when PQF would otherwise split or misread it; `"` and `\` are backslash-escaped. */
export function pqfTerm(text: string): string {
  if (text !== '' && !/[\s"\\{}]/.test(text) && !text.startsWith('@')) return text;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function node(n: RpnStructure): string {
  if (n.kind === 'op') return `${PQF_OPERATOR[n.op]} ${node(n.left)} ${node(n.right)}`;
  const attrs = n.attributes.map((a) => `@attr ${a.attributeSet !== undefined ? `${a.attributeSet} ` : ''}${a.type}=${a.value} `).join('');
  return `${attrs}${pqfTerm(n.text)}`;
}

export function toPqf(q: RpnQuery): string {
  const prefix = q.attributeSet === OID.BIB1_ATTRIBUTES ? '' : `@attrset ${q.attributeSet} `;
  return prefix + node(q.rpn);
}
