/**
 * A budget that runs out while the gateway's loop is blocked: an answer that arrived in time and
 * sat unread is read before the budget's abort (ordering, not wall-clock: the loop is blocked on
 * purpose past a 5 ms timer while the answer lands in the socket).
 */
import { getEventListeners, once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { linkedSignal, timeoutSignal } from '../../src/fanout/abort.ts';

const sockets: Socket[] = [];
const server = createServer((socket) => sockets.push(socket));
afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function blockLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The gateway decoding other libraries' answers.
  }
}

it('reads an answer that arrived while the loop was blocked before the timeout aborts', async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  sockets.push(client);
  await once(client, 'connect');
  while (sockets.length < 2) await new Promise((resolve) => setImmediate(resolve));
  const order: string[] = [];
  client.on('data', () => order.push('answer'));
  const budget = timeoutSignal(5, 'library-timeout', 'no answer within 5 ms');
  budget.signal.addEventListener('abort', () => order.push('abort'));
  sockets[1]!.write('the answer');
  blockLoop(60);
  await once(budget.signal, 'abort');
  expect(order).toEqual(['answer', 'abort']);
});

describe('linkedSignal', () => {
  it('aborts with the reason of the first source that aborts', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkedSignal([a.signal, b.signal]);
    b.abort(new Error('b first'));
    a.abort(new Error('a later'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('b first');
  });

  it('is aborted at once when a source already is', () => {
    const a = new AbortController();
    a.abort('gone');
    const b = new AbortController();
    const linked = linkedSignal([b.signal, a.signal]);
    expect(linked.signal.reason).toBe('gone');
    // Nothing left listening on the source that did not abort.
    expect(getEventListeners(b.signal, 'abort')).toHaveLength(0);
  });

  it('leaves nothing on a long-lived source once disposed, however many times it is linked', () => {
    const session = new AbortController();
    for (let i = 0; i < 1000; i++) {
      const own = new AbortController();
      const linked = linkedSignal([session.signal, own.signal]);
      linked.dispose();
    }
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
    // Disposed: a source aborting afterwards no longer reaches it.
    const linked = linkedSignal([session.signal]);
    linked.dispose();
    session.abort();
    expect(linked.signal.aborted).toBe(false);
  });
});
