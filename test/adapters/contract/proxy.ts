/**
 * A loopback TCP proxy in front of a simulator: counts the client's open sockets (the
 * contract's "0 sockets left"), and damages the first answer the same way for every
 * protocol — reset mid-response, truncated (half, then a clean close), or garbage bytes.
 */
import net from 'node:net';

export type ProxyFault = 'none' | 'reset' | 'truncated' | 'garbage';

export interface FaultProxy {
  port: number;
  /** Client sockets open now. */
  readonly open: number;
  /** Client connections accepted so far. */
  readonly accepted: number;
  /** Bytes the client sent so far (a request is under way). */
  readonly received: number;
  /** What the client sent, per connection in order of acceptance (kept up to 1 MB each). */
  sent(): Buffer[];
  close(): Promise<void>;
}

export async function startProxy(upstream: { host: string; port: number }, fault: ProxyFault): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let received = 0;
  const sent: Buffer[][] = [];
  const server = net.createServer((client) => {
    const mine: Buffer[] = [];
    let kept = 0;
    sent.push(mine);
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (kept + chunk.length <= 1 << 20) {
        mine.push(chunk);
        kept += chunk.length;
      }
    });
    const target = net.connect(upstream.port, upstream.host);
    target.on('error', () => client.destroy());
    client.on('close', () => target.destroy());
    target.on('close', () => client.end());
    client.pipe(target);
    let damaged = false;
    target.on('data', (chunk: Buffer) => {
      if (fault === 'none') return void client.write(chunk);
      if (damaged) return;
      damaged = true;
      const half = chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2)));
      if (fault === 'reset') client.write(half, () => client.resetAndDestroy());
      else if (fault === 'truncated') client.end(half);
      else client.end(Buffer.from(Array.from({ length: chunk.length }, (_, i) => (i * 151 + 7) & 0xff)));
      target.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get open() {
      return sockets.size;
    },
    get accepted() {
      return accepted;
    },
    get received() {
      return received;
    },
    sent: () => sent.map((chunks) => Buffer.concat(chunks)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
