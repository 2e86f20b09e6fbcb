import { describe, expect, it } from 'vitest';
import { answerHealth, readHealth } from '../../src/http/health-thread.ts';
import { healthStateBuffer, writeHealth } from '../../src/http/health-state.ts';

const SETTINGS = { maxLoopStallMs: 10_000, libraries: 31 };
const NOW = 1_764_000_000_000;
const healthy = { beatAt: NOW - 80, draining: false, ready: true, readyAt: NOW - 400 };

describe('answerHealth', () => {
  it('is up and ready while the main loop beats and the stores answer', () => {
    expect(answerHealth('/healthz', healthy, NOW, SETTINGS)).toEqual({ status: 200, body: { status: 'ok', libraries: 31, loopBeatMsAgo: 80 } });
    expect(answerHealth('/readyz', healthy, NOW, SETTINGS)).toEqual({ status: 200, body: { status: 'ready', checkedMsAgo: 400 } });
  });

  it('says stalled once the main loop has not beaten for longer than the limit', () => {
    const state = { ...healthy, beatAt: NOW - 10_001 };
    expect(answerHealth('/healthz', state, NOW, SETTINGS)).toEqual({ status: 503, body: { status: 'stalled', stalledMs: 10_001 } });
    expect(answerHealth('/readyz', state, NOW, SETTINGS)?.status).toBe(503);
    // A second's stall under a burst is not a dead instance.
    expect(answerHealth('/healthz', { ...healthy, beatAt: NOW - 1500 }, NOW, SETTINGS)?.status).toBe(200);
  });

  it('is neither up nor ready while draining', () => {
    const state = { ...healthy, draining: true };
    expect(answerHealth('/healthz', state, NOW, SETTINGS)).toEqual({ status: 503, body: { status: 'draining' } });
    expect(answerHealth('/readyz', state, NOW, SETTINGS)).toEqual({ status: 503, body: { status: 'not ready', checkedMsAgo: 400, draining: true } });
  });

  it('is up but not ready when a store fails, or when the last check is too old to trust', () => {
    expect(answerHealth('/healthz', { ...healthy, ready: false }, NOW, SETTINGS)?.status).toBe(200);
    expect(answerHealth('/readyz', { ...healthy, ready: false }, NOW, SETTINGS)?.status).toBe(503);
    expect(answerHealth('/readyz', { ...healthy, readyAt: NOW - 10_001 }, NOW, SETTINGS)).toEqual({ status: 503, body: { status: 'not ready', checkedMsAgo: 10_001 } });
  });

  it('answers nothing for other paths', () => {
    expect(answerHealth('/api/search', healthy, NOW, SETTINGS)).toBeUndefined();
  });
});

describe('the shared buffer', () => {
  it('reads back what the main thread wrote, slot by slot', () => {
    const buffer = healthStateBuffer();
    writeHealth(buffer, healthy);
    expect(readHealth(buffer)).toEqual(healthy);
    writeHealth(buffer, { draining: true });
    expect(readHealth(buffer)).toEqual({ ...healthy, draining: true });
  });
});
