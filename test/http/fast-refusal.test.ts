/** The refusal at the server's door (src/http/fast-refusal.ts) answers as the app would, and only what the app would refuse. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'undici';
import type { Refusal } from '../../src/gateway/admission.ts';
import { fastRefusal } from '../../src/http/fast-refusal.ts';
import { createLogger, silentLogger } from '../../src/logging.ts';
import type { RunningGateway } from '../../src/server.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

interface Line {
  component?: string;
  req?: { id: string };
  [field: string]: unknown;
}

describe('fast refusal', () => {
  let gw: RunningGateway;
  const lines: Line[] = [];
  // The demo's sign-in names every request's principal: the demo reader, or the librarian with X-Demo-Role.
  const asLibrarian = { 'x-demo-role': 'librarian' };

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    });
    // One slot per client, two in all, no queue: the reader's second search is refused while the first runs.
    gw = await startSimulatedGateway([{ id: 'pku', latencyMs: 1500 }], { admission: { maxInFlight: 2, maxQueue: 0, perClient: 1 } }, createLogger({ level: 'info', destination }));
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Until the reader's slot-holding search has started; `done` is its status. */
  async function saturate(title: string): Promise<{ done: Promise<number> }> {
    const running = request(`${gw.url}/api/search?title=${title}`).then(async (res) => {
      await res.body.dump();
      return res.statusCode;
    });
    await vi.waitFor(() => expect(gw.gateway.admission.stats.running).toBe(1), { timeout: 5000, interval: 10 });
    return { done: running };
  }

  const accessLine = (id: string): Line => {
    const line = lines.find((l) => l.component === 'http' && l.req?.id === id);
    if (!line) throw new Error(`no access-log line for ${id}`);
    const { time: _time, responseTime, ...rest } = line;
    expect(typeof responseTime).toBe('number');
    return rest;
  };

  it('answers a refused search with what the app answers: status, headers, body, access-log line, metric', async () => {
    const running = await saturate('China');
    const refusedBefore = gw.gateway.admission.refused['queue-full'];
    const url = `${gw.url}/api/search?title=history&sort=year`;
    const door = vi.spyOn(gw.gateway, 'refusalNow');
    const fast = await request(url, { headers: { 'x-request-id': 'fast-refusal-1' } });
    const fastBody = await fast.body.text();
    expect(door).toHaveLastReturnedWith(expect.objectContaining({ reason: 'queue-full' }));
    // The app's own path: the door lets this one through, and gateway.search refuses it.
    door.mockReturnValueOnce(undefined);
    const viaApp = await request(url, { headers: { 'x-request-id': 'fast-refusal-2' } });
    const appBody = await viaApp.body.text();
    expect(door).toHaveBeenCalledTimes(2);
    door.mockRestore();

    expect(fast.statusCode).toBe(503);
    expect(viaApp.statusCode).toBe(503);
    const headers = (res: typeof fast) => {
      const { date: _date, 'x-request-id': id, ...rest } = res.headers;
      return { id, rest };
    };
    expect(headers(fast).id).toBe('fast-refusal-1');
    expect(headers(viaApp).id).toBe('fast-refusal-2');
    expect(headers(fast).rest).toEqual(headers(viaApp).rest);
    expect(headers(fast).rest).toMatchObject({ 'retry-after': '3', 'x-content-type-options': 'nosniff', 'content-type': 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(fastBody)).toEqual({ ...JSON.parse(appBody), requestId: 'fast-refusal-1' });
    expect(JSON.parse(fastBody)).toMatchObject({ title: 'Gateway busy', status: 503, instance: '/api/search?title=history&sort=year' });
    expect(gw.gateway.admission.refused['queue-full']).toBe(refusedBefore + 2);

    const fastLine = accessLine('fast-refusal-1');
    expect({ ...fastLine, req: { ...fastLine.req, id: 'x' } }).toEqual({ ...accessLine('fast-refusal-2'), req: { ...fastLine.req, id: 'x' } });
    expect(fastLine).toMatchObject({ level: 30, msg: 'request errored', res: { statusCode: 503 }, req: { method: 'GET', url: '/api/search?title=history&sort=year' } });
    expect(await running.done).toBe(200);
  });

  it('refuses the SSE search the same way, before the stream opens', async () => {
    const running = await saturate('Beijing');
    const stream = await request(`${gw.url}/api/search/stream?title=history`);
    expect(stream.statusCode).toBe(503);
    expect(stream.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(((await stream.body.json()) as { title: string }).title).toBe('Gateway busy');
    expect(await running.done).toBe(200);
  });

  it('lets through what the app would not refuse: another client, a kept set, bad input, /healthz', async () => {
    const kept = await request(`${gw.url}/api/search?title=Cambridge%20history`);
    expect(kept.statusCode).toBe(200);
    await kept.body.dump();
    const running = await saturate('Shanghai');
    const [librarian, cached, badUtf8, repeated, badView, health] = await Promise.all([
      // Per-client fairness: the librarian is another client, with a slot of their own.
      request(`${gw.url}/api/search?title=Shanghai%20history`, { headers: asLibrarian }),
      request(`${gw.url}/api/search?title=Cambridge%20history`),
      request(`${gw.url}/api/search?title=%FF%FE`),
      request(`${gw.url}/api/search?title=a&title=b`),
      request(`${gw.url}/api/search?title=history&limit=-1`),
      request(`${gw.url}/healthz`),
    ]);
    expect(librarian.statusCode).toBe(200);
    await librarian.body.dump();
    expect(cached.statusCode).toBe(200);
    expect(((await cached.body.json()) as { fromCache: boolean }).fromCache).toBe(true);
    expect(badUtf8.statusCode).toBe(400);
    expect(((await badUtf8.body.json()) as { errors: { parameter: string }[] }).errors[0]?.parameter).toBe('title');
    expect(repeated.statusCode).toBe(400);
    await repeated.body.dump();
    expect(badView.statusCode).toBe(400);
    expect(((await badView.body.json()) as { errors: { parameter: string }[] }).errors[0]?.parameter).toBe('limit');
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    expect(await running.done).toBe(200);
  });

  it('hands every request to the app while draining, however busy (the app answers "Server restarting")', () => {
    const refusal: Refusal = { reason: 'queue-full', message: 'all search slots are taken', retryAfterSeconds: 8 };
    let draining = true;
    const gateway = { libraries: gw.gateway.libraries, refusalPossible: vi.fn(() => true), refusalNow: vi.fn(() => refusal) };
    const door = fastRefusal({ gateway, logger: silentLogger(), authenticate: () => undefined, isDraining: () => draining });
    const req = { method: 'GET', url: '/api/search?title=history', headers: {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
    const res = { setHeader: vi.fn(), writeHead: vi.fn(), end: vi.fn() };
    const next = vi.fn();

    door(req, res as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(gateway.refusalPossible).not.toHaveBeenCalled();
    expect(gateway.refusalNow).not.toHaveBeenCalled();
    expect(res.writeHead).not.toHaveBeenCalled();

    // The same request once the gateway is not draining: refused at the door.
    draining = false;
    door(req, res as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(gateway.refusalNow).toHaveBeenCalledTimes(1);
    expect(res.writeHead).toHaveBeenCalledWith(503, expect.objectContaining({ 'Retry-After': '8' }));
    expect(JSON.parse(res.end.mock.calls[0]?.[0] as string)).toMatchObject({ title: 'Gateway busy', status: 503 });
  });

  it('takes searches in a slice of the loop per turn: /healthz passes at once, the searches in later turns, in order, refused or not', async () => {
    const refusal: Refusal = { reason: 'queue-full', message: 'all search slots are taken', retryAfterSeconds: 8 };
    // The first search finds the gateway not busy (the app's to answer), the second is refused.
    const gateway = { libraries: gw.gateway.libraries, refusalPossible: vi.fn().mockReturnValueOnce(false).mockReturnValue(true), refusalNow: vi.fn(() => refusal) };
    // No time for refusals in this turn: every search waits for the next.
    const door = fastRefusal({ gateway, logger: silentLogger(), authenticate: () => undefined, isDraining: () => false, sliceMs: 0 });
    const requestTo = (url: string) => ({ method: 'GET', url, headers: {}, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
    const answered: string[] = [];
    const responseFor = (name: string) => ({ setHeader: vi.fn(), writeHead: vi.fn(), end: vi.fn(() => answered.push(name)) }) as unknown as ServerResponse;

    door(requestTo('/api/search?title=history'), responseFor('first search'), () => answered.push('first search to the app'));
    door(requestTo('/api/search?title=China'), responseFor('second search'), () => answered.push('second search to the app'));
    door(requestTo('/healthz'), responseFor('health'), () => answered.push('/healthz to the app'));
    expect(answered).toEqual(['/healthz to the app']);
    expect(gateway.refusalPossible).not.toHaveBeenCalled();

    await vi.waitFor(() => expect(answered).toHaveLength(3));
    expect(answered).toEqual(['/healthz to the app', 'first search to the app', 'second search']);
    expect(gateway.refusalNow).toHaveBeenCalledTimes(1);
  });

  it('hands a request the door could not decide to the app once, whether the failure is its own, the sign-in\'s promise or the app\'s', async () => {
    const broken = { libraries: gw.gateway.libraries, refusalPossible: () => true, refusalNow: vi.fn((): Refusal | undefined => {
      throw new Error('admission state unreadable');
    }) };
    const errors: unknown[] = [];
    const logger = silentLogger();
    vi.spyOn(logger, 'error').mockImplementation(((fields: { err?: unknown }) => void errors.push(fields.err)) as never);
    const req = () => ({ method: 'GET', url: '/api/search?title=history', headers: {}, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
    const res = () => ({ headersSent: false, setHeader: vi.fn(), writeHead: vi.fn(), end: vi.fn() }) as unknown as ServerResponse;

    // The decision throws: logged, and the app answers.
    const sync = vi.fn();
    fastRefusal({ gateway: broken, logger, authenticate: () => undefined, isDraining: () => false })(req(), res(), sync);
    expect(sync).toHaveBeenCalledTimes(1);

    // The same after a sign-in that answers later: no unhandled rejection, the app answers once.
    const later = vi.fn();
    fastRefusal({ gateway: broken, logger, authenticate: () => Promise.resolve(undefined), isDraining: () => false })(req(), res(), later);
    await vi.waitFor(() => expect(later).toHaveBeenCalledTimes(1));

    // The app itself throws when handed an admitted search: logged, not handed it a second time.
    const admitting = { ...broken, refusalNow: vi.fn(() => undefined) };
    const throwing = vi.fn(() => {
      throw new Error('app failed');
    });
    fastRefusal({ gateway: admitting, logger, authenticate: () => undefined, isDraining: () => false })(req(), res(), throwing);
    expect(throwing).toHaveBeenCalledTimes(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['admission state unreadable', 'admission state unreadable', 'app failed']);
  });
});
