/**
 * The SSE stream shows the first library's clusters while a slower library is still searching:
 * ordering asserted with a library the test holds open, no wall-clock thresholds.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { z } from 'zod';
import type { AdapterRegistry, SearchResult } from '../../src/adapter-api/contract.ts';
import { parseConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/logging.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { tempDataDir } from '../helpers/temp-data.ts';

function record(library: string, n: number): BibRecord {
  return {
    id: `${library}:${n}`, library, localId: String(n), format: 'marc21', title: `万历十五年 ${library} ${n}`, sortTitle: `万历十五年 ${library} ${n}`,
    authors: [], series: [], languages: [], languageNames: [], isbns: [], issns: [], otherIds: [], materialType: '图书',
    subjects: [], classifications: [], notes: [], contents: [], links: [], holdings: [], warnings: [],
  };
}

/** The slow library answers only when the test says so; the fast one answers at once. */
let releaseSlow: (() => void) | undefined;
let slowAsked: (() => void) | undefined;
const slowStarted = new Promise<void>((resolve) => (slowAsked = resolve));

const registry: AdapterRegistry = new Map([
  [
    'held',
    {
      kind: 'held',
      settingsSchema: z.object({ hold: z.boolean() }).strict(),
      create: (settings: { hold: boolean }, context) => ({
        search: async (req) => {
          const library = context.library.id;
          const answer: SearchResult = { hits: 3, records: [0, 1, 2].map((n) => record(library, n)), diagnostics: [] };
          if (!settings.hold) return answer;
          slowAsked?.();
          await new Promise<void>((resolve, reject) => {
            releaseSlow = resolve;
            req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true });
          });
          return answer;
        },
        close: async () => {},
      }),
    },
  ],
]);

interface SseEvent {
  event: string;
  data: { library?: string; phase?: string; status?: { library: string }; changed?: { members: { library: string }[] }[] };
}

/** Reads SSE events as they arrive, so the test can act between them. */
async function* events(body: AsyncIterable<Buffer | string>): AsyncGenerator<SseEvent> {
  let buffered = '';
  for await (const chunk of body) {
    buffered += chunk.toString();
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      yield { event: /^event: (.*)$/m.exec(block)?.[1] ?? '', data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') };
    }
  }
}

describe('SSE stream ordering', () => {
  let gw: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    dir = tempDataDir();
    const config = parseConfig(
      {
        gateway: { port: 0, deadlineMs: 10_000, cache: { ttlSeconds: 0 } },
        libraries: [
          { id: 'fast', name: { zh: '快', en: 'Fast' }, category: '其他类', adapter: 'held', settings: { hold: false } },
          { id: 'slow', name: { zh: '慢', en: 'Slow' }, category: '其他类', adapter: 'held', settings: { hold: true } },
        ],
      },
      'stream-order',
      registry,
    );
    gw = await startGateway({ config, registry, logger: silentLogger(), port: 0, ill: { dataDir: dir } });
  });
  afterAll(async () => {
    releaseSlow?.();
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A stream that waited for every library would only see the slow one settle at the deadline (10 s), status first.
  it("sends the fast library's clusters before the slow library has answered", async () => {
    const res = await request(`${gw.url}/api/search/stream?title=万历十五年`);
    expect(res.statusCode).toBe(200);
    const seen: SseEvent[] = [];
    let released = false;
    for await (const event of events(res.body)) {
      seen.push(event);
      if (event.event === 'clusters' && !released) {
        // The slow library is still held: this event cannot have waited for it.
        await slowStarted;
        expect(seen.some((e) => e.event === 'library' && e.data.status?.library === 'slow')).toBe(false);
        expect(event.data.changed?.flatMap((c) => c.members.map((m) => m.library))).toEqual(['fast', 'fast', 'fast']);
        released = true;
        releaseSlow?.();
      }
    }
    const names = seen.map((e) => `${e.event}:${e.data.status?.library ?? ''}`);
    const firstClusters = names.indexOf('clusters:');
    expect(firstClusters).toBeGreaterThan(names.indexOf('library:fast'));
    expect(names.indexOf('library:slow')).toBeGreaterThan(firstClusters);
    expect(names.at(-1)).toBe('done:');
  });
});
