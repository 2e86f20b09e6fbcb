/**
 * RFC 9457 problems of the ILL API: the gateway's ProblemError plus extension members
 * (`reasons`, `alternatives`, `draftId`…) that the 409 and 502 answers need.
 */
import type { Response } from 'express';
import { ProblemError, WWW_AUTHENTICATE, type FieldError } from '../http/problem.ts';

export class IllProblem extends ProblemError {
  constructor(
    status: number,
    title: string,
    detail: string,
    errors: FieldError[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(status, title, detail, errors);
  }
}

export function invalidDraft(errors: FieldError[]): IllProblem {
  return new IllProblem(400, 'Invalid ILL draft request', errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), errors);
}

export function draftNotFound(id: string): IllProblem {
  return new IllProblem(404, 'Draft not found', `no ILL draft with id ${id}`);
}

export function sendIllProblem(res: Response, problem: ProblemError, instance?: string): void {
  const extensions = problem instanceof IllProblem ? problem.extensions : {};
  const body: Record<string, unknown> = { ...extensions, type: problem.type, title: problem.title, status: problem.status, detail: problem.detail };
  if (instance) body.instance = instance;
  if (problem.errors.length > 0) body.errors = problem.errors;
  const requestId = (res.req as { id?: unknown } | undefined)?.id;
  if (typeof requestId === 'string') body.requestId = requestId;
  if (problem.status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}
