/**
 * The confirmed BALIS form on the wire. BALIS documents no machine interface (reference 05 §4),
 * so this is the gateway's own contract: the form posted as UTF-8 urlencoded fields named after
 * the BalisForm keys, with an idempotency key; the answer is the confirmation page as the seed
 * shows it ("当前申请已成功提交,申请单号为: ST00000001", then any "mail_send_fail: …" line),
 * read from text so a real BALIS page and the simulator parse alike.
 */
import { escapeHtml } from '../../src/ill/html.ts';
import type { BalisForm, ReaderFields } from '../../src/ill/types.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

/** Form fields BALIS refuses the request without (the starred boxes). */
export const REQUIRED_WIRE_FIELDS = ['title', 'recipientName', 'email', IDEMPOTENCY_FIELD] as const;

export function encodeForm(form: BalisForm, reader: ReaderFields, idempotencyKey: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) params.set(key, value);
  params.set('readerBarcode', reader.readerBarcode);
  params.set('readerName', reader.readerName ?? '');
  params.set('recipientName', reader.recipientName);
  params.set('email', reader.email);
  params.set('phone', reader.phone ?? '');
  params.set(IDEMPOTENCY_FIELD, idempotencyKey);
  return params;
}

export interface Confirmation {
  requestNumber?: string;
  /** Side effects that failed after the request was stored. */
  warnings: string[];
}

const NUMBER = /申请单号为\s*[:：]\s*(?:<[^>]*>\s*)*([A-Z]{2}\d{6,})/u;
const SIDE_EFFECT = /\b([a-z]+_[a-z_]*fail[a-z_]*:[^<\n]*)/gu;

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/gu, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
}

export function parseConfirmation(page: string): Confirmation {
  const number = NUMBER.exec(page)?.[1];
  const warnings = [...page.matchAll(SIDE_EFFECT)].map((m) => decodeEntities((m[1] ?? '').trim()));
  return { ...(number ? { requestNumber: number } : {}), warnings };
}

/** The seed's 提交申请成功 page. */
export function confirmationPage(requestNumber: string, warnings: readonly string[]): string {
  const lines = warnings.map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>提交申请成功!</title></head>
<body><h1>提交申请成功!</h1>
<p>当前申请已成功提交,申请单号为: <b>${escapeHtml(requestNumber)}</b></p>
${lines}
<p><a href="#">返回检索界面</a></p></body></html>`;
}

/**
 * The progress of a request as BALIS shows it on its status page (our contract, as for the form):
 * "申请单号: ST00000001 状态: 已发货". Statuses in the order a request moves through them.
 */
const PROGRESS_TEXT = { submitted: '已提交', shipped: '已发货', arrived: '已到馆', returned: '已归还', cancelled: '已取消' } as const;
export type Progress = keyof typeof PROGRESS_TEXT;

export function statusPage(requestNumber: string, progress: Progress): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>申请单状态</title></head>
<body><p>申请单号: <b>${escapeHtml(requestNumber)}</b></p><p>状态: <b>${PROGRESS_TEXT[progress]}</b></p></body></html>`;
}

export function parseStatusPage(page: string): Progress | undefined {
  const text = /状态\s*[:：]\s*(?:<[^>]*>\s*)*([\u4e00-\u9fff]+)/u.exec(page)?.[1];
  return (Object.entries(PROGRESS_TEXT) as [Progress, string][]).find(([, zh]) => zh === text)?.[0];
}
