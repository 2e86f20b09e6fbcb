/** RFC 9457 problem details: every error the JSON API returns, never a stack trace. */
import type { Response } from 'express';

export interface FieldError {
  /** Query parameter or body field at fault. */
  parameter: string;
  detail: string;
  /** The same in Chinese, for requests in zh (Accept-Language or lang=). */
  zh?: string;
}

export type Language = 'zh' | 'en';

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

const ZH_TITLES: Record<string, string> = { 'Invalid search request': '检索请求无效' };

/** Field errors in the request's language; English where no Chinese text exists. */
function localized(problem: Pick<ProblemError, 'title' | 'detail' | 'errors'>, lang: Language): { title: string; detail: string; errors: { parameter: string; detail: string }[] } {
  const errors = problem.errors.map((e) => ({ parameter: e.parameter, detail: lang === 'zh' && e.zh ? e.zh : e.detail }));
  if (lang !== 'zh' || !problem.errors.some((e) => e.zh)) return { title: problem.title, detail: problem.detail, errors };
  return { title: ZH_TITLES[problem.title] ?? problem.title, detail: errors.map((e) => `${e.parameter}：${e.detail}`).join('；'), errors };
}

/** What a problem says, whether thrown (ProblemError) or built as a value (busyProblem). */
export type Problem = Pick<ProblemError, 'status' | 'title' | 'detail' | 'errors' | 'type'>;

/** A search refused by admission control (src/gateway/admission.ts), sent with Retry-After. */
export function busyProblem(refusal: { message: string; retryAfterSeconds: number }): Problem {
  return { status: 503, title: 'Gateway busy', detail: `${refusal.message}; retry after ${refusal.retryAfterSeconds} s`, errors: [], type: 'about:blank' };
}

/** The problem as sent: type, title, status, detail, instance, errors, the request's id. */
export function problemBody(problem: Problem, instance: string | undefined, requestId: string | undefined, lang: Language = 'en'): string {
  const text = localized(problem, lang);
  const body: Record<string, unknown> = { type: problem.type, title: text.title, status: problem.status, detail: text.detail };
  if (instance) body.instance = instance;
  if (problem.errors.length > 0) body.errors = text.errors;
  if (requestId !== undefined) body.requestId = requestId;
  return JSON.stringify(body);
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * Sends a problem. Without an ETag (Express's send() would hash the body for one): each
 * problem names its own request, and nothing revalidates an error.
 */
export function sendProblem(res: Response, problem: Problem, instance?: string, lang: Language = 'en'): void {
  const requestId = (res.req as { id?: unknown } | undefined)?.id;
  if (problem.status === 401) res.set('WWW-Authenticate', WWW_AUTHENTICATE);
  res.status(problem.status).setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.end(problemBody(problem, instance, typeof requestId === 'string' ? requestId : undefined, lang));
}
