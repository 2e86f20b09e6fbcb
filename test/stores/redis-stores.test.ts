/**
 * The Redis stores against a real redis-server: result sets shared between two connections (two
 * instances), compact and capped; token buckets and concurrency caps shared across three
 * limiter sets; health samples; Redis lost and back.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreStartError, StoreUnavailableError } from '../../src/stores/errors.ts';
import { connectRedis } from '../../src/stores/redis/connection.ts';
import { RedisHealth } from '../../src/stores/redis/health.ts';
import type { TargetAdapter } from '../../src/adapter-api/contract.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { circuitBreaker } from '../../src/interceptors/circuit-breaker.ts';
import { compose } from '../../src/interceptors/interceptor.ts';
import { RedisLimiters } from '../../src/stores/redis/limits.ts';
import { RedisResultSets } from '../../src/stores/redis/result-sets.ts';
import { freeLoopbackPort } from '../../peers/proc.ts';
import { startRedis, type RedisPeer } from '../../peers/services.ts';
import { describeService } from '../peers/services.ts';
import { pendingMarcBytes } from '../../src/records/lazy-marc.ts';
import { encodeResultSet } from '../../src/stores/redis/codec.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import { catalogueResultSet, makeResultSet } from './sets.ts';

/** The first defined answer of `read`, asked again every 10 ms for at most 5 s (an announcement travels on its own connection). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  const until = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeService('Redis stores (real redis-server)', ['redis'], () => {
  let peer: RedisPeer;
  const clients: Redis[] = [];
  const connect = async () => {
    const client = await connectRedis(peer.url, { field: 'test.url' });
    clients.push(client);
    return client;
  };
  const options = { ttlSeconds: 600, maxResultSets: 3, maxBytesPerSet: 5_000_000, keyPrefix: 't:' };

  beforeAll(async () => {
    peer = await startRedis();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await peer?.stop();
  });

  it('shares a result set between instances: read on another instance right after the put, equal to what was kept', async () => {
    const a = new RedisResultSets(await connect(), options);
    const b = new RedisResultSets(await connect(), options);
    await b.listen();
    // The fixture catalogue as five libraries serve it: CJK and 880 original script, copies with ILL verdicts, multi-volume sets.
    const set = catalogueResultSet(['pku', 'tsinghua', 'nlc', 'bnu', 'ruc'], 'title=历史');
    expect(set.clusters.some((c) => c.merged.volume !== '' && c.records.length > 1)).toBe(true);
    expect(set.clusters.some((c) => c.setGroup !== undefined)).toBe(true);
    expect(set.records.some((r) => /[\u4e00-\u9fff]/u.test(r.title))).toBe(true);
    expect(set.records.every((r) => r.marc !== undefined)).toBe(true);
    await a.put(set);
    // No flush: b finds the claim and waits for a's write, as an instance paging right after the answer does.
    const read = await b.get(set.id);
    // Each record's MARC waits in its source (lazy-marc.ts) until something reads it; equality below reads it.
    expect(read!.records.every((r) => pendingMarcBytes(r) !== undefined)).toBe(true);
    expect(read).toEqual(set);
    expect(read!.records.every((r) => pendingMarcBytes(r) === undefined)).toBe(true);
    const multi = read!.clusters.find((c) => c.records.length > 1)!;
    expect(multi.records[0]).toBe(read!.records.find((r) => r.id === multi.records[0]!.id));
    // A holdings row lists the records' own copies, not copies of them.
    const row = multi.holdings.find((h) => h.holdings.length > 0)!;
    expect(read!.records.some((r) => r.holdings.includes(row.holdings[0]!))).toBe(true);
    expect((await eventually(() => b.findByKey(set.key)))?.id).toBe(set.id);
    const record = set.records[7]!;
    expect((await b.findRecord(record.id))?.record).toEqual(record);
    const page = await b.page(set.id, 10, 5);
    expect(page?.total).toBe(set.clusters.length);
    expect(page?.clusters.map((c) => c.id)).toEqual(set.clusters.slice(10, 15).map((c) => c.id));
  });

  it('a set of merge-corpus records without MARC round-trips too', async () => {
    const a = new RedisResultSets(await connect(), options);
    const b = new RedisResultSets(await connect(), options);
    const set = makeResultSet(120, 3);
    await a.put(set);
    const read = await b.get(set.id);
    expect(read).toEqual(set);
    expect(read!.records.some((r) => 'marc' in r)).toBe(false);
  });

  it('stores the set compactly: records once, clusters and holdings rows by index, MARC as arrays, deflated', () => {
    for (const set of [catalogueResultSet(), makeResultSet(300, 5)]) {
      const encoded = encodeResultSet(set);
      const stored = encoded.body.length + encoded.marc.length;
      // Measured: 13 to 14 times smaller than the set's JSON, 4.6 to 5.5 times smaller than its records' JSON alone.
      expect(stored).toBeLessThan(Buffer.byteLength(JSON.stringify(set)) / 8);
      expect(stored).toBeLessThan(Buffer.byteLength(JSON.stringify(set.records)) / 3);
    }
  });

  it('keeps at most maxResultSets (oldest dropped) with the TTL on every key, and touch restarts it', async () => {
    const client = await connect();
    const store = new RedisResultSets(client, { ...options, keyPrefix: 'cap:' });
    const other = new RedisResultSets(await connect(), { ...options, keyPrefix: 'cap:' });
    const sets = [1, 2, 3, 4, 5].map((seed) => makeResultSet(20, seed));
    for (const set of sets) await store.put(set);
    await store.flush();
    expect(await other.get(sets[0]!.id)).toBeUndefined();
    expect(await other.get(sets[1]!.id)).toBeUndefined();
    expect((await other.get(sets[4]!.id))?.id).toBe(sets[4]!.id);
    expect(await client.zcard('cap:idx:')).toBe(3);
    const pttl = await client.pttl(`cap:rs:${sets[4]!.id}`);
    expect(pttl).toBeGreaterThan(30_000);
    expect(pttl).toBeLessThanOrEqual(600_000);
    const recordIndex = (await client.keys('cap:rr:*'))[0]!;
    expect(await client.pttl(recordIndex)).toBeGreaterThan(0);
    expect(await client.pttl(recordIndex)).toBeLessThanOrEqual(1_200_000);
    await client.pexpire(`cap:rs:${sets[4]!.id}`, 5_000);
    expect(await other.touch(sets[4]!.id)).toBe(true);
    expect(await client.pttl(`cap:rs:${sets[4]!.id}`)).toBeGreaterThan(5_000);
    expect(await other.touch(sets[0]!.id)).toBe(false);
  });

  it('a set over maxBytesPerSet stays on its instance; the others read it as gone', async () => {
    const oversize: number[] = [];
    const small = { ...options, keyPrefix: 'big:', maxBytesPerSet: 10_000 };
    const store = new RedisResultSets(await connect(), { ...small, onOversize: (_id, bytes) => oversize.push(bytes) });
    const other = new RedisResultSets(await connect(), small);
    const set = catalogueResultSet();
    await store.put(set);
    await store.flush();
    expect(oversize).toHaveLength(1);
    expect(oversize[0]).toBeGreaterThan(10_000);
    expect(await other.get(set.id)).toBeUndefined();
    expect(await store.get(set.id)).toBe(set);
    // The same search is still answered from it on its own instance, and asked again elsewhere.
    expect(await store.findByKey(set.key)).toBe(set);
    expect(await other.findByKey(set.key)).toBeUndefined();
  });

  it('a read waits for a claimed set only while its claim lives, and only so long', async () => {
    const client = await connect();
    const id = 'claimed-by-a-dead-instance';
    await client.hset(`dead:rs:${id}`, 'p', '1');
    await client.pexpire(`dead:rs:${id}`, 300);
    const waiting = new RedisResultSets(await connect(), { ...options, keyPrefix: 'dead:', pendingWaitMs: 10_000 });
    // The writer died: the claim expires and the set reads as gone, not as an error.
    await expect(waiting.get(id)).resolves.toBeUndefined();
    await client.hset(`dead:rs:${id}`, 'p', '1');
    const impatient = new RedisResultSets(await connect(), { ...options, keyPrefix: 'dead:', pendingWaitMs: 50 });
    await expect(impatient.get(id)).rejects.toThrow(StoreUnavailableError);
  });

  it('a reserved set: its claim travels with the search, once it has landed the set is kept without a round trip, the reuse announcement comes with the write', async () => {
    const client = await connect();
    const store = new RedisResultSets(client, { ...options, keyPrefix: 'res:' });
    const other = new RedisResultSets(await connect(), { ...options, keyPrefix: 'res:' });
    await other.listen();
    const set = makeResultSet(15, 21, 'reserved-search');
    // A search's hold is its deadline less its wait for admission: not a whole number of ms.
    store.reserve(set.id, 8_000 - 12.375);
    // Travelling: a search that keeps its set after answering waits for this first (gateway.ts claimLanded).
    const landing = store.claimLanding(set.id);
    expect(landing).toBeInstanceOf(Promise);
    // A command sent after the claim on the same connection is answered after it: the claim has landed.
    await client.ping();
    await landing;
    expect(store.claimLanding(set.id)).toBeUndefined();
    expect(await client.hget(`res:rs:${set.id}`, 'p')).toBe('1');
    expect(await client.pttl(`res:rs:${set.id}`)).toBeGreaterThan(30_000);
    expect(await client.zscore('res:idx:', set.id)).not.toBeNull();
    expect(await other.findByKey(set.key)).toBeUndefined();
    // Landed: kept at once, without a round trip.
    expect(store.keepNow(set)).toBe(true);
    await store.flush();
    expect((await eventually(() => other.findByKey(set.key)))?.id).toBe(set.id);
    // A claim still travelling: not kept at once; put() takes it over.
    const travelling = makeResultSet(15, 24, 'travelling-search');
    store.reserve(travelling.id, 8_000);
    expect(store.keepNow(travelling)).toBe(false);
    expect(store.claimLanding(makeResultSet(15, 25, 'never-reserved').id)).toBeUndefined();
    await store.put(travelling);
    await store.flush();
    expect((await other.get(travelling.id))?.id).toBe(travelling.id);
    // Without a reservation (rechecked holdings) nothing is kept at once and the put claims first: one round trip, after the ping.
    const unreserved = makeResultSet(15, 22, 'unreserved-search');
    expect(store.keepNow(unreserved)).toBe(false);
    expect(await Promise.race([client.ping().then(() => 'ping'), store.put(unreserved).then(() => 'put')])).toBe('ping');
    await store.flush();
    expect((await other.get(unreserved.id))?.id).toBe(unreserved.id);
  });

  it('an abandoned reservation leaves no set and no index entry', async () => {
    const client = await connect();
    const store = new RedisResultSets(client, { ...options, keyPrefix: 'ab:' });
    const set = makeResultSet(10, 23, 'failed-search');
    store.reserve(set.id, 8_000);
    store.abandon(set.id);
    // The abandon script follows the claim on the same connection.
    await client.ping();
    await client.ping();
    expect(await client.exists(`ab:rs:${set.id}`)).toBe(0);
    expect(await client.zscore('ab:idx:', set.id)).toBeNull();
  });

  it('a partial search is announced for reuse only briefly', async () => {
    const client = await connect();
    const store = new RedisResultSets(client, { ...options, keyPrefix: 'partial:' });
    const listener = (await connect()).duplicate();
    clients.push(listener);
    await listener.connect();
    const heard = new Promise<string>((resolve) => listener.on('message', (_channel: string, message: string) => resolve(message)));
    await listener.subscribe('partial:reuse:');
    const set = makeResultSet(10, 9);
    set.statuses[0] = { ...set.statuses[0]!, state: 'timeout' };
    await store.put(set);
    await store.flush();
    // "<id> <reuse ms> <search key>": the key last, as it is (it may hold spaces).
    const [id, ms, ...key] = (await heard).split(' ');
    expect(id).toBe(set.id);
    expect(Number(ms)).toBeLessThanOrEqual(30_000);
    expect(key.join(' ')).toBe(set.key);
    expect(await client.pttl(`partial:rs:${set.id}`)).toBeGreaterThan(30_000);
  });

  it('the reuse lookup is local: B knows A\'s sets from their announcement; a miss sends Redis nothing, a hit one read; a set gone from Redis is asked again', async () => {
    const near = { ...options, keyPrefix: 'near:', maxResultSets: 10 };
    const aClient = await connect();
    const a = new RedisResultSets(aClient, near);
    const b = new RedisResultSets(await connect(), near);
    const c = new RedisResultSets(await connect(), near);
    await Promise.all([b.listen(), c.listen()]);
    // Every command Redis runs, from any connection (MONITOR); a marker tells when all before it were seen.
    const monitor = await aClient.monitor();
    clients.push(monitor);
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
    const marker = await connect();
    const commandsDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
      const drain = async () => {
        const mark = `mark-${seen.length}-${Math.random()}`;
        await marker.echo(mark);
        await eventually(async () => (seen.some((args) => args.includes(mark)) ? true : undefined));
      };
      await drain();
      seen.length = 0;
      await work();
      await drain();
      return seen.filter((args) => !args[0]?.toLowerCase().startsWith('echo')).map((args) => args[0]!.toLowerCase());
    };

    // A miss: known without a round trip (the gateway does not even call findByKey), and findByKey sends nothing either.
    expect(b.mayReuse('a search nobody made')).toBe(false);
    expect(await commandsDuring(() => b.findByKey('a search nobody made'))).toEqual([]);
    const set = makeResultSet(12, 31, 'near-search');
    await a.put(set);
    await a.flush();
    // C hears the announcement and reads the set: one HMGET, whatever misses came before the announcement.
    let onC: ResultSet | undefined;
    expect(await commandsDuring(async () => (onC = await eventually(() => c.findByKey(set.key))))).toEqual(['hmget']);
    expect(onC).toEqual(set);
    expect(c.mayReuse(set.key)).toBe(true);
    // Kept in process now: a hit only checks that the set is still in Redis.
    expect(await commandsDuring(() => c.findByKey(set.key))).toEqual(['hexists']);
    expect((await eventually(() => b.findByKey(set.key)))?.id).toBe(set.id);
    // Gone from Redis (expired, dropped by the cap): not served; forgotten, so the next lookup is a miss again.
    await aClient.del(`near:rs:${set.id}`);
    expect(await commandsDuring(async () => expect(await c.findByKey(set.key)).toBeUndefined())).toEqual(['hexists']);
    expect(await commandsDuring(async () => expect(await c.findByKey(set.key)).toBeUndefined())).toEqual([]);
    expect(c.mayReuse(set.key)).toBe(false);
    await a.close();
    await b.close();
    await c.close();
  });

  it('one token bucket for three instances: a burst of calls gets exactly `burst` tokens at once', async () => {
    const clientsOf = await Promise.all([0, 1, 2].map(() => connect()));
    const limiters = clientsOf.map((client) => new RedisLimiters(client, { keyPrefix: 'rl:' }));
    // One token per 100 s: the burst is all anyone can take while the test runs, however slow the machine.
    const buckets = limiters.map((l) => l.rate('shl', { ratePerSecond: 0.01, burst: 4 }));
    const immediate: number[] = [];
    let burstTaken: () => void = () => undefined;
    const fourGranted = new Promise<void>((resolve) => (burstTaken = resolve));
    const controller = new AbortController();
    const granted = (instance: number) => {
      if (immediate.push(instance) === 4) burstTaken();
    };
    const takes = buckets.flatMap((bucket, instance) => [0, 1, 2].map(() => bucket.take(controller.signal).then(() => granted(instance), () => undefined)));
    await fourGranted;
    // A connection answers in order: once these pings return, the takes sent before them have had their answer.
    await Promise.all(clientsOf.map((client) => client.ping()));
    controller.abort(new Error('test over'));
    await Promise.all(takes);
    expect(immediate).toHaveLength(4);
    expect(Number(await clientsOf[0]!.hget('rl:rate:shl', 'tokens'))).toBeLessThan(1);
  });

  it('one concurrency cap for three instances', async () => {
    const limiters = await Promise.all([0, 1, 2].map(async () => new RedisLimiters(await connect(), { keyPrefix: 'cc:', pollMs: 5 })));
    const caps = limiters.map((l) => l.concurrency('shl', 2));
    let active = 0;
    let peak = 0;
    // The first task holds its slot until a second one is running beside it: the overlap is certain, not a race of sleeps.
    let bothIn: () => void = () => undefined;
    const overlapped = new Promise<void>((resolve) => (bothIn = resolve));
    const signal = new AbortController().signal;
    const task = async () => {
      active += 1;
      peak = Math.max(peak, active);
      if (active === 2) bothIn();
      await overlapped;
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
    };
    await Promise.all(caps.flatMap((cap) => [0, 1, 2].map(() => cap.run(signal, task))));
    expect(peak).toBe(2);
  });

  it('health samples from every instance, summarized on any', async () => {
    const clientA = await connect();
    const clientB = await connect();
    const a = new RedisHealth(clientA, 'h:');
    const b = new RedisHealth(clientB, 'h:');
    a.record({ library: 'pku', state: 'ok', hits: 3, fetched: 3, elapsedMs: 100, warnings: [] });
    b.record({ library: 'pku', state: 'timeout', hits: 0, fetched: 0, elapsedMs: 300, warnings: [], diagnostic: { source: 'gateway', code: 'deadline', message: 'too slow' } });
    b.record({ library: 'pku', state: 'suspended', hits: 0, fetched: 0, elapsedMs: 0, warnings: [] });
    // record() does not wait; a connection answers in order, so a ping after it means the samples are written.
    await Promise.all([clientA.ping(), clientB.ping()]);
    const summary = (await a.summaries(['pku', 'ruc'])).get('pku');
    expect(summary).toMatchObject({ searches: 2, answerRate: 0.5, lastError: { code: 'deadline' } });
    expect((await b.summaries(['ruc'])).get('ruc')).toEqual({ searches: 0 });
  });

  it('one breaker for every instance: opened by one, skipped by the other, probed by one of them', async () => {
    const a = new RedisHealth(await connect(), 'br:');
    const b = new RedisHealth(await connect(), 'br:');
    const calls = { a: 0, b: 0 };
    const down = (who: 'a' | 'b'): TargetAdapter => ({
      search: () => {
        calls[who]++;
        return Promise.reject(new TargetError({ source: 'http', code: 'ECONNREFUSED', message: 'connection refused' }));
      },
      close: async () => {},
    });
    const settings = { library: 'pku', failures: 3, cooldownMs: 60_000, maxCooldownMs: 120_000, probeTimeoutMs: 100 };
    const onA = compose(down('a'), [circuitBreaker({ ...settings, store: a })]);
    const onB = compose(down('b'), [circuitBreaker({ ...settings, store: b })]);
    const search = (adapter: TargetAdapter) => adapter.search({ query: { kind: 'term', field: 'title', value: 'x', mode: 'words' }, start: 1, count: 1, signal: new AbortController().signal }).catch((e: unknown) => e as TargetError);
    await search(onA);
    await search(onB);
    await search(onA);
    expect(await b.breaker('pku')).toMatchObject({ state: 'open', failures: 3, lastError: 'connection refused' });
    const skipped = await search(onB);
    expect((skipped as TargetError).state).toBe('skipped');
    expect(calls).toEqual({ a: 2, b: 1 });
    // The half-open probe is claimed once for both instances.
    expect(await a.claimProbe('pku', 1000)).toBe(true);
    expect(await b.claimProbe('pku', 1000)).toBe(false);
    await onA.close();
    await onB.close();
  });

  it('breaker states known locally once listening: one GET per library, then announcements; a lost subscription forgets', async () => {
    const aClient = await connect();
    const bClient = await connect();
    const a = new RedisHealth(aClient, 'bl:');
    const b = new RedisHealth(bClient, 'bl:');
    await Promise.all([a.listen(), b.listen()]);
    const commands: string[] = [];
    const monitor = await aClient.monitor();
    clients.push(monitor);
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args[0]!.toLowerCase()));
    const marker = await connect();
    // Every command before a marker has been seen once the marker has.
    const drained = async () => {
      const mark = `mark-${Math.random()}`;
      await marker.echo(mark);
      await eventually(async () => (commands.includes('echo') ? true : undefined));
      const before = commands.slice(0, commands.indexOf('echo'));
      commands.length = 0;
      return before;
    };
    await drained();

    expect(await b.breaker('pku')).toBeUndefined();
    expect(await b.breaker('pku')).toBeUndefined();
    expect(await drained()).toEqual(['get']);
    const open = { state: 'open' as const, failures: 3, since: '2026-12-05T10:05:00.000Z', retryAt: '2026-12-05T10:07:00.000Z', cooldownMs: 120_000, lastError: 'connection refused' };
    await a.putBreaker('pku', open);
    // A's own next read is exact at once; B hears it, and neither asks Redis.
    expect(await a.breaker('pku')).toEqual(open);
    expect(await eventually(async () => ((await b.breaker('pku'))?.state === 'open' ? true : undefined))).toBe(true);
    expect(await drained()).toEqual(['multi', 'set', 'publish', 'exec']);
    await b.putBreaker('pku', { state: 'closed', failures: 0 });
    expect(await eventually(async () => ((await a.breaker('pku'))?.state === 'closed' ? true : undefined))).toBe(true);

    // B's subscription lost: what it knew is forgotten (a write meanwhile would be missed), so it asks Redis again.
    await a.putBreaker('pku', open);
    expect(await eventually(async () => ((await b.breaker('pku'))?.state === 'open' ? true : undefined))).toBe(true);
    await drained();
    b.close();
    await aClient.set('bl:breaker:pku', JSON.stringify({ state: 'closed', failures: 0 }));
    expect(await b.breaker('pku')).toEqual({ state: 'closed', failures: 0 });
    expect((await drained()).filter((c) => c === 'get')).toEqual(['get']);
  });

  it('answer latencies for the learned timeouts, from every instance', async () => {
    const clientA = await connect();
    const clientB = await connect();
    const a = new RedisHealth(clientA, 'lat:');
    const b = new RedisHealth(clientB, 'lat:');
    a.record({ library: 'pku', state: 'ok', hits: 3, fetched: 3, elapsedMs: 120, warnings: [] });
    b.record({ library: 'pku', state: 'ok', hits: 3, fetched: 3, elapsedMs: 80, warnings: [] });
    b.record({ library: 'pku', state: 'timeout', hits: 0, fetched: 0, elapsedMs: 3000, warnings: [] });
    // Written once each connection has answered a later ping; two connections' samples land in either order.
    await Promise.all([clientA.ping(), clientB.ping()]);
    expect((await a.latencies(['pku', 'ruc'])).get('pku')?.sort((x, y) => x - y)).toEqual([80, 120]);
    expect((await a.latencies(['ruc'])).get('ruc')).toEqual([]);
  });

  it('refuses to start when Redis is not there, naming the field', async () => {
    const port = await freeLoopbackPort();
    await expect(connectRedis(`redis://127.0.0.1:${port}`, { field: 'gateway.stores.resultSets.url' })).rejects.toThrow(StoreStartError);
    await expect(connectRedis(`redis://:secret@127.0.0.1:${port}`, { field: 'gateway.stores.resultSets.url' })).rejects.toThrow(/gateway\.stores\.resultSets\.url: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1.*not reachable/u);
    await expect(connectRedis('http://127.0.0.1:1', { field: 'gateway.stores.limits.url' })).rejects.toThrow(/gateway\.stores\.limits\.url: "http:" is not a Redis URL/u);
  });

  it('Redis lost: reads fail as unavailable, limits fall back per instance; back: reconnects', async () => {
    const lost = await startRedis();
    const client = await connectRedis(lost.url, { field: 'test.url' });
    clients.push(client);
    const store = new RedisResultSets(client, { ...options, nearCache: 0 });
    const listeningClient = await connectRedis(lost.url, { field: 'test.url' });
    clients.push(listeningClient);
    const listening = new RedisResultSets(listeningClient, { ...options, nearCache: 0 });
    await listening.listen();
    const set = makeResultSet(10, 11);
    await store.put(set);
    const limiter = new RedisLimiters(client, { keyPrefix: 'lost:' }).rate('shl', { ratePerSecond: 100, burst: 1 });
    await lost.stop();
    // ioredis notices the closed connection on its own schedule: wait for it (bounded), not a fixed sleep.
    for (let i = 0; i < 100 && store.ready(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.ready()).toBe(false);
    await expect(store.get(set.id)).rejects.toThrow(StoreUnavailableError);
    await expect(store.put(makeResultSet(5, 12))).rejects.toThrow(StoreUnavailableError);
    await expect(limiter.take(new AbortController().signal)).resolves.toBeUndefined();
    const back = await startRedis({ port: lost.port });
    try {
      for (let i = 0; i < 100 && client.status !== 'ready'; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(store.ready()).toBe(true);
      // A fresh Redis holds nothing: the set is gone, not an error.
      expect(await store.get(set.id)).toBeUndefined();
      // Whatever the other store heard before the loss, the set is gone: asked again, not served.
      expect(await listening.findByKey(set.key)).toBeUndefined();
      // Its subscriber reconnects (on its own schedule) and resubscribes: sets kept now are announced to it again.
      const kept: ResultSet[] = [];
      const found = await eventually(async () => {
        const again = makeResultSet(5, 40 + kept.length, `after-the-loss-${kept.length}`);
        await store.put(again);
        await store.flush();
        kept.push(again);
        for (const k of kept) if (await listening.findByKey(k.key)) return k;
        return undefined;
      });
      expect(found).toBeDefined();
      await listening.close();
    } finally {
      await back.stop();
    }
  }, 20_000);
});
