/**
 * The query model → the union search's 简单检索 form: four boxes (题名 title, 作者 author,
 * 出版社 publisher, ISBN) that the system ANDs. Anything else — OR, NOT, a year, a subject —
 * the form cannot say, and the library reports that instead of answering a wider search.
 */
import { TargetError } from '../../src/diagnostics.ts';
import { conjuncts, type QueryNode } from '../../src/query/model.ts';

export const FORM_FIELDS = ['title', 'author', 'publisher', 'isbn'] as const;
type FormField = (typeof FORM_FIELDS)[number];
export type SimpleForm = Partial<Record<FormField, string>>;

const LABELS: Record<FormField, string> = { title: '题名', author: '作者', publisher: '出版社', isbn: 'ISBN' };

function unsupported(message: string): TargetError {
  return new TargetError({ source: 'gateway', code: 'unsupported-query', message: `BALIS union search: ${message}` });
}

export function toSimpleForm(query: QueryNode): SimpleForm {
  const form: SimpleForm = {};
  for (const node of conjuncts(query)) {
    if (node.kind === 'or' || node.kind === 'not') throw unsupported(`the form has no ${node.kind.toUpperCase()}; its boxes are combined with AND`);
    if (node.kind === 'yearRange') throw unsupported('the form has no year box');
    if (node.kind !== 'term') throw unsupported('unexpected query shape');
    if (!(FORM_FIELDS as readonly string[]).includes(node.field)) {
      throw unsupported(`the form has no ${node.field} box (only ${FORM_FIELDS.map((f) => LABELS[f]).join(', ')})`);
    }
    const field = node.field as FormField;
    // The boxes match words; two terms on one box are both required, as words in one box are.
    const value = field === 'isbn' ? node.value.replace(/[\s-]/g, '') : node.value.trim();
    form[field] = form[field] ? `${form[field]} ${value}` : value;
  }
  return form;
}
