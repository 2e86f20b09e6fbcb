/**
 * The HTTP plumbing every simulated library shares: a loopback server whose handler errors
 * become 500s, latency that gives up when the client does, and a close() that ends open
 * keep-alive sockets and pending timers, so a test never leaks a socket or waits on a timer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SimulatorHttpServer {
  host: string;
  port: number;
  /** Resolves true after `ms`, or false as soon as the client goes away (then answer nothing). */
  delay(ms: number, req: IncomingMessage): Promise<boolean>;
  close(): Promise<void>;
}

export async function startSimulatorHttpServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { host?: string; port?: number } = {},
): Promise<SimulatorHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    delay: (ms, req) =>
      new Promise((resolve) => {
        const onClose = () => {
          clearTimeout(timer);
          timers.delete(timer);
          resolve(false);
        };
        const timer = setTimeout(() => {
          timers.delete(timer);
          // Keep-alive sockets serve many requests: don't pile up listeners on them.
          req.socket.off('close', onClose);
          resolve(true);
        }, ms);
        timers.add(timer);
        req.socket.once('close', onClose);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A request body up to `limit` bytes; form bodies in legacy charsets are read as latin1 to keep every byte. */
export function readRequestBody(req: IncomingMessage, encoding: BufferEncoding = 'utf8', limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString(encoding)));
    req.on('error', reject);
  });
}
