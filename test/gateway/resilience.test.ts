/**
 * Breaker and learned timeouts on simulated libraries (real sockets): a member that always
 * times out costs its budget three times, then is skipped with its reason, while the other
 * members' results stay the same; librarians see the breaker and can ask for a retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningDemo } from '../../src/demo/start.ts';
import type { QueryNode } from '../../src/query/model.ts';
import type { ResultSet } from '../../src/resultsets/store.ts';
import { startSimulatedGateway } from '../helpers/demo-gateway.ts';

const query: QueryNode = { kind: 'term', field: 'keyword', value: 'china', mode: 'words' };

describe('a member known to time out', () => {
  let gw: RunningDemo;
  beforeAll(async () => {
    gw = await startSimulatedGateway([{ id: 'fast', latencyMs: 5 }, { id: 'steady', latencyMs: 20 }, { id: 'bift', zh: '北京服装学院图书馆', latencyMs: 10_000, timeoutMs: 400 }], { deadlineMs: 8000 });
  }, 20_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('is skipped after 3 timeouts with since, failures and retry time, and the others answer the same', async () => {
    const { gateway } = gw;
    const outcomes: ResultSet[] = [];
    for (let i = 0; i < 4; i++) outcomes.push((await gateway.search(query, gateway.libraries, { fresh: true })).resultSet);
    const states = outcomes.map((set) => set.statuses.find((s) => s.library === 'bift')!);
    expect(states.slice(0, 3).map((s) => s.state)).toEqual(['timeout', 'timeout', 'timeout']);
    const skipped = states[3]!;
    expect(skipped).toMatchObject({ state: 'skipped', hits: 0, diagnostic: { code: 'unavailable' }, skip: { code: 'unavailable', failures: 3 } });
    expect(skipped.skip?.en).toMatch(/^skipped: unavailable since \d\d:\d\d \(3 failures\), retrying at \d\d:\d\d$/);
    // That an open breaker does not ask the library at all is counted on fake timers in
    // test/interceptors/circuit-breaker.test.ts; no elapsed-time comparison here.
    const others = (set: ResultSet) => set.records.filter((r) => r.library !== 'bift').map((r) => r.id).sort();
    expect(others(outcomes[3]!)).toEqual(others(outcomes[0]!));
    expect(others(outcomes[0]!).length).toBeGreaterThan(0);
    expect(outcomes[3]!.statuses.filter((s) => s.library !== 'bift').map((s) => s.state)).toEqual(['ok', 'ok']);
  }, 20_000);

  it('shows librarians the breaker and the learned timeout; "retry now" probes at once and the breaker stays open', async () => {
    const { body } = await (await request(`${gw.url}/api/libraries`, { headers: { 'x-demo-role': 'librarian' } })).body.json().then((b) => ({ body: b as { libraries: { id: string; health: Record<string, unknown> }[] } }));
    const bift = body.libraries.find((l) => l.id === 'bift')!;
    expect(bift.health.breaker).toMatchObject({ state: 'open', failures: 3 });
    expect(bift.health.timeout).toEqual({ ms: 400, configuredMs: 400 });
    const fast = body.libraries.find((l) => l.id === 'fast')!;
    expect(fast.health.latency).toMatchObject({ samples: 4 });

    const readerTry = await request(`${gw.url}/api/libraries/bift/retry`, { method: 'POST' });
    expect(readerTry.statusCode).toBe(403);
    await readerTry.body.dump();
    const retried = await request(`${gw.url}/api/libraries/bift/retry`, { method: 'POST', headers: { 'x-demo-role': 'librarian' } });
    expect(retried.statusCode).toBe(200);
    const answer = (await retried.body.json()) as { breaker: { state: string; failures: number; cooldownMs: number } };
    // The probe timed out too: open again, with the doubled cooldown.
    expect(answer.breaker).toMatchObject({ state: 'open', failures: 4, cooldownMs: 240_000 });
  }, 20_000);
});
