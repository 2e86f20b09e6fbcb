/**
 * A BALIS ILL system on loopback for tests and the demo: real HTTP, request numbers
 * ST00000001, ST00000002… in arrival order, de-duplicated by idempotency key. It can refuse
 * before accepting (HTTP 503), accept and report a failed side effect (the seed's
 * mail_send_fail), and hold its answers after accepting so a test can kill the caller while
 * the call is in flight — synchronized on `nextRequest()`, never on a sleep. A request's
 * progress (已提交 → 已发货 → 已到馆 → 已归还) is shown at `<url>/status?no=ST…` and moved on by
 * `advance()`; `<url>/cancel` (POST no=ST…) cancels one that has not been shipped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENCY_FIELD, IDEMPOTENCY_HEADER, REQUIRED_WIRE_FIELDS, confirmationPage, statusPage, type Progress } from '../wire.ts';
import { escapeHtml } from '../../../src/ill/html.ts';

export type SimulatorMode = 'accept' | 'unavailable' | 'mail_send_fail';

export const SEED_MAIL_FAILURE = 'mail_send_fail: Unknown SMTP host: mail.bupt.edu.cn; nested exception is: java.net.UnknownHostException: mail.bupt.edu.cn';

interface Accepted {
  requestNumber: string;
  warnings: string[];
  form: URLSearchParams;
  progress: Progress;
}

export class BalisSimulator {
  mode: SimulatorMode = 'accept';
  /** Text of the side-effect failure in mode mail_send_fail. */
  mailFailure = SEED_MAIL_FAILURE;
  /** Accept, then keep the answer back until release(). */
  holdAnswers = false;
  /** POSTs received, duplicates included. */
  received = 0;
  /** The X-Request-Id of each POST, as BALIS's own log would show it ('' when none was sent). */
  readonly requestIds: string[] = [];
  private readonly byKey = new Map<string, Accepted>();
  private readonly held: (() => void)[] = [];
  private waiters: (() => void)[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  get url(): string {
    return this.baseUrl;
  }

  /** Distinct requests BALIS holds. */
  get accepted(): number {
    return this.byKey.size;
  }

  acceptedForm(key: string): URLSearchParams | undefined {
    return this.byKey.get(key)?.form;
  }

  /** Moves a request on, as the lending library and the courier would. */
  advance(requestNumber: string, progress: Progress): void {
    const entry = this.byNumber(requestNumber);
    if (!entry) throw new Error(`no request ${requestNumber}`);
    entry.progress = progress;
  }

  private byNumber(requestNumber: string): Accepted | undefined {
    return [...this.byKey.values()].find((e) => e.requestNumber === requestNumber);
  }

  /** Resolves when the next POST has arrived (and, unless refused, been accepted). */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  async start(host = '127.0.0.1', port = 0): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}/union/request`;
    return this;
  }

  async close(): Promise<void> {
    this.release();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private arrived(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname.endsWith('/status')) {
      const entry = this.byNumber(url.searchParams.get('no') ?? '');
      return entry ? void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(statusPage(entry.requestNumber, entry.progress)) : this.page(res, 404, '无此申请单');
    }
    if (req.method !== 'POST') return this.page(res, 405, '只接受 POST');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (url.pathname.endsWith('/cancel')) {
      const entry = this.byNumber(form.get('no') ?? '');
      if (!entry) return this.page(res, 404, '无此申请单');
      if (entry.progress !== 'submitted' && entry.progress !== 'cancelled') return this.page(res, 409, `不能取消：申请单${entry.requestNumber}已处理`);
      entry.progress = 'cancelled';
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(statusPage(entry.requestNumber, entry.progress));
    }
    this.received += 1;
    const key = String(req.headers[IDEMPOTENCY_HEADER] ?? form.get(IDEMPOTENCY_FIELD) ?? '');
    this.requestIds.push(String(req.headers['x-request-id'] ?? ''));

    if (this.mode === 'unavailable') {
      this.arrived();
      return this.page(res, 503, '系统维护中，请稍后再试 (service unavailable)');
    }
    const missing = REQUIRED_WIRE_FIELDS.filter((f) => (f === IDEMPOTENCY_FIELD ? key : form.get(f) ?? '').trim() === '');
    if (missing.length > 0) {
      this.arrived();
      return this.page(res, 400, `缺少必填项: ${missing.join(', ')}`);
    }
    let entry = this.byKey.get(key);
    if (!entry) {
      const requestNumber = `ST${String(this.byKey.size + 1).padStart(8, '0')}`;
      entry = { requestNumber, warnings: this.mode === 'mail_send_fail' ? [this.mailFailure] : [], form, progress: 'submitted' };
      this.byKey.set(key, entry);
    }
    const answer = entry;
    this.arrived();
    const send = () => {
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(confirmationPage(answer.requestNumber, answer.warnings));
    };
    if (this.holdAnswers) this.held.push(send);
    else send();
  }

  private page(res: ServerResponse, status: number, message: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><body><p>${escapeHtml(message)}</p></body></html>`);
  }
}

export function startBalisSimulator(options: { host?: string; port?: number } = {}): Promise<BalisSimulator> {
  return new BalisSimulator().start(options.host, options.port);
}
