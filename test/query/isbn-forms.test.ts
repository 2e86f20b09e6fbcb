import { describe, expect, it } from 'vitest';
import { withBothIsbnForms } from '../../src/query/isbn-forms.ts';
import type { QueryNode } from '../../src/query/model.ts';

const isbn = (value: string, extra: Partial<QueryNode> = {}): QueryNode => ({ kind: 'term', field: 'isbn', value, mode: 'words', ...extra }) as QueryNode;

describe('withBothIsbnForms', () => {
  it('ORs the ISBN-10 and ISBN-13 forms of an ISBN term', () => {
    expect(withBothIsbnForms(isbn('978-0-521-24332-2'))).toEqual({ kind: 'or', left: isbn('9780521243322'), right: isbn('0521243327') });
    expect(withBothIsbnForms(isbn('7-108-00999-4'))).toEqual({ kind: 'or', left: isbn('7108009994'), right: isbn('9787108009999') });
  });

  it('leaves 979 ISBNs (no ISBN-10), truncated terms, other fields and non-ISBNs alone', () => {
    expect(withBothIsbnForms(isbn('9791034749014'))).toEqual(isbn('9791034749014'));
    expect(withBothIsbnForms(isbn('978052*', { truncation: 'right' }))).toEqual(isbn('978052*', { truncation: 'right' }));
    expect(withBothIsbnForms(isbn('not an isbn'))).toEqual(isbn('not an isbn'));
    const title: QueryNode = { kind: 'term', field: 'title', value: '9780521243322', mode: 'words' };
    expect(withBothIsbnForms(title)).toEqual(title);
  });

  it('sends an ISBN with a wrong check digit as typed, never as another book\'s ISBN-13', () => {
    expect(withBothIsbnForms(isbn('0521243320'))).toEqual(isbn('0521243320'));
    expect(withBothIsbnForms(isbn('9780521243321'))).toEqual(isbn('9780521243321'));
  });

  it('rewrites inside boolean trees', () => {
    const query: QueryNode = { kind: 'and', left: isbn('0521243327'), right: { kind: 'yearRange', from: 1988 } };
    expect(withBothIsbnForms(query)).toEqual({ kind: 'and', left: { kind: 'or', left: isbn('0521243327'), right: isbn('9780521243322') }, right: { kind: 'yearRange', from: 1988 } });
  });
});
