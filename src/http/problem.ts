/** RFC 9457 problem details: every error the JSON API returns, never a stack trace. */
import type { Response } from 'express';

export interface FieldError {
  /** Query parameter or body field at fault. */
  parameter: string;
  detail: string;
}

/** Sent with every 401: an ID token (or the sign-in proxy's session) is what the gateway takes. */
export const WWW_AUTHENTICATE = 'Bearer realm="balis-gateway"';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = 'about:blank',
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export function badRequest(errors: FieldError[]): ProblemError {
  const detail = errors.map((e) => `${e.parameter}: ${e.detail}`).join('; ');
  return new ProblemError(400, 'Invalid search request', detail, errors);
}

export function sendProblem(res: Response, problem: ProblemError, instance?: string): void {
  const body: Record<string, unknown> = { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail };
  if (instance) body.instance = instance;
  if (problem.errors.length > 0) body.errors = problem.errors;
  if (problem.status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}
