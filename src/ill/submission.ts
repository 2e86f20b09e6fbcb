/**
 * How a confirmed draft reaches an ILL system. The service calls `submit` with the draft id as
 * idempotency key, so a retried or reconciled submission names the same request and the
 * remote side can answer with the number it already gave instead of opening a second request.
 */
import { createHash } from 'node:crypto';
import type { BalisForm, ReaderFields } from './types.ts';

export interface SubmissionRequest {
  idempotencyKey: string;
  form: BalisForm;
  reader: ReaderFields;
  signal?: AbortSignal;
  /** The gateway request that asked for the submission (access log id), sent on as X-Request-Id. */
  requestId?: string;
}

export type SubmissionResult =
  /** The remote system holds the request; `warnings` are side effects that failed after that (mail_send_fail). */
  | { accepted: true; requestNumber: string; warnings: string[] }
  /** Not accepted (or no proof of acceptance): the draft stays resubmittable. */
  | { accepted: false; error: string };

export interface SubmissionAdapter {
  readonly name: string;
  /**
   * The remote system is documented to answer a repeated idempotency key with the request it
   * already holds. Only then may a submission cut off by a restart be sent again unseen; otherwise
   * it waits for a librarian (status `needs_check`).
   */
  readonly idempotentSubmission: boolean;
  submit(request: SubmissionRequest): Promise<SubmissionResult>;
  /** Where the request is now, as the remote system reports it (我的申请). */
  progress?(request: { requestNumber: string; signal?: AbortSignal }): Promise<ProgressResult>;
  /** Withdraws a request the remote system has not started on. */
  cancel?(request: { requestNumber: string; signal?: AbortSignal }): Promise<CancelResult>;
}

/** A request's way after submission: submitted → shipped → arrived → returned (or cancelled). */
export type RemoteProgress = 'submitted' | 'shipped' | 'arrived' | 'returned' | 'cancelled';
export type ProgressResult = { progress: RemoteProgress } | { error: string };
export type CancelResult = { cancelled: true } | { cancelled: false; error: string; refused: boolean };

/** SHA-256 of what one attempt hands the adapter: lets a librarian tell attempts apart without reading reader data. */
export function payloadDigest(request: Omit<SubmissionRequest, 'signal'>): string {
  return createHash('sha256').update(JSON.stringify({ idempotencyKey: request.idempotencyKey, form: request.form, reader: request.reader })).digest('hex');
}

/** How start-up hands the ILL domain its remote system (adapters/balis-ill) without src/ importing it. */
export interface SubmissionAdapterFactory {
  readonly kind: string;
  /** From the config's `ill.balis` block; validates it with the adapter's own schema. */
  create(settings: { url: string; timeoutMs: number }): SubmissionAdapter;
}

/**
 * Replaces reader values in text that came back from the remote system (a mail error may quote
 * the reader's address) before it is stored, logged or returned.
 */
export function scrubReader(text: string, reader: ReaderFields): string {
  const values = [reader.email, reader.readerBarcode, reader.recipientName, reader.readerName, reader.phone]
    .filter((v): v is string => v !== undefined && v.trim().length >= 2)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.split(value).join('[reader data]');
  return out;
}
