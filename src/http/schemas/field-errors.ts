/**
 * zod's issues as the API's field errors: one per parameter or body field at fault, named by
 * its dotted path (`reader.email`); an unknown key is named itself, so a typo points at itself.
 * Messages are the schemas' own texts (never the value given: it may be reader data).
 */
import type { z } from 'zod';
import type { FieldError } from '../problem.ts';

export interface FieldErrorOptions {
  /** Name by the first path element only: a query parameter, not a place inside its parsed value. */
  topLevel?: boolean;
  /** The Chinese text of a message, for requests in zh. */
  zh?: Readonly<Record<string, string>>;
}

export function fieldErrors(issues: readonly z.core.$ZodIssue[], { topLevel = false, zh = {} }: FieldErrorOptions = {}): FieldError[] {
  const name = (path: readonly PropertyKey[]) => (topLevel ? path.slice(0, 1) : path).map(String).join('.') || 'body';
  const errors = issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ parameter: name([...issue.path, k]), detail: 'unknown field' }));
    const chinese = zh[issue.message];
    return [{ parameter: name(issue.path), detail: issue.message, ...(chinese ? { zh: chinese } : {}) }];
  });
  // A list parameter with several bad items says so once.
  return errors.filter((e, i) => errors.findIndex((o) => o.parameter === e.parameter && o.detail === e.detail) === i);
}
