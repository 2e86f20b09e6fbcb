/**
 * One HTTP GET/POST for adapters: every call has a deadline and an AbortSignal, a cap on
 * the body size, and every failure becomes a TargetError naming the phase (connect,
 * headers, body) — so a hanging or lying server turns into a per-library status.
 */
import { errors, request, type Dispatcher } from 'undici';
import { TargetError } from '../diagnostics.ts';
import { cpuTurn } from './cpu-turns.ts';

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  signal: AbortSignal;
  /** Time to the response headers, and then between body chunks. */
  requestMs: number;
  maxBytes?: number;
  /** Sent as X-Request-Id, so the library's logs can be matched with the gateway's access log. */
  requestId?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  url: string;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export async function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const maxBytes = call.maxBytes ?? DEFAULT_MAX_BYTES;
  let response: Dispatcher.ResponseData<unknown>;
  try {
    response = await request(call.url, {
      method: call.method ?? 'GET',
      headers: call.requestId === undefined ? call.headers : { ...call.headers, 'x-request-id': call.requestId },
      body: call.body,
      dispatcher: call.dispatcher,
      signal: call.signal,
      headersTimeout: call.requestMs,
      bodyTimeout: call.requestMs,
    });
  } catch (error) {
    throw toTargetError(error, call);
  }

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw new TargetError({ source: 'gateway', code: 'response-too-large', message: `response larger than ${maxBytes} bytes`, addinfo: call.url });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.body.destroy();
    throw error instanceof TargetError ? error : toTargetError(error, call);
  }
  // The caller decodes and maps this body next (CPU work): it waits for its turn, so the
  // gateway's own requests are answered between two libraries' answers (cpu-turns.ts).
  await cpuTurn(call.signal);
  if (call.signal.aborted) throw toTargetError(call.signal.reason, call);
  return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks, size), url: call.url };
}

/** Maps undici's error family (stable codes, one per phase) to our diagnostics. */
function toTargetError(error: unknown, call: Pick<HttpCall, 'url' | 'signal'>): TargetError {
  if (error instanceof TargetError) return error;
  const where = call.url;
  if (error instanceof errors.ConnectTimeoutError) {
    return new TargetError({ source: 'http', code: 'connect-timeout', message: 'connection not established in time', addinfo: where }, 'timeout', { cause: error });
  }
  if (error instanceof errors.HeadersTimeoutError) {
    return new TargetError({ source: 'http', code: 'headers-timeout', message: 'server accepted the connection but did not answer in time', addinfo: where }, 'timeout', { cause: error });
  }
  if (error instanceof errors.BodyTimeoutError) {
    return new TargetError({ source: 'http', code: 'body-timeout', message: 'server stopped sending the response body', addinfo: where }, 'timeout', { cause: error });
  }
  if (call.signal.aborted) {
    return new TargetError({ source: 'gateway', code: 'aborted', message: 'request aborted', addinfo: where }, 'timeout', { cause: error });
  }
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    UND_ERR_SOCKET: 'connection closed by the server mid-response',
    ENOTFOUND: 'host name not found',
    EHOSTUNREACH: 'host unreachable',
  };
  const message = (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
  return new TargetError({ source: 'http', code: code ?? 'network', message, addinfo: where }, 'error', { cause: error });
}

/** The charset an HTTP body declares (Content-Type, or an XML/HTML declaration), lower-cased. */
export function declaredCharset(headers: HttpAnswer['headers'], body: Buffer): string | undefined {
  const type = headers['content-type'];
  const typeText = Array.isArray(type) ? type[0] : type;
  const fromHeader = typeText?.match(/charset\s*=\s*"?([\w.:-]+)/i)?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const head = body.subarray(0, 1024).toString('latin1');
  const fromXml = head.match(/^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i)?.[1];
  if (fromXml) return fromXml.toLowerCase();
  return head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1]?.toLowerCase();
}

/** Decodes a body in its declared charset (WHATWG labels), failing loudly on an unknown label. */
export function decodeBody(body: Buffer, charset: string | undefined): string {
  const label = charset ?? 'utf-8';
  try {
    return new TextDecoder(label, { fatal: false }).decode(body);
  } catch {
    throw new TargetError({ source: 'gateway', code: 'unknown-charset', message: `response declares an unknown charset "${label}"` });
  }
}

const UTF8 = /^(utf-8|utf8|unicode-1-1-utf-8)$/;
const LATIN1 = /^(iso-8859-1|latin1|l1|us-ascii|ascii|windows-1252|cp1252)$/i;

function decodesCleanly(body: Buffer, label: string): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}

/**
 * Decodes a body whose label may be wrong (servers mislabel: GBK pages sent as UTF-8, UTF-8
 * XML sent as Latin-1): the declared charset when the bytes are valid in it, else UTF-8, else
 * GB18030; a Latin-1 label on valid multi-byte UTF-8 is taken as a mislabel. `relabelled`
 * says what was used instead, for a warning.
 */
export function decodeMislabelled(body: Buffer, declared: string | undefined): { text: string; charset: string; relabelled?: string } {
  const label = (declared ?? 'utf-8').toLowerCase();
  const asUtf8 = decodesCleanly(body, 'utf-8');
  // Only a Latin-1 label needs the scan for multi-byte characters.
  if (LATIN1.test(label) && asUtf8 !== undefined && /[\u0080-\uffff]/.test(asUtf8)) return { text: asUtf8, charset: 'utf-8', relabelled: label };
  // A UTF-8 label (most answers) is not decoded a second time.
  const asDeclared = UTF8.test(label) ? asUtf8 : decodesCleanly(body, label);
  if (asDeclared !== undefined) return { text: asDeclared, charset: label };
  for (const other of ['utf-8', 'gb18030']) {
    if (other === label) continue;
    const text = other === 'utf-8' ? asUtf8 : decodesCleanly(body, other);
    if (text !== undefined) return { text, charset: other, relabelled: label };
  }
  return { text: decodeBody(body, label), charset: label };
}
