/**
 * Targets index ISBNs as they were catalogued (Zebra does not normalize them), so an
 * ISBN-13 query misses a record catalogued with its ISBN-10. This rewrite sends both
 * forms, ORed, for adapters whose query language has OR.
 */
import { compactIsbn, isValidIsbn, toIsbn10, toIsbn13 } from '../identifiers/isbn.ts';
import type { QueryNode } from './model.ts';

export function withBothIsbnForms(node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'term': {
      if (node.field !== 'isbn' || node.truncation) return node;
      const compact = compactIsbn(node.value);
      // A wrong check digit is searched as typed: "correcting" it into the other form's
      // recomputed check digit would find a different book (0521243320 → 9780521243322).
      if (!compact || !isValidIsbn(compact)) return node;
      const forms = [...new Set([compact, toIsbn13(compact), toIsbn10(compact)].filter((f): f is string => f !== undefined))];
      return forms
        .map((value): QueryNode => ({ ...node, value }))
        .reduce((left, right) => ({ kind: 'or', left, right }));
    }
    case 'yearRange':
      return node;
    default:
      return { ...node, left: withBothIsbnForms(node.left), right: withBothIsbnForms(node.right) };
  }
}
