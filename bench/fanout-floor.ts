/**
 * bench:fanout's floor (informational, never a contender): a bare client sending the simulators
 * the gateway's own 32 requests at once, in the order the gateway starts them once it has learned
 * their times (the fastest, then the slowest first), reading each body and nothing more (no
 * decode, map, merge, page or JSON). What a gateway with no time of its own would see: the
 * simulators' answer times under a burst of 32, which their configured latencies leave out.
 */
import { Agent, request } from 'undici';
import { requestParams } from '../adapters/sru/client.ts';
import { sruSettingsSchema } from '../adapters/sru/settings.ts';

export interface FloorTimes {
  /** Per burst: ms from the first request to the fastest library's whole body. */
  first: number[];
  /** Per burst: ms until every library's whole body was read. */
  all: number[];
}

/** `cql`: what the gateway sends for the bench's search; `order`: indexes into `urls`, first sent first. */
export async function floorBursts(urls: readonly string[], order: readonly number[], fastest: number, cql: string, records: number, bursts: number): Promise<FloorTimes> {
  // Pooled as the gateway's agent is (src/gateway/gateway.ts agentFor).
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const query = (url: string) => requestParams(sruSettingsSchema.parse({ url, version: '1.2' }), { cql, startRecord: 1, maximumRecords: records }, {}).toString();
  const targets = order.map((i) => `${urls[i] as string}?${query(urls[i] as string)}`);
  const times: FloorTimes = { first: [], all: [] };
  try {
    for (let burst = 0; burst < bursts; burst++) {
      const started = performance.now();
      let first = NaN;
      await Promise.all(
        targets.map(async (target, k) => {
          const res = await request(target, { dispatcher: agent });
          await res.body.arrayBuffer();
          if (order[k] === fastest) first = performance.now() - started;
        }),
      );
      times.all.push(performance.now() - started);
      times.first.push(first);
    }
  } finally {
    await agent.close();
  }
  return times;
}
