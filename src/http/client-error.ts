/**
 * Node answers requests it cannot parse (a header block past maxHeaderSize, a malformed
 * request line) by itself, with a bare status line and no body. With this listener on the
 * server's `clientError` event those answers are problem+json like every other error.
 */
import type { Duplex } from 'node:stream';

const ANSWERS: Record<string, { status: number; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, title: 'Request header fields too large', detail: 'the request line and headers exceed the server limit (maxHeaderSize); shorten the URL or the headers' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout', detail: 'the request was not received in time' },
};
const MALFORMED = { status: 400, title: 'Bad request', detail: 'the HTTP request could not be parsed' };

export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Nothing to say to a peer that is gone, or in the middle of a response already begun.
  const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  const answer = ANSWERS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ type: 'about:blank', title: answer.title, status: answer.status, detail: answer.detail });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.title}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}
