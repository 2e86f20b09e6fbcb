/**
 * Posts the confirmed form to BALIS (undici, one request, a timeout plus the caller's signal).
 * Only an answer carrying a request number counts as accepted; anything else, including a
 * timeout after BALIS may have stored the request, is "not accepted" and safe to resubmit,
 * because the idempotency key makes BALIS answer a repeat with the number it already gave.
 */
import { request, type Dispatcher } from 'undici';
import { IDEMPOTENCY_HEADER, encodeForm, parseConfirmation, parseStatusPage } from './wire.ts';
import { scrubReader, type CancelResult, type ProgressResult, type SubmissionAdapter, type SubmissionRequest, type SubmissionResult } from '../../src/ill/submission.ts';

export interface BalisAdapterOptions {
  url: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

const EXCERPT = 200;

function excerpt(text: string): string {
  const plain = text.replace(/<[^>]*>/gu, ' ').replace(/\s+/gu, ' ').trim();
  return [...plain].slice(0, EXCERPT).join('');
}

function describe(error: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer from BALIS within ${timeoutMs} ms; resubmitting is safe (same idempotency key)`;
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (err.name === 'AbortError') return 'submission cancelled before BALIS answered; resubmitting is safe';
  const code = err.code ?? err.cause?.code;
  return `cannot reach BALIS${code ? ` (${code})` : ''}: ${err.message ?? String(error)}`;
}

/** A GET or POST to one of BALIS's pages beside the request form, with the same timeout and dispatcher. */
async function page(options: BalisAdapterOptions, path: string, init: { method: 'GET' | 'POST'; body?: string; signal?: AbortSignal | undefined }): Promise<{ status: number; text: string }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const url = new URL(path, options.url.endsWith('/') ? options.url : `${options.url}/`);
  const res = await request(url, {
    method: init.method,
    ...(init.body !== undefined ? { body: init.body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } } : {}),
    signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    reset: true,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

export function balisSubmission(options: BalisAdapterOptions): SubmissionAdapter {
  return {
    async progress({ requestNumber, signal }): Promise<ProgressResult> {
      try {
        const answer = await page(options, `status?no=${encodeURIComponent(requestNumber)}`, { method: 'GET', signal });
        const progress = answer.status === 200 ? parseStatusPage(answer.text) : undefined;
        return progress ? { progress } : { error: `BALIS status page for ${requestNumber}: HTTP ${answer.status}, ${excerpt(answer.text)}` };
      } catch (error) {
        return { error: `cannot read the BALIS status of ${requestNumber}: ${(error as Error).message}` };
      }
    },
    async cancel({ requestNumber, signal }): Promise<CancelResult> {
      try {
        const answer = await page(options, 'cancel', { method: 'POST', body: new URLSearchParams({ no: requestNumber }).toString(), signal });
        if (answer.status === 200 && parseStatusPage(answer.text) === 'cancelled') return { cancelled: true };
        return { cancelled: false, refused: answer.status === 409, error: excerpt(answer.text) || `HTTP ${answer.status}` };
      } catch (error) {
        return { cancelled: false, refused: false, error: `cannot reach BALIS: ${(error as Error).message}` };
      }
    },
    name: 'balis',
    // BALIS documents no idempotency key (the Idempotency-Key header is honoured by our simulator only):
    // a submission a restart found cut off is not re-sent blindly.
    idempotentSubmission: false,
    async submit(req: SubmissionRequest): Promise<SubmissionResult> {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      try {
        const res = await request(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            [IDEMPOTENCY_HEADER]: req.idempotencyKey,
            accept: 'text/html',
            ...(req.requestId === undefined ? {} : { 'x-request-id': req.requestId }),
          },
          body: encodeForm(req.form, req.reader, req.idempotencyKey).toString(),
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          // Submissions are rare: no kept-alive socket to hold a process open or go stale between them.
          reset: true,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        const page = await res.body.text();
        if (res.statusCode < 200 || res.statusCode >= 300) {
          return { accepted: false, error: scrubReader(`BALIS refused the request (HTTP ${res.statusCode}): ${excerpt(page)}`, req.reader) };
        }
        const confirmation = parseConfirmation(page);
        if (!confirmation.requestNumber) {
          return { accepted: false, error: scrubReader(`BALIS answered without a request number: ${excerpt(page)}`, req.reader) };
        }
        return { accepted: true, requestNumber: confirmation.requestNumber, warnings: confirmation.warnings.map((w) => scrubReader(w, req.reader)) };
      } catch (error) {
        return { accepted: false, error: scrubReader(describe(error, options.timeoutMs, timeout.aborted), req.reader) };
      }
    },
  };
}
