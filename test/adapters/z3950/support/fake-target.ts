/**
 * A scriptable Z39.50 "target" on a loopback port for fault tests: each accepted connection
 * is handed to the test's script, which reads framed APDUs and writes whatever bytes it likes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { PduFramer } from '../../../../src/z3950/pdu-framer.ts';

export interface FakeConnection {
  socket: Socket;
  /** Next whole APDU from the client; rejects if the client goes away first. */
  next(): Promise<Buffer>;
  /** Resolves when the client has closed its side. */
  closed: Promise<void>;
}

export interface FakeTarget {
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Connections currently open on the server side. */
  openConnections(): number;
  stop(): Promise<void>;
}

export async function startFakeTarget(script: (conn: FakeConnection) => void | Promise<void>): Promise<FakeTarget> {
  const sockets = new Set<Socket>();
  const state = { accepted: 0 };
  const server: Server = createServer((socket) => {
    state.accepted += 1;
    sockets.add(socket);
    const framer = new PduFramer(1 << 24);
    const queue: Buffer[] = [];
    const waiters: { resolve: (b: Buffer) => void; reject: (e: Error) => void }[] = [];
    let ended = false;
    socket.on('data', (chunk) => {
      for (const pdu of framer.push(chunk)) {
        const w = waiters.shift();
        if (w) w.resolve(pdu);
        else queue.push(pdu);
      }
    });
    const closed = new Promise<void>((resolve) =>
      socket.on('close', () => {
        sockets.delete(socket);
        ended = true;
        for (const w of waiters.splice(0)) w.reject(new Error('client closed'));
        resolve();
      }),
    );
    socket.on('error', () => undefined);
    const conn: FakeConnection = {
      socket,
      closed,
      next: () => {
        const q = queue.shift();
        if (q) return Promise.resolve(q);
        if (ended) return Promise.reject(new Error('client closed'));
        return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
      },
    };
    Promise.resolve(script(conn)).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get accepted() {
      return state.accepted;
    },
    openConnections: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
